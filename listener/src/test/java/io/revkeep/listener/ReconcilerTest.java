package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.Sha256;
import io.revkeep.core.model.Change;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.store.StoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reconcile on real folders beside a real SQLite store. */
class ReconcilerTest {
  @TempDir Path tmp;
  private Path shared;
  private SharedRoot root;
  private SqliteStore sqlite;
  private OutageStore store;
  /** Folders registered, in order, by any walker. */
  private final List<Path> registered = new CopyOnWriteArrayList<>();
  private final PathFilter filter = new PathFilter(List.of("*.tmp", "cache"), List.of());

  @BeforeEach
  void open() throws IOException {
    shared = Files.createDirectories(tmp.resolve("shared"));
    root = new SharedRoot(shared);
    sqlite = SqliteStore.open(tmp.resolve("data").resolve("revkeep.db"));
    store = new OutageStore(sqlite);
  }

  @AfterEach
  void close() {
    sqlite.close();
  }

  private Reconciler reconciler(Reconciler.Registrar registrar) {
    return new Reconciler(root, store.store, filter, registrar, 3);
  }

  private Reconciler reconciler() {
    return reconciler(registered::add);
  }

  /** Writes a file and records it as a listener that read it would have. */
  private Path known(String rel, String content) throws IOException {
    Path file = write(rel, content);
    recordAsOnDisk(rel, file);
    return file;
  }

  private void recordAsOnDisk(String rel, Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    seeds.add(Change.content(rel, Sha256.of(bytes), bytes.length,
        Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS), Instant.now(), "t", "t"));
  }

  /** Records seeded and not yet in the store: one transaction for them all (seed()). */
  private final List<Change> seeds = new ArrayList<>();

  private void seed() {
    if (!seeds.isEmpty()) {
      sqlite.recordAll(seeds);
      seeds.clear();
    }
  }

  private Path write(String rel, String content) throws IOException {
    Path file = shared.resolve(rel);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  /** Reconciles the whole root: the paths reported, relative, sorted. */
  private List<String> reconcile() {
    return reconcile(reconciler(), shared);
  }

  private List<String> reconcile(Reconciler r, Path dir) {
    seed();
    List<String> touched = new ArrayList<>();
    Thread caller = Thread.currentThread();
    r.reconcile(dir, p -> {
      assertThat(Thread.currentThread()).as("touch is called on the caller's thread")
          .isSameAs(caller);
      touched.add(root.relativize(p));
    });
    Collections.sort(touched);
    return touched;
  }

  private static Set<String> reconcileThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .map(Thread::getName).filter(n -> n.startsWith("revkeep-reconcile"))
        .collect(Collectors.toSet());
  }

  @Test
  void an_unchanged_nested_tree_reports_nothing_and_every_folder_is_registered()
      throws IOException {
    for (int i = 0; i < 30; i++) {
      known("a" + (i % 3) + "/b" + (i % 5) + "/c/f" + i + ".txt", "file " + i);
    }
    known("top.txt", "top");

    assertThat(reconcile()).isEmpty();
    try (Stream<Path> all = Files.walk(shared)) {
      assertThat(registered).containsExactlyInAnyOrderElementsOf(
          all.filter(Files::isDirectory).toList());
    }
    assertThat(reconcileThreads()).as("every walker joined").isEmpty();
  }

  @Test
  void new_and_changed_files_in_deep_folders_are_reported() throws IOException {
    known("a/b/c/d/same.txt", "same");
    Path grown = known("a/b/c/d/grown.txt", "small");
    Path touchedOnly = known("a/b/touched.txt", "t");
    known("e/other.txt", "o");
    Files.writeString(grown, "much larger now");
    Files.setLastModifiedTime(touchedOnly, FileTime.from(Instant.now().plusSeconds(60)));
    write("a/b/c/d/e/new.txt", "new");
    write("fresh/new.txt", "new");

    assertThat(reconcile()).containsExactly("a/b/c/d/e/new.txt", "a/b/c/d/grown.txt",
        "a/b/touched.txt", "fresh/new.txt");
  }

  @Test
  void records_whose_files_or_folders_are_gone_are_reported() throws IOException {
    known("a/b/c/keep.txt", "k");
    Files.delete(known("a/b/c/gone.txt", "g"));
    known("a/b/deep/x/1.txt", "1");
    known("a/b/deep/x/y/2.txt", "2");
    known("a/b/deep/3.txt", "3");
    deleteTree(shared.resolve("a/b/deep"));
    Files.delete(known("lone/only.txt", "o"));
    Files.delete(shared.resolve("lone"));

    assertThat(reconcile()).containsExactly("a/b/c/gone.txt", "a/b/deep/3.txt",
        "a/b/deep/x/1.txt", "a/b/deep/x/y/2.txt", "lone/only.txt");
  }

  @Test
  void ignored_files_and_folders_are_neither_walked_nor_registered_and_their_records_reported()
      throws IOException {
    known("a/keep.txt", "k");
    write("a/scratch.tmp", "ignored");
    write("a/cache/inside.txt", "ignored folder");
    write("cache/deeper/inside.txt", "ignored folder");
    Files.delete(known("b/was.txt", "w"));
    Files.createDirectories(shared.resolve("b/cache"));
    Files.move(write("b/moved.txt", "m"), shared.resolve("b/cache/moved.txt"));
    recordAsOnDisk("b/cache/moved.txt", shared.resolve("b/cache/moved.txt"));

    assertThat(reconcile()).as("a record under a folder now ignored is reported, as before")
        .containsExactly("b/cache/moved.txt", "b/was.txt");
    assertThat(registered).noneMatch(d -> d.getFileName().toString().equals("cache"));
    assertThat(registered).contains(shared, shared.resolve("a"), shared.resolve("b"));
  }

  @Test
  void a_folder_replaced_by_a_file_and_a_file_replaced_by_a_folder_are_both_reported()
      throws IOException {
    known("was-folder/one.txt", "1");
    known("was-folder/sub/two.txt", "2");
    known("was-file", "f");
    deleteTree(shared.resolve("was-folder"));
    write("was-folder", "now a file");
    Files.delete(shared.resolve("was-file"));
    write("was-file/inside.txt", "now a folder");

    assertThat(reconcile()).containsExactly("was-file", "was-file/inside.txt", "was-folder",
        "was-folder/one.txt", "was-folder/sub/two.txt");
  }

  @Test
  void symbolic_links_are_not_followed() throws IOException {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "s");
    Files.createSymbolicLink(shared.resolve("link"), outside);
    known("linked/file.txt", "f");
    deleteTree(shared.resolve("linked"));
    Files.createSymbolicLink(shared.resolve("linked"), outside);

    assertThat(reconcile()).as("the record under what is now a link is reported")
        .containsExactly("linked/file.txt");
    assertThat(registered).containsExactly(shared);
  }

  @Test
  void a_folder_that_cannot_be_listed_has_its_records_reported_and_the_rest_is_walked()
      throws IOException {
    known("locked/a.txt", "a");
    known("locked/sub/b.txt", "b");
    known("open/c.txt", "c");
    Path locked = shared.resolve("locked");
    Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
    try {
      Assumptions.assumeFalse(Files.isReadable(locked), "this user (root) lists every folder");
      assertThat(reconcile()).containsExactly("locked/a.txt", "locked/sub/b.txt");
    } finally {
      Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void a_folder_gone_while_it_is_walked_has_its_records_reported() throws IOException {
    known("vanishing/a.txt", "a");
    known("vanishing/sub/b.txt", "b");
    known("stays/c.txt", "c");
    Reconciler r = reconciler(dir -> {
      registered.add(dir);
      if (dir.getFileName().toString().equals("vanishing")) {
        deleteTree(dir); // between the parent's listing and its own
      }
    });

    assertThat(reconcile(r, shared)).containsExactly("vanishing/a.txt", "vanishing/sub/b.txt");
  }

  @Test
  void a_file_created_during_the_walk_is_either_reported_or_watched() throws Exception {
    for (int i = 0; i < 20; i++) {
      known("d" + i + "/old.txt", "old");
    }
    Set<Path> signalled = ConcurrentHashMap.newKeySet();
    try (TreeWatcher watcher = new TreeWatcher(filter::ignored, s -> {
      if (s instanceof Signal.Touched t) {
        signalled.add(t.path());
      }
    })) {
      watcher.start();
      Reconciler r = reconciler(dir -> {
        watcher.register(dir);
        if (!dir.equals(shared)) {
          Files.writeString(dir.resolve("created-during.txt"), "new"); // right after
        }
      });
      List<String> reported = reconcile(r, shared);
      for (int i = 0; i < 20; i++) {
        Path created = shared.resolve("d" + i + "/created-during.txt");
        String rel = root.relativize(created);
        await().atMost(Duration.ofSeconds(10)).until(() ->
            reported.contains(rel) || signalled.contains(created));
      }
      assertThat(reported).as("registered before listed: each is listed")
          .hasSize(20).allMatch(p -> p.endsWith("/created-during.txt"));
    }
  }

  @Test
  void a_subfolder_is_reconciled_alone() throws IOException {
    known("a/b/one.txt", "1");
    Files.delete(known("a/b/c/gone.txt", "g"));
    write("a/b/c/new.txt", "n");
    write("a/elsewhere.txt", "not under a/b");

    assertThat(reconcile(reconciler(), shared.resolve("a/b")))
        .containsExactly("a/b/c/gone.txt", "a/b/c/new.txt");
    assertThat(reconcile(reconciler(), shared.resolve("a/b/c/gone.txt")))
        .as("a path that is gone: its records beneath").isEmpty();
    deleteTree(shared.resolve("a/b"));
    assertThat(reconcile(reconciler(), shared.resolve("a/b")))
        .containsExactly("a/b/c/gone.txt", "a/b/one.txt");
  }

  @Test
  void without_the_store_every_file_is_reported_and_every_folder_registered() throws IOException {
    known("a/b/one.txt", "1");
    write("a/two.txt", "2");
    write("a/skip.tmp", "ignored");
    seed();
    List<String> touched = new ArrayList<>();

    long walked = reconciler().walkWithoutStore(shared, p -> touched.add(root.relativize(p)));

    assertThat(walked).isEqualTo(2);
    assertThat(touched).containsExactlyInAnyOrder("a/b/one.txt", "a/two.txt");
    assertThat(registered).containsExactlyInAnyOrder(shared, shared.resolve("a"),
        shared.resolve("a/b"));
    registered.clear();
    assertThat(reconciler().walkWithoutStore(shared, null)).isEqualTo(2);
    assertThat(registered).hasSize(3);
  }

  @Test
  void a_store_failure_is_thrown_and_no_walker_is_left() throws IOException {
    for (int i = 0; i < 50; i++) {
      known("d" + i + "/e/f.txt", "f");
    }
    seed();
    store.down = true;

    assertThatThrownBy(this::reconcile).isInstanceOf(StoreException.class);
    assertThat(reconcileThreads()).isEmpty();
    store.down = false;
    assertThat(reconcile()).isEmpty();
    assertThat(reconcileThreads()).isEmpty();
  }

  @Test
  void an_interrupted_reconcile_returns_with_the_flag_set_and_no_walker_left()
      throws IOException {
    for (int i = 0; i < 200; i++) {
      known("d" + (i % 40) + "/f" + i + ".txt", "f");
    }
    Thread.currentThread().interrupt();
    try {
      reconcile();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(reconcileThreads()).isEmpty();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Collections.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
