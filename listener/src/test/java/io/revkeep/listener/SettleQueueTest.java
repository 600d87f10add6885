package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SettleQueueTest {
  private static final long MS = 1_000_000;

  @Test
  void a_key_is_due_after_a_quiet_settle_time() {
    SettleQueue<String> q = new SettleQueue<>(250 * MS, 5_000 * MS);
    q.touch("a", 0);
    assertThat(q.drainDue(249 * MS)).isEmpty();
    assertThat(q.nextDeadline()).isEqualTo(250 * MS);
    assertThat(q.drainDue(250 * MS)).containsExactly("a");
    assertThat(q.size()).isZero();
    assertThat(q.nextDeadline()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void each_touch_restarts_the_quiet_time_and_the_key_is_due_once() {
    SettleQueue<String> q = new SettleQueue<>(250 * MS, 5_000 * MS);
    q.touch("a", 0);
    q.touch("a", 200 * MS);
    q.touch("a", 400 * MS);
    assertThat(q.drainDue(500 * MS)).isEmpty();
    assertThat(q.drainDue(650 * MS)).containsExactly("a");
    assertThat(q.drainDue(10_000 * MS)).isEmpty();
  }

  @Test
  void a_key_touched_without_pause_is_due_after_the_maximum_delay() {
    SettleQueue<String> q = new SettleQueue<>(250 * MS, 1_000 * MS);
    long t = 0;
    for (; t < 1_000 * MS; t += 100 * MS) {
      q.touch("busy", t);
      assertThat(q.drainDue(t)).isEmpty();
    }
    assertThat(q.drainDue(t)).containsExactly("busy");
  }

  @Test
  void keys_come_out_in_deadline_order() {
    SettleQueue<String> q = new SettleQueue<>(100 * MS, 5_000 * MS);
    q.touch("b", 10 * MS);
    q.touch("a", 0);
    q.touch("c", 20 * MS);
    q.touch("a", 30 * MS);
    assertThat(q.drainDue(1_000 * MS)).containsExactly("b", "c", "a");
  }

  @Test
  void removed_and_cleared_keys_are_never_due() {
    SettleQueue<String> q = new SettleQueue<>(100 * MS, 5_000 * MS);
    q.touch("a", 0);
    q.touch("b", 0);
    q.remove("a");
    assertThat(q.contains("a")).isFalse();
    assertThat(q.drainDue(200 * MS)).containsExactly("b");
    q.touch("c", 0);
    q.clear();
    assertThat(q.drainDue(200 * MS)).isEmpty();
  }

  @Test
  void a_hundred_thousand_touches_of_one_key_keep_it_pending_once() {
    SettleQueue<Integer> q = new SettleQueue<>(100 * MS, Long.MAX_VALUE / 4);
    for (int i = 0; i < 100_000; i++) {
      q.touch(1, i);
      q.touch(i % 10, i);
    }
    assertThat(q.size()).isEqualTo(10);
    assertThat(q.drainDue(Long.MAX_VALUE / 8)).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void the_quiet_time_counts_from_when_the_change_was_seen_not_when_it_was_handed_over() {
    SettleQueue<String> q = new SettleQueue<>(250 * MS, 5_000 * MS);
    q.touch("a", 100 * MS); // seen at 100 ms by the watch thread, applied later by the settler
    assertThat(q.nextDeadline()).isEqualTo(350 * MS);
    assertThat(q.drainDue(350 * MS - 1)).isEmpty();
    assertThat(q.drainDue(350 * MS)).containsExactly("a");
  }

  @Test
  void an_older_touch_arriving_late_never_brings_the_deadline_forward() {
    SettleQueue<String> q = new SettleQueue<>(250 * MS, 5_000 * MS);
    q.touch("a", 300 * MS);
    q.touch("a", 200 * MS); // handed over by another thread after the newer one
    assertThat(q.nextDeadline()).isEqualTo(550 * MS);
    assertThat(q.drainDue(549 * MS)).isEmpty();
    assertThat(q.drainDue(550 * MS)).containsExactly("a");
  }

  @Test
  void an_older_touch_arriving_late_still_counts_for_the_maximum_delay() {
    SettleQueue<String> q = new SettleQueue<>(250 * MS, 1_000 * MS);
    q.touch("a", 500 * MS);
    q.touch("a", 0); // the first change, seen before the one applied first
    q.touch("a", 900 * MS);
    assertThat(q.nextDeadline()).isEqualTo(1_000 * MS); // 0 + maximum delay, not 900 + settle
    assertThat(q.drainDue(1_000 * MS)).containsExactly("a");
  }
}
