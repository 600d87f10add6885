package io.revkeep.store.couchbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.Sha256;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.store.ConflictException;
import io.revkeep.core.store.FolderContents.Contents;
import io.revkeep.core.store.DefaultListings;
import io.revkeep.core.store.Store;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The folder sums of {@link FolderSumDocs} against {@code FolderContents}' reference defaults
 * (which read the whole subtree and the whole event log), where the contract
 * (CouchbaseFolderContentsIT) does not go: two stores on one bucket recording at once from
 * several threads each, a writer that dies after its commit point or half-way through the sums,
 * a bucket written before the sums existed, and how many documents a listing reads.
 */
class CouchbaseFolderSumsIT {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final String[] DIRS = {"", "a", "b", "a/x", "a/x/deep", "b/y", "c/z/w"};
  private static TestCluster cluster;

  @BeforeAll
  static void startMock() {
    cluster = TestCluster.mock();
  }

  @AfterAll
  static void stopMock() {
    cluster.close();
  }

  @Test
  void two_processes_recording_at_once_from_several_threads_keep_every_folders_sums_exact()
      throws Exception {
    CouchbaseStore one = cluster.newStore(CouchbaseStore.Tuning.DEFAULT);
    try (CouchbaseStore two = cluster.storeIn(namespace(one), CouchbaseStore.Tuning.DEFAULT)) {
      ExecutorService pool = Executors.newFixedThreadPool(6);
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        CouchbaseStore store = t % 2 == 0 ? one : two;
        Random random = new Random(1000 + t);
        writers.add(pool.submit(() -> {
          for (int op = 0; op < 40; op++) {
            randomChange(store, random, op);
          }
        }));
      }
      for (Future<?> w : writers) {
        w.get(5, TimeUnit.MINUTES);
      }
      pool.shutdown();
      for (CouchbaseStore store : List.of(one, two)) {
        assertEveryFolderMatchesTheReference(store);
      }
      Instant end = T0.plusSeconds(10_000);
      for (String dir : DIRS) {
        assertThat(two.contentsAt(dir, end)).as("'%s' at the end", dir)
            .isEqualTo(reference(two).contentsAt(dir, end));
      }
    } finally {
      one.close();
    }
  }

  @Test
  void a_writer_dead_after_its_commit_point_leaves_the_sums_to_the_next_reader() {
    CouchbaseStore dying = cluster.newStore(TestCluster.FAST);
    try (CouchbaseStore other = cluster.storeIn(namespace(dying), TestCluster.FAST)) {
      other.record(put("a/x/deep/1.txt", "one", 1)).orElseThrow();
      dieAt(dying, "event");
      assertThatThrownBy(() -> dying.record(put("a/x/deep/2.txt", "twotwo", 2)))
          .isInstanceOf(Crash.CrashedForTest.class);

      Contents a = other.contents("a", false);
      assertThat(a.folders()).singleElement().satisfies(s -> {
        assertThat(s.files()).isEqualTo(2);
        assertThat(s.size()).isEqualTo(9);
        assertThat(s.lastModified()).isEqualTo(T0.plusSeconds(2));
      });
      assertEveryFolderMatchesTheReference(other);
    } finally {
      dying.close();
    }
  }

  @Test
  void a_writer_dead_half_way_through_the_sums_is_finished_by_the_next_writer_or_reader() {
    // at its second folder's CAS (of three: a, a/x, a/x/deep), or at its first folder's new page
    for (String step : List.of("sums-applied", "sums-paged")) {
      CouchbaseStore dying = cluster.newStore(TestCluster.FAST);
      try (CouchbaseStore other = cluster.storeIn(namespace(dying), TestCluster.FAST)) {
        for (int i = 1; i <= FolderSumDocs.PAGE; i++) { // each folder's recent entries full
          other.record(put("a/x/deep/1.txt", "v" + i, i)).orElseThrow();
        }
        int[] seen = {0};
        int dieAt = step.equals("sums-applied") ? 2 : 1;
        dying.crashAt(s -> {
          if (s.equals(step) && ++seen[0] == dieAt) {
            throw new Crash.CrashedForTest(s);
          }
        });
        assertThatThrownBy(() -> dying.record(put("a/x/deep/1.txt", "changed", 100)))
            .as(step).isInstanceOf(Crash.CrashedForTest.class);
        dying.crashAt(Crash.NONE);

        // a writer in the other process brings them right and goes on
        other.record(put("a/x/2.txt", "22", 101)).orElseThrow();
        assertEveryFolderMatchesTheReference(other);
        assertThat(other.contents("", false).folders()).singleElement()
            .satisfies(s -> assertThat(s.size()).as(step).isEqualTo(9));
        // so does the process that died, once restarted; and the sums then agree
        dying.record(put("a/x/deep/1.txt", "again", 102)).orElseThrow();
        assertEveryFolderMatchesTheReference(dying);
        for (long second : new long[] {0, 1, 2, 33, 63, 64, 99, 100, 101, 102}) {
          for (String dir : List.of("", "a", "a/x")) {
            Instant at = T0.plusSeconds(second);
            assertThat(dying.contentsAt(dir, at)).as("%s: '%s' at %s", step, dir, at)
                .isEqualTo(reference(dying).contentsAt(dir, at));
          }
        }
      } finally {
        dying.close();
      }
    }
  }

  @Test
  void a_bucket_recorded_before_the_sums_existed_gets_them_on_the_first_listing() {
    CouchbaseStore store = cluster.newStore(TestCluster.FAST);
    try {
      store.record(put("a/1.txt", "1", 1));
      store.record(put("a/x/2.txt", "22", 2));
      store.record(Change.rename("a/1.txt", "b/1.txt", sha256("1"), 1, 3000, T0.plusSeconds(3),
          "bo", "host:/srv"));
      store.record(Change.delete("a/x/2.txt", T0.plusSeconds(4), "cy", "host:/srv"));
      // as an older revkeep left it: no sums documents, no mark, events without what the
      // sums need (the version before, whether a rename detached a tombstone)
      Kv kv = cluster.kv();
      String ns = namespace(store);
      for (String dir : List.of("a", "a/x", "b")) {
        Kv.Doc d = kv.get(ns + "g=" + dir);
        assertThat(kv.remove(ns + "g=" + dir, d.cas())).isTrue();
      }
      Kv.Doc mark = kv.get(ns + "gmark");
      if (mark != null) {
        assertThat(kv.remove(ns + "gmark", mark.cas())).isTrue();
      }
      for (int seq = 1; seq <= 4; seq++) {
        Kv.Doc e = kv.get(ns + "e:" + seq);
        assertThat(kv.replace(ns + "e:" + seq, e.obj().removeKey(Docs.PREVIOUS)
            .removeKey(Docs.OVER_TOMBSTONE), e.cas())).isNotZero();
      }

      try (CouchbaseStore later = cluster.storeIn(ns, TestCluster.FAST)) {
        assertEveryFolderMatchesTheReference(later);
        assertThat(later.contents("", true).folders()).extracting(s -> s.path() + " "
            + s.files() + (s.deleted() ? " deleted" : "")).containsExactly("a 0 deleted", "b 1");
      }
    } finally {
      store.close();
    }
  }

  @Test
  void a_listing_reads_the_folders_direct_entries_only_however_deep_the_tree_below_it() {
    Kv kv = cluster.kv();
    String ns = "rk-sums-reads-" + System.nanoTime() + "/";
    try (CouchbaseStore store = new CouchbaseStore(kv, ns, "counted " + ns,
        CouchbaseStore.Tuning.DEFAULT, Clock.systemUTC(), () -> {})) {
      for (int i = 0; i < 5; i++) {
        store.record(put("top/f" + i + ".txt", "x" + i, i));
        store.record(put("top/sub" + i + "/g.txt", "y" + i, i));
      }
      addDeepFiles(store, 0, 20);
      store.contents("top", false); // the reading process is up to date
      long small = readsOf(kv, () -> store.contents("top", false));
      Instant then = T0.plusSeconds(50);
      long smallThen = readsOf(kv, () -> store.contentsAt("top", then));

      addDeepFiles(store, 20, 200);
      store.contents("top", false);
      long large = readsOf(kv, () -> store.contents("top", false));
      long largeThen = readsOf(kv, () -> store.contentsAt("top", then));
      long reference = readsOf(kv, () -> reference(store).contents("top", false));

      assertThat(store.contents("top", false)).isEqualTo(reference(store).contents("top", false));
      assertThat(large).as("documents read for 'top' over %d, then %d files beneath", 30, 210)
          .isEqualTo(small).isLessThan(30);
      assertThat(reference).isGreaterThan(200);
      assertThat(store.contentsAt("top", then)).isEqualTo(reference(store).contentsAt("top", then));
      assertThat(largeThen).as("documents read for 'top' at an instant, before and after")
          .isLessThan(30).isLessThanOrEqualTo(smallThen + 2); // a page or two of sub0's sums
    }
  }

  /** Files deep below top/sub0, in ten nested folders. */
  private static void addDeepFiles(CouchbaseStore store, int from, int to) {
    for (int i = from; i < to; i++) {
      StringBuilder dir = new StringBuilder("top/sub0");
      for (int level = 0; level <= i % 10; level++) {
        dir.append("/d").append(level);
      }
      store.record(put(dir + "/h" + i + ".txt", "z" + i, 100 + i));
    }
  }

  private static long readsOf(Kv kv, Runnable listing) {
    long before = kv.reads();
    listing.run();
    return kv.reads() - before;
  }

  /** One random change of a path in DIRS; renames that the other writers made impossible too. */
  private static void randomChange(CouchbaseStore store, Random random, int op) {
    String path = randomPath(random);
    Instant time = T0.plusSeconds(op);
    String user = "u" + random.nextInt(3);
    try {
      switch (random.nextInt(6)) {
        case 0, 1, 2 -> {
          String content = "c".repeat(1 + random.nextInt(9));
          store.record(Change.content(path, sha256(content), content.length(), op, time, user,
              "host:/srv"));
        }
        case 3 -> store.record(Change.delete(path, time, user, "host:/srv"));
        default -> {
          FileRecord from = store.file(path).orElse(null);
          if (from != null && !from.deleted()) {
            store.record(Change.rename(path, randomPath(random), from.hash(), from.size(), op,
                time, user, "host:/srv"));
          }
        }
      }
    } catch (ConflictException e) {
      // another writer took the target or moved the source first: nothing recorded
    }
  }

  private static String randomPath(Random random) {
    String dir = DIRS[random.nextInt(DIRS.length)];
    String name = (1 + random.nextInt(3)) + ".txt";
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  /** contents of every folder that ever held a file, with and without deleted ones. */
  private static void assertEveryFolderMatchesTheReference(CouchbaseStore store) {
    Store reference = reference(store);
    Set<String> dirs = new TreeSet<>(List.of(""));
    for (FileRecord r : store.files("", true, true)) {
      for (int slash = r.path().indexOf('/'); slash > 0;
          slash = r.path().indexOf('/', slash + 1)) {
        dirs.add(r.path().substring(0, slash));
      }
    }
    for (String dir : dirs) {
      for (boolean deleted : new boolean[] {false, true}) {
        assertThat(store.contents(dir, deleted)).as("'%s' with deleted %s", dir, deleted)
            .isEqualTo(reference.contents(dir, deleted));
      }
    }
  }

  /** The store with FolderContents' reference defaults in place of its own contents. */
  static Store reference(CouchbaseStore store) {
    return DefaultListings.of(store);
  }

  private static void dieAt(CouchbaseStore store, String step) {
    store.crashAt(s -> {
      if (s.equals(step)) {
        throw new Crash.CrashedForTest(s);
      }
    });
  }

  private static String namespace(CouchbaseStore store) {
    return store.toString().replaceAll(".*couchbase test (\\S+)\\]$", "$1");
  }

  private static Change put(String path, String content, long second) {
    return Change.content(path, sha256(content), content.length(), second * 1000,
        T0.plusSeconds(second), "alice", "host:/srv");
  }

  private static String sha256(String s) {
    return Sha256.of(s.getBytes(StandardCharsets.UTF_8));
  }
}
