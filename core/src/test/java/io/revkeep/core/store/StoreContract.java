package io.revkeep.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.Lock;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.model.WriteIntent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Store} contract, as its javadoc states it. Every implementation extends this class
 * and supplies {@link #newStore()}; the same tests then prove it (SqliteStoreTest, later
 * CouchbaseStoreIT).
 */
public abstract class StoreContract {

  /** A fixed clock origin: the store is given times, it never reads the clock itself. */
  protected static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  protected static final String HERE = "host1:/srv/shared";

  protected Store store;

  /** A fresh, empty store; the contract closes it after each test. */
  protected abstract Store newStore();

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  protected static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  /** The SHA-256 (lower-case hex) of the content, as the listener would compute it. */
  protected static String hash(String content) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  protected static Change put(String path, String content, long second) {
    return Change.content(path, hash(content), content.length(), 1000 * second, at(second),
        "alice", HERE);
  }

  protected static Change del(String path, long second) {
    return Change.delete(path, at(second), "bob", HERE);
  }

  protected static Change mv(String from, String to, String content, long second) {
    return Change.rename(from, to, hash(content), content.length(), 1000 * second, at(second),
        "carol", HERE);
  }

  private Event recorded(Change change) {
    return store.record(change).orElseThrow(
        () -> new AssertionError("expected an event for " + change));
  }

  private List<Event> allEvents() {
    return store.eventsAfter(0, Integer.MAX_VALUE);
  }

  private static List<String> paths(List<FileRecord> records) {
    return records.stream().map(FileRecord::path).collect(Collectors.toList());
  }

  // ---- recording ------------------------------------------------------------------------------

  @Test
  void content_at_an_unknown_path_creates_version_1() {
    Event e = recorded(put("a.txt", "one", 1));

    assertThat(e).isEqualTo(new Event(1, Action.CREATE, "a.txt", null, HERE, 1, hash("one"), 3,
        at(1), "alice", Origin.FS, null));
    FileRecord f = store.file("a.txt").orElseThrow();
    assertThat(f.path()).isEqualTo("a.txt");
    assertThat(f.hash()).isEqualTo(hash("one"));
    assertThat(f.size()).isEqualTo(3);
    assertThat(f.version()).isEqualTo(1);
    assertThat(f.deleted()).isFalse();
    assertThat(f.created()).isEqualTo(at(1));
    assertThat(f.createdUser()).isEqualTo("alice");
    assertThat(f.lastModified()).isEqualTo(at(1));
    assertThat(f.lastModifiedUser()).isEqualTo("alice");
    assertThat(f.fsSize()).isEqualTo(3);
    assertThat(f.fsMtime()).isEqualTo(1000);
    assertThat(store.history("a.txt")).containsExactly(new VersionRecord("a.txt", 1, hash("one"),
        3, at(1), "alice", Origin.FS, Action.CREATE, null));
  }

  @Test
  void content_with_a_new_hash_adds_the_next_version_as_a_modify() {
    recorded(put("a.txt", "one", 1));
    Change edit = new Change(Action.MODIFY, "a.txt", null, hash("second"), 6, 6, 2000, at(2),
        "dave", Origin.FS, HERE);

    Event e = recorded(edit);

    assertThat(e).isEqualTo(new Event(2, Action.MODIFY, "a.txt", null, HERE, 2, hash("second"),
        6, at(2), "dave", Origin.FS, null));
    FileRecord f = store.file("a.txt").orElseThrow();
    assertThat(f.version()).isEqualTo(2);
    assertThat(f.hash()).isEqualTo(hash("second"));
    assertThat(f.created()).isEqualTo(at(1));
    assertThat(f.createdUser()).isEqualTo("alice");
    assertThat(f.lastModified()).isEqualTo(at(2));
    assertThat(f.lastModifiedUser()).isEqualTo("dave");
    assertThat(store.history("a.txt")).extracting(VersionRecord::version, VersionRecord::action)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Action.CREATE),
            org.assertj.core.groups.Tuple.tuple(2, Action.MODIFY));
  }

  @Test
  void content_with_the_same_hash_records_nothing_but_updates_the_fast_path_stat() {
    recorded(put("a.txt", "one", 1));
    FileRecord before = store.file("a.txt").orElseThrow();
    Change touched = Change.content("a.txt", hash("one"), 3, 99_000, at(99), "eve", HERE);

    assertThat(store.record(touched)).isEmpty();

    FileRecord after = store.file("a.txt").orElseThrow();
    assertThat(after.fsMtime()).isEqualTo(99_000);
    assertThat(after.version()).isEqualTo(1);
    assertThat(after.lastModified()).isEqualTo(at(1));
    assertThat(after.lastModifiedUser()).isEqualTo("alice");
    assertThat(after.rev()).isGreaterThan(before.rev());
    assertThat(store.history("a.txt")).hasSize(1);
    assertThat(store.lastSeq()).isEqualTo(1);
  }

  @Test
  void every_update_of_a_file_record_bumps_its_rev() {
    recorded(put("a.txt", "one", 1));
    long r1 = store.file("a.txt").orElseThrow().rev();
    recorded(put("a.txt", "two", 2));
    long r2 = store.file("a.txt").orElseThrow().rev();
    recorded(del("a.txt", 3));
    long r3 = store.file("a.txt").orElseThrow().rev();

    assertThat(r2).isGreaterThan(r1);
    assertThat(r3).isGreaterThan(r2);
  }

  @Test
  void delete_of_a_live_file_records_a_tombstone() {
    recorded(put("a.txt", "one", 1));

    Event e = recorded(del("a.txt", 2));

    assertThat(e).isEqualTo(new Event(2, Action.DELETE, "a.txt", null, HERE, 2, null, 0, at(2),
        "bob", Origin.FS, null));
    FileRecord f = store.file("a.txt").orElseThrow();
    assertThat(f.deleted()).isTrue();
    assertThat(f.hash()).isNull();
    assertThat(f.size()).isZero();
    assertThat(f.version()).isEqualTo(2);
    assertThat(f.lastModifiedUser()).isEqualTo("bob");
    assertThat(store.version("a.txt", 2)).contains(new VersionRecord("a.txt", 2, null, 0, at(2),
        "bob", Origin.FS, Action.DELETE, null));
  }

  @Test
  void delete_of_an_unknown_or_already_deleted_path_records_nothing() {
    assertThat(store.record(del("nowhere.txt", 1))).isEmpty();
    recorded(put("a.txt", "one", 2));
    recorded(del("a.txt", 3));

    assertThat(store.record(del("a.txt", 4))).isEmpty();

    assertThat(store.file("nowhere.txt")).isEmpty();
    assertThat(store.history("a.txt")).hasSize(2);
    assertThat(store.lastSeq()).isEqualTo(2);
  }

  @Test
  void new_content_at_a_deleted_path_is_a_create_that_continues_the_history() {
    recorded(put("a.txt", "one", 1));
    long id = store.file("a.txt").orElseThrow().id();
    recorded(del("a.txt", 2));

    Event e = recorded(put("a.txt", "again", 3));

    assertThat(e.action()).isEqualTo(Action.CREATE);
    assertThat(e.version()).isEqualTo(3);
    FileRecord f = store.file("a.txt").orElseThrow();
    assertThat(f.id()).isEqualTo(id);
    assertThat(f.deleted()).isFalse();
    assertThat(f.hash()).isEqualTo(hash("again"));
    assertThat(f.version()).isEqualTo(3);
    assertThat(store.history("a.txt")).extracting(VersionRecord::action)
        .containsExactly(Action.CREATE, Action.DELETE, Action.CREATE);
  }

  @Test
  void rename_moves_the_record_and_its_history_and_frees_the_old_path() {
    recorded(put("docs/old.txt", "one", 1));
    recorded(put("docs/old.txt", "two", 2));
    long id = store.file("docs/old.txt").orElseThrow().id();

    Event e = recorded(mv("docs/old.txt", "new/place.txt", "two", 3));

    assertThat(e).isEqualTo(new Event(3, Action.RENAME, "new/place.txt", "docs/old.txt", HERE, 3,
        hash("two"), 3, at(3), "carol", Origin.FS, null));
    assertThat(store.file("docs/old.txt")).isEmpty();
    assertThat(store.history("docs/old.txt")).isEmpty();
    FileRecord moved = store.file("new/place.txt").orElseThrow();
    assertThat(moved.id()).isEqualTo(id);
    assertThat(moved.version()).isEqualTo(3);
    assertThat(moved.created()).isEqualTo(at(1));
    assertThat(moved.lastModifiedUser()).isEqualTo("carol");
    assertThat(store.history("new/place.txt"))
        .extracting(VersionRecord::version, VersionRecord::path, VersionRecord::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "docs/old.txt", Action.CREATE),
            org.assertj.core.groups.Tuple.tuple(2, "docs/old.txt", Action.MODIFY),
            org.assertj.core.groups.Tuple.tuple(3, "new/place.txt", Action.RENAME));
    assertThat(store.version("new/place.txt", 1).orElseThrow().hash()).isEqualTo(hash("one"));

    Event fresh = recorded(put("docs/old.txt", "fresh", 4));
    assertThat(fresh.action()).isEqualTo(Action.CREATE);
    assertThat(fresh.version()).isEqualTo(1);
    assertThat(store.file("docs/old.txt").orElseThrow().id()).isNotEqualTo(id);
  }

  @Test
  void rename_may_carry_new_content() {
    recorded(put("a.txt", "one", 1));

    Event e = recorded(mv("a.txt", "b.txt", "edited", 2));

    assertThat(e.hash()).isEqualTo(hash("edited"));
    assertThat(store.file("b.txt").orElseThrow().hash()).isEqualTo(hash("edited"));
    assertThat(store.version("b.txt", 2).orElseThrow().hash()).isEqualTo(hash("edited"));
  }

  @Test
  void rename_onto_a_path_with_a_live_record_is_a_conflict_that_changes_nothing() {
    recorded(put("a.txt", "one", 1));
    recorded(put("b.txt", "two", 2));
    FileRecord a = store.file("a.txt").orElseThrow();

    assertThatThrownBy(() -> store.record(mv("a.txt", "b.txt", "one", 5)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("b.txt");
    assertThatThrownBy(() -> store.recordAll(List.of(put("c.txt", "c", 6),
        mv("a.txt", "b.txt", "one", 6))))
        .isInstanceOf(ConflictException.class).hasMessageContaining("b.txt");

    assertThat(store.file("a.txt")).contains(a);
    assertThat(store.file("c.txt")).isEmpty();
    assertThat(store.history("b.txt")).hasSize(1);
    assertThat(store.lastSeq()).isEqualTo(2);
  }

  @Test
  void rename_onto_a_tombstone_detaches_it_and_the_moved_file_takes_the_path_with_its_history() {
    recorded(put("a.txt", "one", 1));
    recorded(mv("a.txt", "b.txt", "one", 2));     // renamed away
    recorded(put("a.txt", "reuse", 3));           // the path reused by another file
    assertThat(store.pin("a.txt", 1, "kept", at(3))).isTrue();
    recorded(del("a.txt", 4));                    // which is deleted: a tombstone at a.txt
    FileRecord tomb = store.file("a.txt").orElseThrow();
    long moved = store.file("b.txt").orElseThrow().id();
    assertThat(store.detachedFiles()).isEmpty();

    Event e = recorded(mv("b.txt", "a.txt", "one", 5));

    assertThat(e).isEqualTo(new Event(5, Action.RENAME, "a.txt", "b.txt", HERE, 3, hash("one"),
        3, at(5), "carol", Origin.FS, null));
    FileRecord now = store.file("a.txt").orElseThrow();
    assertThat(now.id()).isEqualTo(moved);
    assertThat(now.deleted()).isFalse();
    assertThat(store.file("b.txt")).isEmpty();
    assertThat(store.history("a.txt"))
        .extracting(VersionRecord::version, VersionRecord::path, VersionRecord::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "a.txt", Action.CREATE),
            org.assertj.core.groups.Tuple.tuple(2, "b.txt", Action.RENAME),
            org.assertj.core.groups.Tuple.tuple(3, "a.txt", Action.RENAME));
    assertThat(store.version("a.txt", 1).orElseThrow().hash()).isEqualTo(hash("one"));
    assertThat(store.files("", true, true)).extracting(FileRecord::id).containsExactly(moved);
    // the deleted file keeps its versions and events, and stood at a.txt between 3 and 4
    assertThat(store.eventsAfter(0, 100)).extracting(Event::action).containsExactly(
        Action.CREATE, Action.RENAME, Action.CREATE, Action.DELETE, Action.RENAME);
    assertThat(store.filesAt("", at(3))).extracting(VersionRecord::hash)
        .containsExactly(hash("reuse"), hash("one"));
    assertThat(store.filesAtAndNow("", at(3)).stream()
        .filter(f -> f.then().path().equals("a.txt"))).singleElement().satisfies(f -> {
      assertThat(f.now().id()).isEqualTo(tomb.id());
      assertThat(f.now().deleted()).isTrue();
      assertThat(f.now().path()).isEqualTo("a.txt");
    });
    assertThat(store.filesAtAndNow("", at(1))).singleElement()
        .satisfies(f -> assertThat(f.now().id()).isEqualTo(moved));
    // what no read by path reaches, retention and verify read here
    assertThat(store.pins("a.txt")).isEmpty();
    assertThat(store.deletedFiles("", 100)).as("the trash: a.txt is the moved file's now")
        .isEmpty();
    assertThat(store.detachedFiles()).singleElement().satisfies(d -> {
      assertThat(d.record().id()).isEqualTo(tomb.id());
      assertThat(d.record().path()).isEqualTo("a.txt");
      assertThat(d.record().deleted()).isTrue();
      assertThat(d.history()).extracting(VersionRecord::hash)
          .containsExactly(hash("reuse"), null);
      assertThat(d.pins()).extracting(Pin::label).containsExactly("kept");
    });
    // the path goes on with the moved file: deleting and re-creating it continues its record
    recorded(del("a.txt", 6));
    Event back = recorded(put("a.txt", "again", 7));
    assertThat(back.version()).isEqualTo(5);
    assertThat(store.file("a.txt").orElseThrow().id()).isEqualTo(moved);
  }

  @Test
  void a_batch_may_delete_a_file_and_rename_another_onto_its_path() {
    recorded(put("a.txt", "one", 1));
    recorded(put("b.txt", "two", 2));
    long b = store.file("b.txt").orElseThrow().id();

    store.recordAll(List.of(del("a.txt", 3), mv("b.txt", "a.txt", "two", 3)));

    assertThat(store.file("a.txt").orElseThrow().id()).isEqualTo(b);
    assertThat(store.history("a.txt")).extracting(VersionRecord::hash)
        .containsExactly(hash("two"), hash("two"));
    assertThat(store.file("b.txt")).isEmpty();
  }

  @Test
  void rename_of_a_path_without_a_live_record_is_a_conflict() {
    recorded(put("gone.txt", "one", 1));
    recorded(del("gone.txt", 2));

    assertThatThrownBy(() -> store.record(mv("never.txt", "x.txt", "one", 3)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("never.txt");
    assertThatThrownBy(() -> store.record(mv("gone.txt", "x.txt", "one", 4)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("gone.txt");

    assertThat(store.file("x.txt")).isEmpty();
    assertThat(store.lastSeq()).isEqualTo(2);
  }

  // ---- reading --------------------------------------------------------------------------------

  @Test
  void files_lists_direct_children_or_the_whole_subtree_ordered_by_path() {
    for (String p : List.of("top.txt", "a/x.txt", "a/b/y.txt", "a/b/c/z.txt", "a0", "a0/w.txt",
        "a-b.txt", "ab/v.txt", "a.txt")) {
      recorded(put(p, p, 1));
    }

    assertThat(paths(store.files("", false, false))).containsExactly("a-b.txt", "a.txt", "a0",
        "top.txt");
    assertThat(paths(store.files("", true, false))).containsExactly("a-b.txt", "a.txt", "a/b/c/z.txt",
        "a/b/y.txt", "a/x.txt", "a0", "a0/w.txt", "ab/v.txt", "top.txt");
    assertThat(paths(store.files("a", false, false))).containsExactly("a/x.txt");
    assertThat(paths(store.files("a", true, false))).containsExactly("a/b/c/z.txt", "a/b/y.txt",
        "a/x.txt");
    assertThat(paths(store.files("a/b", false, false))).containsExactly("a/b/y.txt");
    assertThat(paths(store.files("a/b/c", true, false))).containsExactly("a/b/c/z.txt");
    assertThat(store.files("nothing", true, true)).isEmpty();
  }

  @Test
  void files_include_deleted_records_only_when_asked() {
    recorded(put("d/live.txt", "1", 1));
    recorded(put("d/dead.txt", "2", 2));
    recorded(del("d/dead.txt", 3));
    recorded(put("d/sub/dead.txt", "3", 4));
    recorded(del("d/sub/dead.txt", 5));

    assertThat(paths(store.files("d", false, false))).containsExactly("d/live.txt");
    assertThat(paths(store.files("d", false, true))).containsExactly("d/dead.txt", "d/live.txt");
    assertThat(paths(store.files("d", true, true))).containsExactly("d/dead.txt", "d/live.txt",
        "d/sub/dead.txt");
    assertThat(store.files("d", true, true).get(0).deleted()).isTrue();
  }

  @Test
  void live_file_stats_are_every_live_file_of_the_subtree_with_its_recorded_size_and_mtime() {
    for (String p : List.of("top.txt", "a/x.txt", "a/b/y.txt", "a0/w.txt", "a-b.txt",
        "a/dead.txt", "100%/p.txt", "100x/no.txt")) {
      recorded(put(p, p, 2));
    }
    recorded(del("a/dead.txt", 3));
    recorded(put("a/x.txt", "changed", 4));

    Map<String, FileVersions.FileStat> all = stats("");
    assertThat(all.keySet()).containsExactlyInAnyOrder("top.txt", "a/x.txt", "a/b/y.txt",
        "a0/w.txt", "a-b.txt", "100%/p.txt", "100x/no.txt");
    for (FileRecord f : store.files("", true, false)) {
      assertThat(all.get(f.path())).isEqualTo(new FileVersions.FileStat(f.path(), f.fsSize(),
          f.fsMtime()));
    }
    assertThat(all.get("a/x.txt").fsSize()).isEqualTo("changed".length());
    assertThat(all.get("a/x.txt").fsMtime()).isEqualTo(4000);
    assertThat(stats("a").keySet()).containsExactlyInAnyOrder("a/x.txt", "a/b/y.txt");
    assertThat(stats("100%").keySet()).containsExactly("100%/p.txt");
    assertThat(stats("nothing")).isEmpty();
  }

  @Test
  void one_folders_live_file_stats_are_its_direct_files_and_the_sub_folders_holding_live_files() {
    for (String p : List.of("top.txt", "a/x.txt", "a/b/y.txt", "a/b/c/z.txt", "a/b0.txt",
        "a/b-c/v.txt", "a0/w.txt", "a-b.txt", "a/dead/d.txt", "a/\u00e9t\u00e9/u.txt",
        "a/\ud83d\ude00/e.txt", "a/\ud83d\ude00.txt", "\ud83d\ude00/r.txt")) {
      recorded(put(p, p, 2));
    }
    recorded(del("a/dead/d.txt", 3));

    List<String> folders = new java.util.ArrayList<>();
    Map<String, FileVersions.FileStat> files = new java.util.HashMap<>();
    store.forEachLiveFileStatIn("a", s -> assertThat(files.put(s.path(), s)).isNull(),
        folders::add);
    assertThat(files.keySet()).containsExactlyInAnyOrder("a/x.txt", "a/b0.txt",
        "a/\ud83d\ude00.txt");
    assertThat(files.get("a/x.txt")).isEqualTo(stats("a").get("a/x.txt"));
    assertThat(folders).containsExactlyInAnyOrder("a/b", "a/b-c", "a/\u00e9t\u00e9",
        "a/\ud83d\ude00");

    List<String> rootFolders = new java.util.ArrayList<>();
    List<String> rootFiles = new java.util.ArrayList<>();
    store.forEachLiveFileStatIn("", s -> rootFiles.add(s.path()), rootFolders::add);
    assertThat(rootFiles).containsExactlyInAnyOrder("top.txt", "a-b.txt");
    assertThat(rootFolders).containsExactlyInAnyOrder("a", "a0", "\ud83d\ude00");

    List<String> none = new java.util.ArrayList<>();
    store.forEachLiveFileStatIn("a/dead", s -> none.add(s.path()), none::add);
    store.forEachLiveFileStatIn("nothing", s -> none.add(s.path()), none::add);
    assertThat(none).isEmpty();
  }

  private Map<String, FileVersions.FileStat> stats(String dir) {
    Map<String, FileVersions.FileStat> out = new java.util.HashMap<>();
    store.forEachLiveFileStat(dir, s -> assertThat(out.put(s.path(), s)).isNull());
    return out;
  }

  @Test
  void files_treat_percent_underscore_and_spaces_in_paths_literally() {
    for (String p : List.of("100%/a b.txt", "100%/sub/c.txt", "100x/no.txt", "1000/no.txt",
        "my_dir/in.txt", "myXdir/out.txt", "my dir/space.txt", "my dirX/out.txt")) {
      recorded(put(p, p, 1));
    }

    assertThat(paths(store.files("100%", false, false))).containsExactly("100%/a b.txt");
    assertThat(paths(store.files("100%", true, false))).containsExactly("100%/a b.txt",
        "100%/sub/c.txt");
    assertThat(paths(store.files("my_dir", true, false))).containsExactly("my_dir/in.txt");
    assertThat(paths(store.files("my dir", true, false))).containsExactly("my dir/space.txt");
    assertThat(store.file("100%/a b.txt")).isPresent();
  }

  @Test
  void deleted_files_are_the_deleted_records_of_a_subtree_newest_deletion_first() {
    recorded(put("a/one.txt", "1", 1));
    recorded(put("a/two.txt", "2", 2));
    recorded(put("a/sub/three.txt", "3", 3));
    recorded(put("b/four.txt", "4", 4));
    recorded(put("ab/five.txt", "5", 5));
    recorded(put("live.txt", "live", 6));
    recorded(del("a/two.txt", 10));
    recorded(del("b/four.txt", 11));
    recorded(del("a/sub/three.txt", 12));
    recorded(del("a/one.txt", 12)); // the same moment: by path
    recorded(del("ab/five.txt", 13));
    recorded(put("ab/five.txt", "5 again", 14)); // back: not deleted

    assertThat(paths(store.deletedFiles("", 100))).containsExactly("a/one.txt",
        "a/sub/three.txt", "b/four.txt", "a/two.txt");
    assertThat(paths(store.deletedFiles("a", 100))).containsExactly("a/one.txt",
        "a/sub/three.txt", "a/two.txt");
    assertThat(paths(store.deletedFiles("a/", 2))).containsExactly("a/one.txt",
        "a/sub/three.txt");
    assertThat(paths(store.deletedFiles("ab", 100))).isEmpty();
    assertThat(paths(store.deletedFiles("none", 100))).isEmpty();
    FileRecord two = store.deletedFiles("a", 100).get(2);
    assertThat(two.deleted()).isTrue();
    assertThat(two.lastModified()).isEqualTo(at(10));
    assertThat(two.lastModifiedUser()).isEqualTo("bob");
    assertThat(two.version()).isEqualTo(2);
  }

  @Test
  void live_files_with_hash_finds_every_live_copy_of_that_content_only() {
    recorded(put("a.txt", "same", 1));
    recorded(put("dir/b.txt", "same", 2));
    recorded(put("c.txt", "same", 3));
    recorded(del("c.txt", 4));
    recorded(put("d.txt", "other", 5));

    assertThat(paths(store.liveFilesWithHash(hash("same")))).containsExactly("a.txt", "dir/b.txt");
    assertThat(store.liveFilesWithHash(hash("nothing"))).isEmpty();
  }

  @Test
  void a_batch_of_lookups_answers_as_each_lookup_alone() {
    recorded(put("a.txt", "same", 1));
    recorded(put("dir/b.txt", "same", 2));
    recorded(put("c.txt", "gone", 3));
    recorded(del("c.txt", 4));

    Map<String, FileRecord> records =
        store.filesAt(List.of("a.txt", "c.txt", "missing.txt", "dir/b.txt", "a.txt"));
    assertThat(records).containsOnlyKeys("a.txt", "c.txt", "dir/b.txt");
    for (String path : records.keySet()) {
      assertThat(records.get(path)).isEqualTo(store.file(path).orElseThrow());
    }
    assertThat(records.get("c.txt").deleted()).isTrue();
    assertThat(store.filesAt(List.of())).isEmpty();

    Map<String, List<FileRecord>> byHash =
        store.liveFilesWithHashes(List.of(hash("same"), hash("gone"), hash("same")));
    assertThat(byHash).containsOnlyKeys(hash("same"), hash("gone"));
    assertThat(paths(byHash.get(hash("same")))).containsExactly("a.txt", "dir/b.txt");
    assertThat(byHash.get(hash("gone"))).isEmpty();
  }

  @Test
  void history_and_version_of_an_unknown_path_are_empty() {
    recorded(put("a.txt", "one", 1));

    assertThat(store.history("b.txt")).isEmpty();
    assertThat(store.version("b.txt", 1)).isEmpty();
    assertThat(store.version("a.txt", 2)).isEmpty();
    assertThat(store.version("a.txt", 0)).isEmpty();
  }

  // ---- event log ------------------------------------------------------------------------------

  @Test
  void an_empty_store_has_no_events() {
    assertThat(store.lastSeq()).isZero();
    assertThat(store.eventsAfter(0, 10)).isEmpty();
  }

  @Test
  void event_seqs_start_at_1_and_stay_gap_free_across_no_ops_and_conflicts() {
    recorded(put("a.txt", "1", 1));
    store.record(put("a.txt", "1", 2)); // same hash: nothing
    store.record(del("none.txt", 3)); // nothing to delete
    assertThatThrownBy(() -> store.record(mv("none.txt", "b.txt", "1", 4)))
        .isInstanceOf(ConflictException.class);
    recorded(put("b.txt", "2", 5));
    recorded(del("a.txt", 6));
    recorded(mv("b.txt", "c.txt", "2", 7));

    List<Event> events = allEvents();
    assertThat(events).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L);
    assertThat(events).extracting(Event::action)
        .containsExactly(Action.CREATE, Action.CREATE, Action.DELETE, Action.RENAME);
    assertThat(events.get(3).from()).isEqualTo("b.txt");
    assertThat(store.lastSeq()).isEqualTo(4);
  }

  @Test
  void events_after_pages_through_the_log_in_seq_order() {
    for (int i = 1; i <= 25; i++) {
      recorded(put("f" + i, "c" + i, i));
    }

    List<Long> seen = new ArrayList<>();
    long after = 0;
    while (true) {
      List<Event> page = store.eventsAfter(after, 10);
      if (page.isEmpty()) {
        break;
      }
      assertThat(page.size()).isLessThanOrEqualTo(10);
      page.forEach(e -> seen.add(e.seq()));
      after = page.get(page.size() - 1).seq();
    }

    assertThat(seen).isEqualTo(LongStream.rangeClosed(1, 25).boxed().toList());
    assertThat(store.eventsAfter(20, 100)).extracting(Event::name)
        .containsExactly("f21", "f22", "f23", "f24", "f25");
    assertThat(store.eventsAfter(25, 10)).isEmpty();
    assertThat(store.eventsAfter(0, 0)).isEmpty();
  }

  @Test
  void events_returned_by_record_are_the_events_in_the_log() {
    List<Event> returned = new ArrayList<>();
    returned.add(recorded(put("a.txt", "1", 1)));
    returned.add(recorded(put("a.txt", "2", 2)));
    returned.add(recorded(mv("a.txt", "b.txt", "2", 3)));
    returned.add(recorded(del("b.txt", 4)));

    assertThat(allEvents()).isEqualTo(returned);
  }

  // ---- write intents --------------------------------------------------------------------------

  @Test
  void a_matching_intent_sets_user_origin_and_change_set_and_is_consumed_once() {
    store.expectWrite(new WriteIntent("up.txt", hash("v1"), "webuser", Origin.WEB, "cs-1", at(60)));

    Event first = recorded(put("up.txt", "v1", 10));

    assertThat(first.user()).isEqualTo("webuser");
    VersionRecord v1 = store.version("up.txt", 1).orElseThrow();
    assertThat(v1.user()).isEqualTo("webuser");
    assertThat(v1.origin()).isEqualTo(Origin.WEB);
    assertThat(v1.changeSet()).isEqualTo("cs-1");
    assertThat(store.file("up.txt").orElseThrow().createdUser()).isEqualTo("webuser");

    recorded(put("up.txt", "v2", 11));
    Event again = recorded(put("up.txt", "v1", 12)); // same content as the intent, consumed
    assertThat(again.user()).isEqualTo("alice");
    VersionRecord v3 = store.version("up.txt", 3).orElseThrow();
    assertThat(v3.origin()).isEqualTo(Origin.FS);
    assertThat(v3.changeSet()).isNull();
  }

  @Test
  void events_carry_their_versions_origin_and_change_set_also_when_read_back() {
    store.expectWrite(new WriteIntent("up.txt", hash("v1"), "webuser", Origin.WEB, "cs-1", at(60)));
    Event web = recorded(put("up.txt", "v1", 10));
    recorded(put("up.txt", "v2", 11));
    recorded(mv("up.txt", "moved.txt", "v2", 12));
    // the path reused by another file: its version 1 has the same path, number and content
    store.expectWrite(new WriteIntent("up.txt", hash("v1"), "cliuser", Origin.CLI, "cs-2", at(60)));
    Event cli = recorded(put("up.txt", "v1", 13));

    assertThat(web.origin()).isEqualTo(Origin.WEB);
    assertThat(web.changeSet()).isEqualTo("cs-1");
    assertThat(cli.origin()).isEqualTo(Origin.CLI);
    assertThat(allEvents()).extracting(Event::seq, Event::origin, Event::changeSet).containsExactly(
        org.assertj.core.groups.Tuple.tuple(1L, Origin.WEB, "cs-1"),
        org.assertj.core.groups.Tuple.tuple(2L, Origin.FS, null),
        org.assertj.core.groups.Tuple.tuple(3L, Origin.FS, null),
        org.assertj.core.groups.Tuple.tuple(4L, Origin.CLI, "cs-2"));
  }

  @Test
  void an_expired_intent_is_ignored() {
    store.expectWrite(new WriteIntent("up.txt", hash("v1"), "webuser", Origin.WEB, "cs", at(5)));

    Event e = recorded(put("up.txt", "v1", 5)); // expiry is exclusive: expired at its instant

    assertThat(e.user()).isEqualTo("alice");
    assertThat(store.version("up.txt", 1).orElseThrow().origin()).isEqualTo(Origin.FS);
  }

  @Test
  void an_intent_for_other_content_or_another_path_is_ignored() {
    store.expectWrite(new WriteIntent("up.txt", hash("v1"), "cliuser", Origin.CLI, null, at(60)));

    assertThat(recorded(put("up.txt", "other", 1)).user()).isEqualTo("alice");
    assertThat(recorded(put("elsewhere.txt", "v1", 2)).user()).isEqualTo("alice");
    assertThat(recorded(put("up.txt", "v1", 3)).user()).isEqualTo("cliuser");
    assertThat(store.version("up.txt", 2).orElseThrow().origin()).isEqualTo(Origin.CLI);
  }

  @Test
  void a_new_intent_for_the_same_path_and_content_replaces_the_old_one() {
    store.expectWrite(new WriteIntent("r.txt", hash("v"), "first", Origin.WEB, "a", at(60)));
    store.expectWrite(new WriteIntent("r.txt", hash("v"), "second", Origin.CLI, "b", at(60)));

    recorded(put("r.txt", "v", 1));

    VersionRecord v = store.version("r.txt", 1).orElseThrow();
    assertThat(v.user()).isEqualTo("second");
    assertThat(v.origin()).isEqualTo(Origin.CLI);
    assertThat(v.changeSet()).isEqualTo("b");
  }

  @Test
  void an_intent_applies_to_a_rename_onto_its_path() {
    recorded(put("tmp.upload", "v", 1));
    store.expectWrite(new WriteIntent("final.txt", hash("v"), "webuser", Origin.WEB, "cs", at(60)));

    Event e = recorded(mv("tmp.upload", "final.txt", "v", 2));

    assertThat(e.user()).isEqualTo("webuser");
    assertThat(store.version("final.txt", 2).orElseThrow().origin()).isEqualTo(Origin.WEB);
  }

  // ---- users ----------------------------------------------------------------------------------

  @Test
  void users_can_be_added_listed_updated_and_removed() {
    User ann = new User("ann", "$2a$10$hashA", Role.ADMIN);
    User bea = new User("bea", "$2a$10$hashB", Role.VIEWER);
    store.addUser(bea);
    store.addUser(ann);

    assertThat(store.users()).containsExactly(ann, bea);
    assertThat(store.user("ann")).contains(ann);
    assertThat(store.user("nobody")).isEmpty();

    User promoted = new User("bea", "$2a$10$hashB2", Role.EDITOR);
    assertThat(store.updateUser(promoted)).isTrue();
    assertThat(store.user("bea")).contains(promoted);
    assertThat(store.updateUser(new User("nobody", "x", Role.VIEWER))).isFalse();
    assertThat(store.user("nobody")).isEmpty();

    assertThat(store.removeUser("ann")).isTrue();
    assertThat(store.removeUser("ann")).isFalse();
    assertThat(store.users()).containsExactly(promoted);
  }

  @Test
  void adding_a_user_whose_name_is_taken_is_a_conflict_that_keeps_the_first() {
    User ann = new User("ann", "$2a$10$hashA", Role.ADMIN);
    store.addUser(ann);

    assertThatThrownBy(() -> store.addUser(new User("ann", "other", Role.VIEWER)))
        .isInstanceOf(ConflictException.class).hasMessageContaining("ann");

    assertThat(store.users()).containsExactly(ann);
  }

  @Test
  void demoting_or_removing_the_only_admin_is_refused_and_changes_nothing() {
    User ann = new User("ann", "$2a$10$hashA", Role.ADMIN);
    User bea = new User("bea", "$2a$10$hashB", Role.EDITOR);
    store.addUser(ann);
    store.addUser(bea);

    assertThatThrownBy(() -> store.updateUserKeepingAnAdmin(
        new User("ann", "$2a$10$hashA2", Role.VIEWER)))
        .isInstanceOf(LastAdminException.class).hasMessageContaining("'ann' is the only admin");
    assertThatThrownBy(() -> store.removeUserKeepingAnAdmin("ann"))
        .isInstanceOf(LastAdminException.class);
    assertThat(store.users()).containsExactly(ann, bea);

    User annNewPassword = new User("ann", "$2a$10$hashA3", Role.ADMIN);
    assertThat(store.updateUserKeepingAnAdmin(annNewPassword)).isTrue();
    assertThat(store.updateUserKeepingAnAdmin(new User("bea", "$2a$10$hashB", Role.VIEWER)))
        .isTrue();
    assertThat(store.updateUserKeepingAnAdmin(new User("nobody", "x", Role.VIEWER))).isFalse();
    assertThat(store.removeUserKeepingAnAdmin("nobody")).isFalse();
    assertThat(store.removeUserKeepingAnAdmin("bea")).isTrue();
    assertThat(store.users()).containsExactly(annNewPassword);
  }

  @Test
  void an_admin_is_demoted_or_removed_while_another_admin_remains() {
    store.addUser(new User("ann", "h", Role.ADMIN));
    store.addUser(new User("bea", "h", Role.ADMIN));

    assertThat(store.updateUserKeepingAnAdmin(new User("ann", "h", Role.EDITOR))).isTrue();
    assertThatThrownBy(() -> store.removeUserKeepingAnAdmin("bea"))
        .isInstanceOf(LastAdminException.class);
    assertThat(store.updateUserKeepingAnAdmin(new User("ann", "h", Role.ADMIN))).isTrue();
    assertThat(store.removeUserKeepingAnAdmin("bea")).isTrue();
    assertThat(store.users()).containsExactly(new User("ann", "h", Role.ADMIN));
  }

  @Test
  void two_admins_demoting_and_removing_each_other_at_once_always_leave_an_admin()
      throws Exception {
    for (int round = 0; round < 25; round++) {
      for (User u : store.users()) {
        store.removeUser(u.name());
      }
      store.addUser(new User("ann", "h", Role.ADMIN));
      store.addUser(new User("bea", "h", Role.ADMIN));

      // threads 0, 4: demote ann; 1, 5: demote bea; 2, 6: remove ann; 3, 7: remove bea
      List<String> outcomes = runConcurrently(8, t -> {
        String name = t % 2 == 0 ? "ann" : "bea";
        try {
          boolean done = t % 4 < 2
              ? store.updateUserKeepingAnAdmin(new User(name, "h", Role.EDITOR))
              : store.removeUserKeepingAnAdmin(name);
          return done ? "done" : "gone";
        } catch (LastAdminException e) {
          return "refused";
        }
      });

      assertThat(store.users()).as("round %d: %s", round, outcomes)
          .anyMatch(u -> u.role() == Role.ADMIN);
      assertThat(outcomes).as("round %d", round).contains("refused");
    }
  }

  // ---- locks ----------------------------------------------------------------------------------

  @Test
  void a_free_path_can_be_locked_and_renewed_by_its_owner() {
    Lock mine = new Lock("doc.txt", "alice", at(60));

    assertThat(store.tryLock(mine, at(0))).isEqualTo(mine);
    assertThat(store.lock("doc.txt", at(1))).contains(mine);

    Lock renewed = new Lock("doc.txt", "alice", at(120));
    assertThat(store.tryLock(renewed, at(30))).isEqualTo(renewed);
    assertThat(store.lock("doc.txt", at(90))).contains(renewed);
  }

  @Test
  void a_lock_held_by_another_owner_is_refused_until_it_expires() {
    Lock alices = new Lock("doc.txt", "alice", at(60));
    store.tryLock(alices, at(0));
    Lock bobs = new Lock("doc.txt", "bob", at(200));

    assertThat(store.tryLock(bobs, at(59))).isEqualTo(alices);
    assertThat(store.lock("doc.txt", at(59))).contains(alices);

    assertThat(store.lock("doc.txt", at(60))).isEmpty(); // expired at its expiry instant
    assertThat(store.tryLock(bobs, at(60))).isEqualTo(bobs);
    assertThat(store.lock("doc.txt", at(61))).contains(bobs);
  }

  @Test
  void only_the_owner_can_unlock() {
    store.tryLock(new Lock("doc.txt", "alice", at(60)), at(0));

    assertThat(store.unlock("doc.txt", "bob")).isFalse();
    assertThat(store.lock("doc.txt", at(1))).isPresent();
    assertThat(store.unlock("doc.txt", "alice")).isTrue();
    assertThat(store.lock("doc.txt", at(1))).isEmpty();
    assertThat(store.unlock("doc.txt", "alice")).isFalse();
    assertThat(store.tryLock(new Lock("doc.txt", "bob", at(60)), at(2)).owner()).isEqualTo("bob");
  }

  @Test
  void locks_on_different_paths_are_independent() {
    store.tryLock(new Lock("a", "alice", at(60)), at(0));

    assertThat(store.tryLock(new Lock("b", "bob", at(60)), at(0)).owner()).isEqualTo("bob");
    assertThat(store.lock("a", at(0)).orElseThrow().owner()).isEqualTo("alice");
  }

  @Test
  void of_many_threads_racing_for_one_lock_exactly_one_wins() throws Exception {
    int threads = 8;
    List<Lock> results = runConcurrently(threads,
        t -> store.tryLock(new Lock("hot", "owner" + t, at(60)), at(0)));

    List<String> holders = results.stream().map(Lock::owner).distinct().toList();
    assertThat(holders).hasSize(1);
    assertThat(store.lock("hot", at(0)).orElseThrow().owner()).isEqualTo(holders.get(0));
  }

  // ---- health ---------------------------------------------------------------------------------

  @Test
  void an_open_store_answers_ping_and_describes_itself() {
    store.ping();
    assertThat(store.describe()).isNotBlank();
  }

  // ---- concurrency ----------------------------------------------------------------------------

  @Test
  void many_threads_recording_one_file_get_versions_1_to_n() throws Exception {
    int threads = 16;
    int each = 200;
    int n = threads * each;

    List<List<Event>> perThread = runConcurrently(threads, t -> {
      List<Event> mine = new ArrayList<>();
      for (int i = 0; i < each; i++) {
        mine.add(recorded(put("same.txt", "t" + t + "-" + i, i)));
      }
      return mine;
    });

    List<Integer> versions = perThread.stream().flatMap(List::stream).map(Event::version)
        .sorted().toList();
    assertThat(versions).isEqualTo(IntStream.rangeClosed(1, n).boxed().toList());
    assertThat(store.history("same.txt")).extracting(VersionRecord::version)
        .isEqualTo(IntStream.rangeClosed(1, n).boxed().toList());
    assertThat(store.file("same.txt").orElseThrow().version()).isEqualTo(n);
    assertLogIsGapFree(n);
    // Each thread saw its own versions in increasing order (records are linearizable).
    for (List<Event> mine : perThread) {
      assertThat(mine).extracting(Event::version).isSorted();
    }
  }

  @Test
  void many_threads_on_many_files_keep_every_history_gap_free() throws Exception {
    int threads = 8;
    int files = 10;
    int rounds = 30;

    runConcurrently(threads, t -> {
      for (int r = 0; r < rounds; r++) {
        for (int f = 0; f < files; f++) {
          recorded(put("dir" + (f % 3) + "/file" + f, "t" + t + "r" + r + "f" + f, r));
        }
      }
      return null;
    });

    int n = threads * files * rounds;
    assertLogIsGapFree(n);
    assertThat(store.files("", true, false)).hasSize(files);
    for (FileRecord f : store.files("", true, false)) {
      assertThat(store.history(f.path())).extracting(VersionRecord::version)
          .isEqualTo(IntStream.rangeClosed(1, threads * rounds).boxed().toList());
    }
  }

  @Test
  void readers_never_see_a_half_recorded_change() throws Exception {
    int n = 300;
    var writerDone = new java.util.concurrent.atomic.AtomicBoolean();
    List<Object> out = runConcurrently(3, t -> {
      if (t == 0) {
        for (int i = 0; i < n; i++) {
          recorded(put("x.txt", "v" + i, i));
        }
        writerDone.set(true);
        return null;
      }
      int checks = 0;
      while (!writerDone.get() || checks == 0) {
        // The file record never runs ahead of the log, nor the log of the record's history.
        long seqBefore = store.lastSeq();
        int version = store.file("x.txt").map(FileRecord::version).orElse(0);
        long seqAfter = store.lastSeq();
        assertThat((long) version).isBetween(seqBefore, seqAfter);
        checks++;
      }
      return null;
    });
    assertThat(out).hasSize(3);
    assertLogIsGapFree(n);
  }

  // ---- batches --------------------------------------------------------------------------------

  @Test
  void record_all_has_the_effect_of_recording_each_in_order() {
    List<Optional<Event>> results = store.recordAll(List.of(
        put("a.txt", "one", 1), put("b.txt", "b", 1), put("a.txt", "two", 2),
        put("b.txt", "b", 2), mv("a.txt", "c.txt", "two", 3), del("b.txt", 4)));
    assertThat(results).hasSize(6);
    assertThat(results.get(3)).isEmpty(); // same content: no version
    assertThat(results.stream().flatMap(Optional::stream).map(Event::action))
        .containsExactly(Action.CREATE, Action.CREATE, Action.MODIFY, Action.RENAME,
            Action.DELETE);
    assertThat(store.history("c.txt")).extracting(VersionRecord::action)
        .containsExactly(Action.CREATE, Action.MODIFY, Action.RENAME);
    assertLogIsGapFree(5);
  }

  @Test
  void record_all_records_nothing_when_one_change_is_impossible() {
    recorded(put("x.txt", "x", 1));
    assertThatThrownBy(() -> store.recordAll(List.of(
            put("a.txt", "one", 2), mv("missing.txt", "b.txt", "one", 3))))
        .isInstanceOf(ConflictException.class);
    assertThat(store.file("a.txt")).isEmpty();
    assertLogIsGapFree(1);
    assertThat(store.recordAll(List.of())).isEmpty();
  }

  // ---- pins -----------------------------------------------------------------------------------

  @Test
  void a_version_can_be_pinned_relabelled_listed_and_unpinned() {
    store.record(put("p.txt", "one", 1));
    store.record(put("p.txt", "two", 2));
    store.record(put("p.txt", "three", 3));

    assertThat(store.pin("p.txt", 2, "signed", at(10))).isTrue();
    assertThat(store.pin("p.txt", 1, "draft", at(11))).isTrue();
    assertThat(store.pin("p.txt", 2, "signed copy", at(12))).isTrue();

    assertThat(store.pins("p.txt")).containsExactly(new Pin(1, "draft", at(11)),
        new Pin(2, "signed copy", at(12)));
    assertThat(store.unpin("p.txt", 1)).isTrue();
    assertThat(store.unpin("p.txt", 1)).isFalse();
    assertThat(store.pins("p.txt")).containsExactly(new Pin(2, "signed copy", at(12)));
  }

  @Test
  void pinning_a_version_that_does_not_exist_pins_nothing() {
    store.record(put("p.txt", "one", 1));

    assertThat(store.pin("p.txt", 2, "x", at(5))).isFalse();
    assertThat(store.pin("nowhere.txt", 1, "x", at(5))).isFalse();
    assertThat(store.pins("p.txt")).isEmpty();
    assertThat(store.pins("nowhere.txt")).isEmpty();
    assertThat(store.unpin("nowhere.txt", 1)).isFalse();
  }

  @Test
  void pins_follow_the_file_through_a_rename_and_survive_its_deletion() {
    store.record(put("old.txt", "one", 1));
    store.pin("old.txt", 1, "keep", at(2));
    store.record(mv("old.txt", "new.txt", "two", 3));
    store.pin("new.txt", 2, "renamed", at(4));

    assertThat(store.pins("new.txt")).extracting(Pin::version).containsExactly(1, 2);
    assertThat(store.pins("old.txt")).isEmpty();
    store.record(del("new.txt", 5));
    assertThat(store.pins("new.txt")).extracting(Pin::label).containsExactly("keep", "renamed");
    assertThat(store.pins("other.txt")).isEmpty();
  }

  @Test
  void pins_of_one_file_do_not_touch_another() {
    store.record(put("a.txt", "a", 1));
    store.record(put("b.txt", "b", 1));
    store.pin("a.txt", 1, "a", at(2));

    assertThat(store.unpin("b.txt", 1)).isFalse();
    assertThat(store.pins("b.txt")).isEmpty();
    assertThat(store.pins("a.txt")).hasSize(1);
  }

  // ---- point in time --------------------------------------------------------------------------

  /**
   * A scripted history over a tree: creates, edits, renames within and across folders, deletes
   * and re-creates, one step every 10 s. The expected tree at any instant comes from replaying
   * the script into a plain map (an oracle independent of any store).
   */
  private static final List<Change> SCRIPT = List.of(
      put("docs/a.txt", "a1", 10),
      put("docs/b.txt", "b1", 20),
      put("docs/sub/c.txt", "c1", 30),
      put("other/x.txt", "x1", 40),
      put("docs/a.txt", "a2", 50),
      mv("docs/b.txt", "docs/sub/b.txt", "b1", 60),
      del("docs/sub/c.txt", 70),
      put("docs/sub/c.txt", "c2", 80),
      mv("other/x.txt", "docs/x.txt", "x1", 90),
      put("docs/x.txt", "x2", 100),
      mv("docs/a.txt", "other/a.txt", "a2", 110),
      put("docs/a.txt", "new a", 120),
      del("docs/sub/b.txt", 130),
      put("docs/deep/er/d.txt", "d1", 140),
      put("docs/sub/c.txt", "c3", 150),
      del("docs/deep/er/d.txt", 160),
      put("docs/deep/er/d.txt", "d2", 170),
      mv("other/a.txt", "docs/sub/a.txt", "a2", 180),
      del("docs/x.txt", 190),
      put("docs0.txt", "sibling", 200));

  /** Replays the script up to and including {@code at}: path → content hash. */
  private static java.util.SortedMap<String, String> expectedTree(String dir, Instant at) {
    java.util.SortedMap<String, String> tree = new java.util.TreeMap<>();
    for (Change ch : SCRIPT) {
      if (ch.time().isAfter(at)) {
        break;
      }
      switch (ch.action()) {
        case DELETE -> tree.remove(ch.path());
        case RENAME -> {
          tree.remove(ch.from());
          tree.put(ch.path(), ch.hash());
        }
        default -> tree.put(ch.path(), ch.hash());
      }
    }
    String prefix = dir.isEmpty() ? "" : dir + "/";
    tree.keySet().removeIf(p -> !p.startsWith(prefix));
    return tree;
  }

  private java.util.SortedMap<String, String> treeAt(String dir, Instant at) {
    java.util.SortedMap<String, String> tree = new java.util.TreeMap<>();
    for (VersionRecord v : store.filesAt(dir, at)) {
      assertThat(v.hash()).as("a tombstone listed at %s: %s", at, v).isNotNull();
      assertThat(tree.put(v.path(), v.hash())).as("%s listed twice at %s", v.path(), at).isNull();
    }
    return tree;
  }

  @Test
  void files_at_an_instant_are_the_tree_as_it_was_then_at_20_instants() {
    for (Change ch : SCRIPT) {
      recorded(ch);
    }
    // 20 instants: before anything, between steps, exactly at steps (a version recorded at the
    // instant counts), and after the last one.
    long[] seconds = {0, 10, 15, 29, 30, 55, 60, 65, 75, 80, 95, 105, 115, 125, 135, 145, 165,
        175, 185, 500};
    for (long sec : seconds) {
      Instant t = at(sec);
      for (String dir : List.of("", "docs", "docs/sub", "other")) {
        assertThat(treeAt(dir, t)).as("tree under '%s' at +%ds", dir, sec)
            .isEqualTo(expectedTree(dir, t));
      }
    }
  }

  @Test
  void a_version_listed_at_an_instant_is_the_one_it_had_then() {
    for (Change ch : SCRIPT) {
      recorded(ch);
    }
    List<VersionRecord> then = store.filesAt("docs", at(65));
    assertThat(then).extracting(VersionRecord::path, VersionRecord::version,
        VersionRecord::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("docs/a.txt", 2, Action.MODIFY),
            org.assertj.core.groups.Tuple.tuple("docs/sub/b.txt", 2, Action.RENAME),
            org.assertj.core.groups.Tuple.tuple("docs/sub/c.txt", 1, Action.CREATE));
    assertThat(then.get(0).time()).isEqualTo(at(50));
    assertThat(then.get(0).user()).isEqualTo("alice");
    assertThat(store.filesAt("nothing/here", at(500))).isEmpty();
  }

  @Test
  void change_times_under_a_folder_are_distinct_and_newest_first() {
    for (Change ch : SCRIPT) {
      recorded(ch);
    }
    assertThat(store.changeTimes("docs/sub", 100))
        .containsExactly(at(180), at(150), at(130), at(80), at(70), at(60), at(30));
    assertThat(store.changeTimes("docs/sub", 2)).containsExactly(at(180), at(150));
    assertThat(store.changeTimes("", 3)).containsExactly(at(200), at(190), at(180));
    assertThat(store.changeTimes("docs/deep/", 100)).containsExactly(at(170), at(160), at(140));
    assertThat(store.changeTimes("nowhere", 10)).isEmpty();
  }

  @Test
  void versions_made_under_one_change_set_are_found_by_its_id_including_deletions() {
    recorded(put("d/a.txt", "a1", 1));
    recorded(put("d/b.txt", "b1", 2));
    recorded(put("d/c.txt", "c1", 3));
    store.expectWrite(new WriteIntent("d/a.txt", hash("a0"), "ann", Origin.CLI, "cs-9", at(60)));
    store.expectWrite(new WriteIntent("d/new.txt", hash("n"), "ann", Origin.CLI, "cs-9", at(60)));
    store.expectWrite(WriteIntent.deletion("d/c.txt", "ann", Origin.CLI, "cs-9", at(60)));
    recorded(put("d/a.txt", "a0", 10));
    recorded(put("d/b.txt", "b2", 11));
    recorded(put("d/new.txt", "n", 12));
    Event gone = recorded(del("d/c.txt", 13));
    assertThat(gone.user()).isEqualTo("ann");

    List<VersionRecord> set = store.changeSet("cs-9");
    assertThat(set).extracting(VersionRecord::path, VersionRecord::version,
        VersionRecord::action, VersionRecord::user, VersionRecord::origin)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("d/a.txt", 2, Action.MODIFY, "ann", Origin.CLI),
            org.assertj.core.groups.Tuple.tuple("d/c.txt", 2, Action.DELETE, "ann", Origin.CLI),
            org.assertj.core.groups.Tuple.tuple("d/new.txt", 1, Action.CREATE, "ann",
                Origin.CLI));
    assertThat(set).allSatisfy(v -> assertThat(v.changeSet()).isEqualTo("cs-9"));
    assertThat(store.file("d/c.txt").orElseThrow().lastModifiedUser()).isEqualTo("ann");
    assertThat(store.changeSet("no-such-set")).isEmpty();
  }

  @Test
  void a_deletion_intent_does_not_apply_to_content_and_a_content_intent_not_to_a_deletion() {
    recorded(put("k.txt", "k1", 1));
    store.expectWrite(WriteIntent.deletion("k.txt", "ann", Origin.WEB, "cs-d", at(60)));
    recorded(put("k.txt", "k2", 2));
    assertThat(store.history("k.txt").get(1).changeSet()).isNull();
    store.expectWrite(new WriteIntent("k.txt", hash("k2"), "ben", Origin.WEB, "cs-c", at(60)));
    Event gone = recorded(del("k.txt", 3));
    assertThat(gone.user()).isEqualTo("ann");
    assertThat(store.history("k.txt").get(2).changeSet()).isEqualTo("cs-d");
  }

  // ---- concurrency helpers --------------------------------------------------------------------

  /** Asserts the log holds exactly seqs 1..n, each once, in order. */
  protected void assertLogIsGapFree(long n) {
    assertThat(store.lastSeq()).isEqualTo(n);
    List<Long> seqs = new ArrayList<>();
    long after = 0;
    List<Event> page;
    while (!(page = store.eventsAfter(after, 500)).isEmpty()) {
      page.forEach(e -> seqs.add(e.seq()));
      after = page.get(page.size() - 1).seq();
    }
    assertThat(seqs).isEqualTo(LongStream.rangeClosed(1, n).boxed().toList());
  }

  /** A task of thread number t. */
  @FunctionalInterface
  protected interface Task<T> {
    T run(int t) throws Exception;
  }

  /** Runs the task on that many threads released together; rethrows the first failure. */
  protected static <T> List<T> runConcurrently(int threads, Task<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int id = t;
        Callable<T> call = () -> {
          ready.countDown();
          go.await();
          return task.run(id);
        };
        futures.add(pool.submit(call));
      }
      assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
      go.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        try {
          results.add(f.get(Duration.ofMinutes(2).toMillis(), TimeUnit.MILLISECONDS));
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof Exception ex) {
            throw ex;
          }
          throw new AssertionError(e.getCause());
        }
      }
      return Collections.unmodifiableList(results);
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
