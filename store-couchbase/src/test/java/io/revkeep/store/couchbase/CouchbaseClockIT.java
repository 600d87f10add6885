package io.revkeep.store.couchbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.VersionRecord;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dead-writer settling judged by the injected clock: two stores (two processes) share a fake
 * clock with the production staleAfter of 30 s, and the tests move it instead of waiting.
 */
class CouchbaseClockIT {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration STALE = CouchbaseStore.Tuning.DEFAULT.staleAfter();
  private static TestCluster cluster;

  private final FakeClock clock = new FakeClock(T0);
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
  void twoProcessesOneClock() {
    dying = cluster.newStore(CouchbaseStore.Tuning.DEFAULT, clock);
    String ns = dying.toString().replaceAll(".*couchbase test (\\S+)\\]$", "$1");
    other = cluster.storeIn(ns, CouchbaseStore.Tuning.DEFAULT, clock);
  }

  @AfterEach
  void close() {
    dying.close();
    other.close();
  }

  private static Change put(String path, String hash, long second) {
    return Change.content(path, hash, 1, second * 1000, T0.plusSeconds(second), "alice",
        "host:/srv");
  }

  private void dieAfterNotingSeq() {
    dying.crashAt(step -> {
      if (step.equals("seq-noted")) {
        throw new Crash.CrashedForTest(step);
      }
    });
  }

  @Test
  void a_reader_commits_a_dead_writers_change_the_moment_the_clock_passes_staleAfter() {
    other.record(put("c.txt", "a".repeat(64), 1)).orElseThrow();
    dieAfterNotingSeq();
    assertThatThrownBy(() -> dying.record(put("c.txt", "b".repeat(64), 2)))
        .isInstanceOf(Crash.CrashedForTest.class);

    clock.advance(STALE.minusMillis(1)); // the writer may still be alive
    assertThat(other.file("c.txt").orElseThrow().version()).isEqualTo(1);
    assertThat(other.lastSeq()).isEqualTo(1);

    clock.advance(Duration.ofMillis(1)); // now it looks dead: the reader settles its op
    assertThat(other.file("c.txt").orElseThrow().hash()).isEqualTo("b".repeat(64));
    assertThat(other.eventsAfter(0, 10)).extracting(Event::seq, Event::version)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 1),
            org.assertj.core.groups.Tuple.tuple(2L, 2));
    assertThat(other.filesAt("", T0.plusSeconds(2))).extracting(VersionRecord::version)
        .containsExactly(2); // step 5 ran too: the timeline has the version
  }

  @Test
  void the_next_writer_settles_a_dead_writers_op_without_waiting_once_the_clock_moved() {
    other.record(put("w.txt", "a".repeat(64), 1)).orElseThrow();
    dieAfterNotingSeq();
    assertThatThrownBy(() -> dying.record(put("w.txt", "b".repeat(64), 2)))
        .isInstanceOf(Crash.CrashedForTest.class);

    clock.advance(STALE);
    Event next = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> other.record(put("w.txt", "c".repeat(64), 3)).orElseThrow());

    assertThat(next.version()).isEqualTo(3);
    assertThat(next.seq()).isEqualTo(3);
    assertThat(other.history("w.txt")).extracting(VersionRecord::hash)
        .containsExactly("a".repeat(64), "b".repeat(64), "c".repeat(64));
  }
}
