package io.revkeep.bench;

import io.revkeep.core.model.Change;
import io.revkeep.core.store.FolderContents;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.store.DefaultListings;
import io.revkeep.core.store.Store;
import io.revkeep.store.couchbase.CouchbaseMockServer;
import io.revkeep.store.couchbase.CouchbaseStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * "Listing is O(children)" (issue 17): {@link FolderContents#contents} of the root of a tree of
 * about 100,000 files with 20 entries at the root (10 files, 10 folders of 100 sub-folders of
 * 100 files), against the same call on a folder of 20 files in that tree. Both stores, through
 * the same {@code Store} interface: a real SQLite file, and a CouchbaseStore on CouchbaseMock in
 * this JVM (as {@link AsOfBench}); and each store's answer from {@link FolderContents}'s defaults
 * too (the whole subtree and event log read: what every store did before its sums), through a
 * proxy that hands every other call to the store.
 */
final class ListingBench {
  static final int ROOT_FILES = 10;
  static final int TOP_FOLDERS = 10;
  static final int SUB_FOLDERS = 100;
  static final int LEAF_FILES = 100;
  static final int SMALL_FILES = 20;
  /** The folder of {@value #SMALL_FILES} files (in the tree). */
  static final String SMALL = "d0/small";
  static final int FILES = ROOT_FILES + TOP_FOLDERS * SUB_FOLDERS * LEAF_FILES + SMALL_FILES;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  /**
   * One store's figures, ms per call.
   *
   * @param how "sums" (the store's own contents) or "defaults" (FolderContents's)
   */
  record Result(String store, String how, double setupSeconds, List<Double> rootMs,
      List<Double> smallMs) {}

  private ListingBench() {}

  /**
   * SQLite: its sums and the defaults, through the store and through the web's
   * {@code GET /api/files} ({@link ListingOverHttp}).
   */
  static List<Result> sqlite(Path dir, int reps) throws IOException, InterruptedException {
    try (SqliteStore store = SqliteStore.open(dir.resolve("listing.db"))) {
      double setup = seed(store);
      Store reference = defaults(store);
      List<Result> out = new ArrayList<>();
      out.add(measure("sqlite", "sums", store, setup, reps));
      out.add(measure("sqlite", "defaults", reference, setup, Math.min(reps, 5)));
      out.add(measureAt("sqlite", "sums, at T (contentsAt)", store, setup, reps));
      out.add(measureAt("sqlite", "defaults, at T (contentsAt)", reference, setup,
          Math.min(reps, 5)));
      ListingOverHttp.Times web = ListingOverHttp.measure(store, dir.resolve("web"), reps);
      out.add(new Result("sqlite", "sums, GET /api/files by curl", setup, web.rootMs(),
          web.smallMs()));
      web = ListingOverHttp.measure(reference, dir.resolve("web-defaults"), Math.min(reps, 5));
      out.add(new Result("sqlite", "defaults, GET /api/files by curl", setup, web.rootMs(),
          web.smallMs()));
      return out;
    }
  }

  static List<Result> couchbase(int reps) {
    try (CouchbaseMockServer mock = CouchbaseMockServer.start();
        CouchbaseStore store = CouchbaseStore.open(mock.settings())) {
      double setup = seed(store);
      String name = "couchbase (CouchbaseMock)";
      return List.of(measure(name, "own answer", store, setup, reps),
          measure(name, "defaults", defaults(store), setup, Math.min(reps, 3)));
    }
  }

  /** Records the tree with recordAll in batches of 500; returns the seconds it took. */
  private static double seed(Store store) {
    long t0 = System.nanoTime();
    List<Change> batch = new ArrayList<>(500);
    int n = 0;
    List<String> paths = new ArrayList<>(FILES);
    for (int i = 0; i < ROOT_FILES; i++) {
      paths.add("r" + i + ".txt");
    }
    for (int i = 0; i < SMALL_FILES; i++) {
      paths.add(SMALL + "/f" + i + ".txt");
    }
    for (int d = 0; d < TOP_FOLDERS; d++) {
      for (int s = 0; s < SUB_FOLDERS; s++) {
        for (int f = 0; f < LEAF_FILES; f++) {
          paths.add("d" + d + "/s" + s + "/f" + f + ".txt");
        }
      }
    }
    for (String path : paths) {
      batch.add(Change.content(path, String.format("%064x", n), 10 + n % 100, n,
          T0.plusMillis(n), "bench", "bench:/tree"));
      n++;
      if (batch.size() == 500) {
        store.recordAll(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      store.recordAll(batch);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static Result measure(String name, String how, Store store, double setup, int reps) {
    check(name, store.contents("", false), ROOT_FILES, TOP_FOLDERS);
    check(name, store.contents(SMALL, false), SMALL_FILES, 0);
    store.contents("", false); // one more warm-up of each
    store.contents(SMALL, false);
    List<Double> root = new ArrayList<>();
    List<Double> small = new ArrayList<>();
    for (int r = 0; r < reps; r++) { // interleaved, so that both see the same machine
      root.add(timed(() -> store.contents("", false)));
      small.add(timed(() -> store.contents(SMALL, false)));
    }
    return new Result(name, how, setup, root, small);
  }

  /**
   * The same as it was at T, halfway through the seeding ({@link FolderContents#contentsAt}):
   * the root then holds its 10 files and 10 folders, the small folder its 20 files.
   */
  private static Result measureAt(String name, String how, Store store, double setup,
      int reps) {
    Instant at = T0.plusMillis(FILES / 2);
    for (int i = 0; i < 2; i++) { // warm-ups
      store.contentsAt("", at);
      store.contentsAt(SMALL, at);
    }
    FolderContents.ContentsThen root = store.contentsAt("", at);
    FolderContents.ContentsThen small = store.contentsAt(SMALL, at);
    if (root.files().size() != ROOT_FILES || root.folders().size() != TOP_FOLDERS / 2
        || small.files().size() != SMALL_FILES) {
      throw new IllegalStateException(name + ": at T listed " + root.files().size() + " files, "
          + root.folders().size() + " folders at the root, " + small.files().size()
          + " in " + SMALL);
    }
    List<Double> rootMs = new ArrayList<>();
    List<Double> smallMs = new ArrayList<>();
    for (int r = 0; r < reps; r++) {
      rootMs.add(timed(() -> store.contentsAt("", at)));
      smallMs.add(timed(() -> store.contentsAt(SMALL, at)));
    }
    return new Result(name, how, setup, rootMs, smallMs);
  }

  private static double timed(Runnable call) {
    long a = System.nanoTime();
    call.run();
    return (System.nanoTime() - a) / 1e6;
  }

  private static void check(String name, FolderContents.Contents got, int files, int folders) {
    if (got.files().size() != files || got.folders().size() != folders) {
      throw new IllegalStateException(name + ": listed " + got.files().size() + " files and "
          + got.folders().size() + " folders, not " + files + " and " + folders);
    }
  }

  /** The store, but contents() and contentsAt() are FolderContents's defaults. */
  private static Store defaults(Store store) {
    return DefaultListings.of(store);
  }
}
