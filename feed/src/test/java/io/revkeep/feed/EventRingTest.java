package io.revkeep.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.feed.EventRing.AppendResult;
import io.revkeep.feed.EventRing.Entry;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRingTest {

  private static Entry entry(long seq) {
    return new Entry(MemoryEventLog.event(seq), new byte[0]);
  }

  private static List<Long> seqs(List<Entry> entries) {
    return entries.stream().map(e -> e.event().seq()).toList();
  }

  @Test
  void an_empty_ring_vouches_only_for_what_follows_its_start() {
    EventRing ring = new EventRing(4, 10);
    assertThat(ring.after(10, 100)).isEmpty();
    assertThat(ring.after(12, 100)).isEmpty();
    assertThat(ring.after(9, 100)).isNull();
  }

  @Test
  void after_returns_the_held_events_in_order_and_null_for_evicted_ones() {
    EventRing ring = new EventRing(4, 0);
    for (long s = 1; s <= 6; s++) {
      assertThat(ring.append(entry(s))).isEqualTo(AppendResult.APPENDED);
    }
    assertThat(seqs(ring.after(2, 100))).containsExactly(3L, 4L, 5L, 6L);
    assertThat(seqs(ring.after(3, 2))).containsExactly(4L, 5L);
    assertThat(seqs(ring.after(5, 100))).containsExactly(6L);
    assertThat(ring.after(6, 100)).isEmpty();
    assertThat(ring.after(1, 100)).isNull();
  }

  @Test
  void a_duplicate_is_refused_and_a_gap_restarts_the_ring() {
    EventRing ring = new EventRing(4, 0);
    ring.append(entry(1));
    ring.append(entry(2));
    assertThat(ring.append(entry(2))).isEqualTo(AppendResult.DUPLICATE);
    assertThat(ring.append(entry(5))).isEqualTo(AppendResult.GAP);
    assertThat(ring.after(2, 10)).isNull();
    assertThat(seqs(ring.after(4, 10))).containsExactly(5L);
    assertThat(ring.last()).isEqualTo(5);
  }
}
