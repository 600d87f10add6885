package io.revkeep.bench;

import io.revkeep.backup.BackupDaemon;
import io.revkeep.backup.BackupSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Change → event and change → durable backup copy: one small new file at a time, written into a
 * folder watched both by a listener (its feed read by a {@link FeedSubscriber}, and followed by a
 * real {@link BackupDaemon} in vault mode, as {@code revkeep up} runs them) and by
 * {@code inotifywait}. The clock starts just before the write; each observer stops it when the
 * file's line arrives; the backup's when its durable seq reaches the event's seq (polled every
 * {@link #BACKUP_POLL_NANOS} ns). The next write waits for all three, so every latency is
 * measured alone. Then, after one settle time of quiet, the disk's floor under any of it: a
 * durable write of the same bytes alone ({@link DurableFloor}).
 */
final class LatencyBench {
  /** Writes before the measured ones (JIT, SQLite page cache, first vault folders). */
  static final int WARMUP = 10;
  /** How long to wait for one event before counting it as missed. */
  static final long TIMEOUT_MS = 20_000;

  /**
   * One repetition's latencies in milliseconds; ours already has the settle time taken off.
   * {@code beforeChange} and {@code afterChange} split ours at the event's own {@code time}
   * stamp (taken by the listener after the read, before the vault commit and the store
   * transaction; the store keeps milliseconds, so each part is ±1 ms): write → that stamp,
   * minus settle; that stamp → arrival on the subscriber. {@code floor}: the disk's own cost of
   * a durable small write after the same idle ({@link DurableFloor}), one per measured write.
   */
  record Run(double[] oursMinusSettle, double[] peer, int missedOurs, int missedPeer,
      double[] beforeChange, double[] afterChange, double[] backupMinusSettle, int missedBackup,
      double[] floor) {}

  /** How often the backup's durable seq is polled while a write's copy is awaited. */
  static final long BACKUP_POLL_NANOS = 50_000;

  private LatencyBench() {}

  /** {@code withPeer}: false when inotifywait is not installed (the peer's figures are empty). */
  static Run run(Path dir, Duration settle, int writes, boolean withPeer) throws IOException,
      InterruptedException {
    Path shared = dir.resolve("shared");
    double settleMs = settle.toNanos() / 1e6;
    double[] ours = new double[writes];
    double[] peer = new double[writes];
    int missedOurs = 0;
    int missedPeer = 0;
    double[] before = new double[writes];
    double[] after = new double[writes];
    double[] backupLatency = new double[writes];
    double[] floor = new double[writes];
    int missedBackup = 0;
    int o = 0;
    int p = 0;
    int b = 0;
    try (BenchListener listener = new BenchListener(shared, dir.resolve("data"), settle);
        BackupDaemon backup = BackupDaemon.start(BackupSettings.of(dir.resolve("backup"),
            ".rev", BackupSettings.Source.VAULT, "127.0.0.1", listener.feedPort(),
            BenchListener.TOKEN, dir.resolve("data")), listener.store, listener.vault, null);
        FeedSubscriber feed = new FeedSubscriber(listener.feedPort(), BenchListener.TOKEN);
        InotifyPeer inotify = withPeer ? new InotifyPeer(shared) : null;
        DurableFloor durable = new DurableFloor(dir.resolve("floor"))) {
      for (int i = -WARMUP; i < writes; i++) {
        String name = String.format("w%s%05d.txt", i < 0 ? "arm" : "", Math.abs(i));
        byte[] content = ("change " + i + " at " + System.nanoTime() + "\n")
            .getBytes(StandardCharsets.UTF_8);
        // t0 before the write: inotify reports close_write before Files.write has returned
        long t0 = System.nanoTime();
        Files.write(shared.resolve(name), content, StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE);
        long tp = inotify == null ? 0 : inotify.arrivals.await(name, TIMEOUT_MS);
        long to = feed.arrivals.await(name, TIMEOUT_MS + settle.toMillis());
        if (feed.ended()) {
          throw new IOException("the feed closed the subscriber's connection (see the bench log)");
        }
        long tb = -1;
        Long seq = feed.eventSeqs.get(name);
        if (seq != null) {
          long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
          while (backup.durableSeq() < seq && System.nanoTime() < deadline) {
            LockSupport.parkNanos(BACKUP_POLL_NANOS);
          }
          tb = backup.durableSeq() >= seq ? System.nanoTime() : -1;
        }
        // the floor after the same quiet spell as the listener's commit had (its settle time)
        LockSupport.parkNanos(settle.toNanos());
        long floorNanos = durable.write(content);
        if (i < 0) {
          continue;
        }
        floor[i] = Stats.millis(floorNanos);
        if (to < 0) {
          missedOurs++;
        } else {
          Long stamp = feed.eventTimes.get(name);
          if (stamp != null) {
            double mid = stamp + 0.5; // the stamp is truncated to the millisecond
            before[o] = mid - Stats.wallMillis(t0) - settleMs;
            after[o] = Stats.wallMillis(to) - mid;
          }
          ours[o++] = Stats.millis(to - t0) - settleMs;
        }
        if (tb < 0) {
          missedBackup++;
        } else {
          backupLatency[b++] = Stats.millis(tb - t0) - settleMs;
        }
        if (inotify == null) {
          continue;
        } else if (tp < 0) {
          missedPeer++;
        } else {
          peer[p++] = Stats.millis(tp - t0);
        }
      }
    }
    return new Run(java.util.Arrays.copyOf(ours, o), java.util.Arrays.copyOf(peer, p),
        missedOurs, missedPeer, java.util.Arrays.copyOf(before, o),
        java.util.Arrays.copyOf(after, o), java.util.Arrays.copyOf(backupLatency, b),
        missedBackup, floor);
  }
}
