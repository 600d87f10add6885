package io.revkeep.bench;

import io.revkeep.backup.BackupDaemon;
import io.revkeep.backup.BackupSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The burst again, with a real backup daemon in vault mode beside the listener (as
 * {@code revkeep up} runs it): from the first write until the backup's durable seq covers every
 * file, i.e. every backup copy is written, fsynced and renamed into place.
 */
final class BackupBench {
  /** One repetition: total until every copy is durable, and until the store had every version. */
  record Ours(double seconds, double writeSeconds, double recordedSeconds, long durable,
      long copiesWritten) {}

  private BackupBench() {}

  static Ours run(BurstBench burst, Path dir, Duration settle) throws IOException,
      InterruptedException {
    Shell.sync();
    int n = burst.files();
    try (BenchListener listener = new BenchListener(dir.resolve("shared"), dir.resolve("data"),
        settle);
        BackupDaemon backup = BackupDaemon.start(BackupSettings.of(dir.resolve("backup"),
            ".rev", BackupSettings.Source.VAULT, "127.0.0.1", listener.feedPort(),
            BenchListener.TOKEN, dir.resolve("data")), listener.store, listener.vault, null)) {
      long base = listener.store.lastSeq();
      long waitConnected = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!backup.connected() && System.nanoTime() < waitConnected) {
        Thread.sleep(BurstBench.POLL_MS);
      }
      long t0 = System.nanoTime();
      burst.writeAll(listener.shared);
      long tw = System.nanoTime();
      long recorded = -1;
      long durable = backup.durableSeq();
      long deadline = t0 + Duration.ofMillis(BurstBench.TIMEOUT_MS).toNanos();
      while (durable - base < n && System.nanoTime() < deadline) {
        Thread.sleep(BurstBench.POLL_MS);
        if (recorded < 0 && listener.store.lastSeq() - base >= n) {
          recorded = System.nanoTime();
        }
        durable = backup.durableSeq();
      }
      long tDone = System.nanoTime();
      if (recorded < 0) {
        recorded = tDone;
      }
      if (durable - base < n) {
        System.out.printf("    backup made only %d of %d copies durable in %d s%n",
            durable - base, n, BurstBench.TIMEOUT_MS / 1000);
      }
      return new Ours((tDone - t0) / 1e9, (tw - t0) / 1e9, (recorded - t0) / 1e9, durable - base,
          backup.copiesWritten());
    }
  }
}
