package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.model.Event;
import io.revkeep.core.store.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what systemd sends) to {@code revkeep up} in the middle of a burst of new files,
 * then a restart: every file has exactly one version, the event log has no gap and no
 * duplicate, and the backup has exactly one correct copy of each.
 */
class ShutdownIT {
  /** At most this many files; the burst goes on until some time after the SIGTERM. */
  private static final int MAX_FILES = 5_000;
  /** Files written after the old process has exited (recorded by the restart's reconcile). */
  private static final int AFTER_STOP = 100;
  /** The burst's pace: one file per this many nanoseconds, so SIGTERM lands inside it. */
  private static final long PACE_NANOS = 1_000_000;

  @TempDir Path dir;

  @Test
  void sigterm_during_a_burst_then_a_restart_loses_nothing_and_doubles_nothing()
      throws Exception {
    try (RunningRevkeep revkeep = RunningRevkeep.start(dir)) {
      Path db = dir.resolve("data/revkeep.db");
      for (int d = 0; d < 6; d++) {
        Files.createDirectories(revkeep.shared.resolve("d" + d));
      }
      AtomicInteger written = new AtomicInteger();
      AtomicInteger writtenAtStop = new AtomicInteger(-1);
      AtomicInteger stopAt = new AtomicInteger(MAX_FILES);
      Thread burst = new Thread(() -> {
        try {
          for (int i = 0; i < stopAt.get(); i++) {
            Files.writeString(revkeep.shared.resolve("d" + (i % 6)).resolve("f" + i + ".txt"),
                "content of file " + i + "\n");
            written.incrementAndGet();
            java.util.concurrent.locks.LockSupport.parkNanos(PACE_NANOS); // a rate, not a wait
          }
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, "burst");
      burst.start();
      // mid-burst: some recorded, more still coming
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
          .until(() -> BackupSetup.lastSeq(db) >= 100);
      long stopT0 = System.nanoTime();
      int writtenAtSigterm = written.get();
      revkeep.stopUp(); // Process.destroy(): SIGTERM, and waits for the exit
      long stopMillis = (System.nanoTime() - stopT0) / 1_000_000;
      writtenAtStop.set(written.get());
      stopAt.set(Math.min(MAX_FILES, writtenAtStop.get() + AFTER_STOP));
      burst.join();
      int files = written.get();
      assertThat(files).as("the burst went on after the SIGTERM").isGreaterThan(writtenAtSigterm);
      long recordedBeforeStop = BackupSetup.lastSeq(db);
      assertThat(recordedBeforeStop).as("some, not all, recorded before the stop")
          .isLessThan(files);
      assertThat(stopMillis).as("a clean stop well within TimeoutStopSec=60").isLessThan(30_000);
      String log = Files.readString(dir.resolve("up.out"));
      assertThat(log).doesNotContain("Exception in thread");

      revkeep.startUp();
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
          .until(() -> BackupSetup.lastSeq(db) >= files
              && BackupSetup.cursor(dir.resolve("backup")) >= files);

      try (SqliteStore store = SqliteStore.open(db)) {
        List<Event> events = store.eventsAfter(0, Integer.MAX_VALUE);
        assertThat(events).extracting(Event::seq).containsExactlyElementsOf(
            LongStream.rangeClosed(1, files).boxed().toList());
        Map<String, Integer> perFile = new TreeMap<>();
        for (Event e : events) {
          perFile.merge(e.name(), 1, Integer::sum);
        }
        assertThat(perFile).hasSize(files);
        assertThat(perFile.values()).allMatch(n -> n == 1);
        for (int i = 0; i < files; i++) {
          String path = "d" + (i % 6) + "/f" + i + ".txt";
          assertThat(store.history(path)).as(path).hasSize(1);
        }
      }
      // the backup: exactly one copy per version, each with the version's bytes
      await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
          assertThat(BackupSetup.tree(dir.resolve("backup"))).isEqualTo(BackupSetup.expected(db)));
      assertThat(BackupSetup.expected(db)).hasSize(files);
    }
  }
}
