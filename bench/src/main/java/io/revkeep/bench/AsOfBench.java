package io.revkeep.bench;

import io.revkeep.core.model.Change;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.store.Store;
import io.revkeep.store.couchbase.CouchbaseMockServer;
import io.revkeep.store.couchbase.CouchbaseStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * "This folder as it was at T" (issue 10): {@link Store#filesAt} over a folder of 10,000 files
 * in 100 subfolders, each with three versions recorded at known instants, asked for an instant
 * between the second and the third round (so every answer is a version that is no longer the
 * newest). Both stores, through the same {@code Store} interface: a real SQLite file, and a
 * CouchbaseStore on CouchbaseMock in this JVM (loopback; the mock is a single-threaded Java
 * server, so its figure is an upper bound for a real cluster's round trips, not a forecast).
 */
final class AsOfBench {
  static final int FILES = 10_000;
  static final int FOLDERS = 100;
  static final int ROUNDS = 3;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /** One store's figures: recording the setup, then each timed "as of" query (ms). */
  record Result(String store, double setupSeconds, List<Double> queryMs, int listed) {}

  private AsOfBench() {}

  static Result sqlite(Path dir, int reps) {
    try (SqliteStore store = SqliteStore.open(dir.resolve("asof.db"))) {
      return measure("sqlite", store, reps);
    }
  }

  static Result couchbase(int reps) {
    try (CouchbaseMockServer mock = CouchbaseMockServer.start();
        CouchbaseStore store = CouchbaseStore.open(mock.settings())) {
      return measure("couchbase (CouchbaseMock)", store, reps);
    }
  }

  private static Result measure(String name, Store store, int reps) {
    long t0 = System.nanoTime();
    for (int round = 0; round < ROUNDS; round++) {
      List<Change> batch = new ArrayList<>(500);
      for (int i = 0; i < FILES; i++) {
        String hash = String.format("%064x", (long) round * 1_000_000 + i);
        batch.add(Change.content("big/d" + (i % FOLDERS) + "/f" + i + ".txt", hash, 10, round,
            T0.plusSeconds(round * 1000L + i / 100), "bench", "bench:/big"));
        if (batch.size() == 500) {
          store.recordAll(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        store.recordAll(batch);
      }
    }
    double setup = (System.nanoTime() - t0) / 1e9;
    Instant at = T0.plusSeconds(1500); // after round 2 (1000 s + 100 s), before round 3
    List<Double> ms = new ArrayList<>();
    int listed = 0;
    store.filesAt("big", at); // warm-up
    for (int r = 0; r < reps; r++) {
      long a = System.nanoTime();
      listed = store.filesAt("big", at).size();
      ms.add((System.nanoTime() - a) / 1e6);
    }
    if (listed != FILES) {
      throw new IllegalStateException(name + ": filesAt listed " + listed + " files, not "
          + FILES);
    }
    return new Result(name, setup, ms, listed);
  }
}
