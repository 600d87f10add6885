package io.revkeep.store.couchbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.revkeep.core.Sha256;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A writer that dies (the Crash hook throws) or stalls at each step of record(), and what
 * readers and the next writer — here a second store on the same keys, as another process —
 * see. staleAfter and holeAfter are 300 ms here, except where two stores share a fake clock
 * with the production staleAfter and a test moves it instead of waiting.
 */
class CouchbaseRecoveryIT {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final Duration STALE = CouchbaseStore.Tuning.DEFAULT.staleAfter();
  private static TestCluster cluster;

  private CouchbaseStore dying;
  private CouchbaseStore other;

  @BeforeAll
  static void startMock() {
    cluster = TestCluster.mock();
  }

  @AfterAll
  static void stopMock() {
    cluster.close();
  }

  @BeforeEach
  void twoProcesses() {
    twoProcesses(TestCluster.FAST, Clock.systemUTC());
  }

  private void twoProcesses(CouchbaseStore.Tuning tuning, Clock clock) {
    dying = cluster.newStore(tuning, clock);
    String ns = dying.toString().replaceAll(".*couchbase test (\\S+)\\]$", "$1");
    other = cluster.storeIn(ns, tuning, clock);
  }

  @AfterEach
  void close() {
    dying.close();
    other.close();
  }

  private static Change put(String path, String content, long second) {
    return Change.content(path, sha256(content), content.length(), second * 1000,
        T0.plusSeconds(second), "alice", "host:/srv");
  }

  private static String sha256(String s) {
    return Sha256.of(s.getBytes(StandardCharsets.UTF_8));
  }

  private void dieAt(String step) {
    dying.crashAt(s -> {
      if (s.equals(step)) {
        throw new Crash.CrashedForTest(s);
      }
    });
  }

  /** Replaces the two stores by two on the production tuning that judge age by clock. */
  private void twoProcessesOn(FakeClock clock) {
    close();
    twoProcesses(CouchbaseStore.Tuning.DEFAULT, clock);
  }

  /** path is at version 1 (content "one"); a writer of version 2 died after noting its seq. */
  private void deadAfterNotingSeq(String path) {
    other.record(put(path, "one", 1)).orElseThrow();
    dieAt("seq-noted");
    assertThatThrownBy(() -> dying.record(put(path, "two", 2)))
        .isInstanceOf(Crash.CrashedForTest.class);
  }

  @Test
  void a_writer_dead_before_its_seq_blocks_nobody_and_leaves_no_trace() {
    other.record(put("a.txt", "one", 1)).orElseThrow();
    dieAt("version");

    assertThatThrownBy(() -> dying.record(put("a.txt", "two", 2)))
        .isInstanceOf(Crash.CrashedForTest.class);

    assertThat(other.file("a.txt").orElseThrow().version()).isEqualTo(1);
    Event next = other.record(put("a.txt", "three", 3)).orElseThrow(); // waits 300 ms, settles
    assertThat(next.version()).isEqualTo(2);
    assertThat(next.seq()).isEqualTo(2);
    assertThat(other.history("a.txt")).extracting(VersionRecord::hash)
        .containsExactly(sha256("one"), sha256("three"));
    assertThat(other.eventsAfter(0, 10)).extracting(Event::seq).containsExactly(1L, 2L);
  }

  @Test
  void a_rename_onto_a_tombstone_whose_writer_died_leaves_the_tombstone_detached_and_no_rename() {
    other.record(put("a.txt", "gone", 1)).orElseThrow();
    other.record(Change.delete("a.txt", T0.plusSeconds(2), "alice", "host:/srv")).orElseThrow();
    other.record(put("b.txt", "moving", 3)).orElseThrow();
    dieAt("pending"); // the path's pointer is claimed, nothing else is written

    assertThatThrownBy(() -> dying.record(Change.rename("b.txt", "a.txt", sha256("moving"), 6,
        4000, T0.plusSeconds(4), "alice", "host:/srv"))).isInstanceOf(Crash.CrashedForTest.class);

    // once the op is settled (dropped: it has no seq), b.txt is where it was, unmoved, and the
    // tombstone is at no path any more but keeps its history where retention reads it
    await().atMost(PATIENCE).until(() -> other.file("b.txt").map(f -> f.version() == 1)
        .orElse(false) && other.record(put("b.txt", "moving", 5)).isEmpty());
    assertThat(other.file("a.txt")).isEmpty();
    assertThat(other.lastSeq()).isEqualTo(3);
    assertThat(other.detachedFiles()).singleElement().satisfies(d -> assertThat(d.history())
        .extracting(VersionRecord::action).containsExactly(Action.CREATE, Action.DELETE));
    assertThat(other.filesAtAndNow("", T0.plusSeconds(1))).singleElement()
        .satisfies(f -> assertThat(f.deletedSince()).isTrue());
    Event fresh = other.record(put("a.txt", "new", 6)).orElseThrow();
    assertThat(fresh.action()).isEqualTo(Action.CREATE);
    assertThat(fresh.version()).isEqualTo(1);
  }

  @Test
  void a_seq_whose_writer_died_becomes_a_hole_after_a_bounded_wait_and_the_log_goes_on() {
    dieAt("seq"); // the counter moved, nothing else will ever say so
    assertThatThrownBy(() -> dying.record(put("lost.txt", "x", 1)))
        .isInstanceOf(Crash.CrashedForTest.class);
    Event later = other.record(put("b.txt", "b", 2)).orElseThrow();
    assertThat(later.seq()).isEqualTo(2);

    assertThat(other.eventsAfter(0, 10)).isEmpty(); // seq 1 may still come: wait for it
    await().atMost(PATIENCE).until(() -> !other.eventsAfter(0, 10).isEmpty());

    assertThat(other.eventsAfter(0, 10)).extracting(Event::seq, Event::name)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(2L, "b.txt"));
    assertThat(other.lastSeq()).isEqualTo(2);
    assertThat(dying.eventsAfter(0, 10)).extracting(Event::seq).containsExactly(2L);
    assertThat(other.file("lost.txt")).isEmpty();
    assertThat(other.record(put("lost.txt", "x", 3)).orElseThrow().version()).isEqualTo(1);
  }

  @Test
  void a_writer_dead_after_taking_its_seq_has_its_change_committed_by_the_next_writer() {
    deadAfterNotingSeq("c.txt");

    // Not committed yet: readers see the old record and a log that ends at 1.
    assertThat(other.file("c.txt").orElseThrow().hash()).isEqualTo(sha256("one"));
    assertThat(other.lastSeq()).isEqualTo(1);

    // The next writer waits staleAfter, commits the dead writer's change, then its own.
    Event e = other.record(put("c.txt", "three", 3)).orElseThrow();
    assertThat(e.version()).isEqualTo(3);
    assertThat(e.seq()).isEqualTo(3);
    assertThat(other.history("c.txt")).extracting(VersionRecord::hash)
        .containsExactly(sha256("one"), sha256("two"), sha256("three"));
    assertThat(other.eventsAfter(0, 10)).extracting(Event::seq, Event::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 1),
            org.assertj.core.groups.Tuple.tuple(2L, 2), org.assertj.core.groups.Tuple.tuple(3L, 3));
    assertThat(other.filesAt("", T0.plusSeconds(2))).extracting(VersionRecord::version)
        .containsExactly(2);
  }

  @Test
  void a_reader_meeting_a_dead_writers_file_commits_its_change_too() {
    dieAt("seq-noted");
    assertThatThrownBy(() -> dying.record(put("r.txt", "one", 1)))
        .isInstanceOf(Crash.CrashedForTest.class);
    assertThat(other.file("r.txt")).isEmpty();

    await().atMost(PATIENCE).until(() -> other.file("r.txt").isPresent());
    assertThat(other.eventsAfter(0, 10)).extracting(Event::name).containsExactly("r.txt");
    assertThat(other.files("", true, false)).extracting(FileRecord::path)
        .containsExactly("r.txt");
  }

  @Test
  void a_writer_dead_after_its_event_has_recorded_the_change_and_is_finished_by_others() {
    dieAt("event");
    assertThatThrownBy(() -> dying.record(put("d/e.txt", "one", 1)))
        .isInstanceOf(Crash.CrashedForTest.class);

    // Committed: every reader sees it at once.
    assertThat(other.file("d/e.txt").orElseThrow().version()).isEqualTo(1);
    assertThat(other.history("d/e.txt")).hasSize(1);
    assertThat(other.eventsAfter(0, 10)).extracting(Event::name).containsExactly("d/e.txt");
    assertThat(other.files("d", false, false)).extracting(FileRecord::path)
        .containsExactly("d/e.txt");
    assertThat(other.liveFilesWithHash(sha256("one"))).hasSize(1);

    // Its timeline entry comes when a reader or writer meets the stale op.
    await().atMost(PATIENCE).untilAsserted(() -> {
      other.file("d/e.txt");
      assertThat(other.filesAt("d", T0.plusSeconds(5))).extracting(VersionRecord::path)
          .containsExactly("d/e.txt");
    });
    Event next = other.record(put("d/e.txt", "two", 2)).orElseThrow();
    assertThat(next.version()).isEqualTo(2);
    assertThat(next.seq()).isEqualTo(2);
  }

  @Test
  void a_stalled_writer_whose_seq_was_given_up_takes_the_next_one() throws Exception {
    CountDownLatch stalled = new CountDownLatch(1);
    CountDownLatch resume = new CountDownLatch(1);
    CouchbaseStore slow = cluster.newStore(new CouchbaseStore.Tuning(Duration.ofMinutes(5),
        Duration.ofMillis(300)));
    String ns = slow.toString().replaceAll(".*couchbase test (\\S+)\\]$", "$1");
    try (CouchbaseStore reader = cluster.storeIn(ns, TestCluster.FAST)) {
      slow.crashAt(step -> {
        if (step.equals("seq-noted") && stalled.getCount() > 0) {
          stalled.countDown();
          try {
            resume.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      });
      CompletableFuture<Event> writing =
          CompletableFuture.supplyAsync(() -> slow.record(put("s.txt", "s", 1)).orElseThrow());
      assertThat(stalled.await(10, TimeUnit.SECONDS)).isTrue();

      await().atMost(PATIENCE).until(() -> reader.lastSeq() == 1); // seq 1 is now a hole
      resume.countDown();

      Event e = writing.get(10, TimeUnit.SECONDS);
      assertThat(e.seq()).isEqualTo(2);
      assertThat(e.version()).isEqualTo(1);
      assertThat(reader.eventsAfter(0, 10)).containsExactly(e);
      assertThat(reader.file("s.txt").orElseThrow().version()).isEqualTo(1);
    } finally {
      slow.close();
    }
  }

  @Test
  void a_renamer_dead_after_its_event_still_moved_the_file() {
    other.record(put("old/r.txt", "r", 1)).orElseThrow();
    dieAt("event");
    assertThatThrownBy(() -> dying.record(Change.rename("old/r.txt", "new/r.txt", sha256("r"),
        1, 2000, T0.plusSeconds(2), "carol", "host:/srv")))
        .isInstanceOf(Crash.CrashedForTest.class);

    assertThat(other.file("old/r.txt")).isEmpty();
    assertThat(other.file("new/r.txt").orElseThrow().version()).isEqualTo(2);
    assertThat(other.history("new/r.txt")).extracting(VersionRecord::action)
        .containsExactly(Action.CREATE, Action.RENAME);
    // The old path is free for a new file once the op is settled.
    Event fresh = other.record(put("old/r.txt", "again", 3)).orElseThrow();
    assertThat(fresh.action()).isEqualTo(Action.CREATE);
    assertThat(fresh.version()).isEqualTo(1);
    assertThat(other.files("", true, false)).extracting(FileRecord::path)
        .containsExactly("new/r.txt", "old/r.txt");
    assertThat(other.lastSeq()).isEqualTo(3);
    assertThat(List.of(other.eventsAfter(0, 10).size())).containsExactly(3);
  }

  @Test
  void a_reader_commits_a_dead_writers_change_the_moment_the_clock_passes_staleAfter() {
    FakeClock clock = new FakeClock(T0);
    twoProcessesOn(clock);
    deadAfterNotingSeq("k.txt");

    clock.advance(STALE.minusMillis(1)); // the writer may still be alive
    assertThat(other.file("k.txt").orElseThrow().version()).isEqualTo(1);
    assertThat(other.lastSeq()).isEqualTo(1);

    clock.advance(Duration.ofMillis(1)); // now it looks dead: the reader settles its op
    assertThat(other.file("k.txt").orElseThrow().hash()).isEqualTo(sha256("two"));
    assertThat(other.eventsAfter(0, 10)).extracting(Event::seq, Event::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 1),
            org.assertj.core.groups.Tuple.tuple(2L, 2));
    assertThat(other.filesAt("", T0.plusSeconds(2))).extracting(VersionRecord::version)
        .containsExactly(2); // step 5 ran too: the timeline has the version
  }

  @Test
  void the_next_writer_settles_a_dead_writers_op_without_waiting_once_the_clock_moved() {
    FakeClock clock = new FakeClock(T0);
    twoProcessesOn(clock);
    deadAfterNotingSeq("w.txt");

    clock.advance(STALE);
    Event next = assertTimeoutPreemptively(PATIENCE,
        () -> other.record(put("w.txt", "three", 3)).orElseThrow());

    assertThat(next.version()).isEqualTo(3);
    assertThat(next.seq()).isEqualTo(3);
    assertThat(other.history("w.txt")).extracting(VersionRecord::hash)
        .containsExactly(sha256("one"), sha256("two"), sha256("three"));
  }
}
