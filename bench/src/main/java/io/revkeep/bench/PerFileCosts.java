package io.revkeep.bench;

import io.revkeep.core.model.Change;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * What one new 4 KiB file costs the listener's recording path, step by step, with the same core
 * classes it uses, one file at a time (no watcher, no settle, no feed): the read into SHA-256 and
 * a temporary vault copy, the vault commit (fsync of the copy, rename, fsync of its folder), and
 * one store transaction ({@code synchronous=FULL}, WAL).
 */
final class PerFileCosts {
  /** Median milliseconds per file of each step. */
  record Costs(double capture, double commit, double record, int files) {
    double total() {
      return capture + commit + record;
    }
  }

  private PerFileCosts() {}

  static Costs measure(Path dir, int files) throws IOException, InterruptedException {
    Path src = Files.createDirectories(dir.resolve("src"));
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < files; i++) {
      byte[] b = new byte[BurstBench.FILE_BYTES];
      random.nextBytes(b);
      Files.write(src.resolve("c" + i), b);
    }
    Shell.sync();
    double[] capture = new double[files];
    double[] commit = new double[files];
    double[] record = new double[files];
    Vault vault = new Vault(dir.resolve("data/vault"));
    try (AutoCloseableStore s = new AutoCloseableStore(
        SqliteStore.open(dir.resolve("data/revkeep.db")))) {
      for (int i = 0; i < files; i++) {
        Path f = src.resolve("c" + i);
        long t0 = System.nanoTime();
        try (Vault.Capture c = vault.capture(f)) {
          long t1 = System.nanoTime();
          c.commit();
          long t2 = System.nanoTime();
          s.store.record(Change.content("c" + i, c.hash(), c.size(),
              c.attributes().lastModifiedTime().to(TimeUnit.NANOSECONDS), Instant.now(), "bench",
              "bench:" + f));
          long t3 = System.nanoTime();
          capture[i] = Stats.millis(t1 - t0);
          commit[i] = Stats.millis(t2 - t1);
          record[i] = Stats.millis(t3 - t2);
        }
      }
    }
    return new Costs(Stats.percentile(capture, 50), Stats.percentile(commit, 50),
        Stats.percentile(record, 50), files);
  }

  private record AutoCloseableStore(SqliteStore store) implements AutoCloseable {
    @Override
    public void close() {
      store.close();
    }
  }
}
