package io.revkeep.core.store;

import static io.revkeep.core.store.HistoryScenario.hash;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.ImportedVersion;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.model.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link HistoryImport} contract: a history recorded through {@code record()} and read back
 * as a backup holds it, imported into an empty store, reads back the same through every reading
 * interface; what may not follow is refused and changes nothing. Every Store implementation
 * extends this class (SqliteHistoryImportTest, CouchbaseHistoryImportIT).
 */
public abstract class HistoryImportContract {
  private static final Instant T = HistoryScenario.T0;
  private static final String HERE = "host1:/srv/shared";

  private final List<Store> opened = new ArrayList<>();

  /** A fresh, empty store; the contract closes it after the test. */
  protected abstract Store newStore();

  private Store store() {
    Store s = newStore();
    opened.add(s);
    return s;
  }

  @AfterEach
  void closeStores() {
    opened.forEach(Store::close);
  }

  // ---- the round trip -------------------------------------------------------------------------

  @Test
  void a_recorded_history_imported_into_an_empty_store_reads_back_the_same() {
    Store original = store();
    HistoryScenario.Played played = HistoryScenario.play(original, 200, 16);
    List<ImportedVersion> backup = HistoryScenario.exported(original);
    Store rebuilt = store();
    assertThat(rebuilt.isEmpty()).isTrue();

    for (int from = 0; from < backup.size(); from += 64) {
      rebuilt.importAll(backup.subList(from, Math.min(backup.size(), from + 64)));
    }
    rebuilt.finishImport(original.lastSeq());

    assertThat(backup).hasSizeGreaterThanOrEqualTo(200);
    assertThat(backup).extracting(ImportedVersion::action).contains(Action.values());
    assertThat(played.changeSets()).isNotEmpty();
    assertThat(original.detachedFiles()).as("renames onto a deleted file's path").isNotEmpty();
    assertSameHistory(rebuilt, original, played);
  }

  @Test
  void an_imported_store_records_on_as_the_original_would() {
    Store original = store();
    HistoryScenario.play(original, 60, 7);
    Store rebuilt = store();
    rebuilt.importAll(HistoryScenario.exported(original));
    rebuilt.finishImport(original.lastSeq());
    FileRecord someFile = original.files("", true, false).get(0);
    Instant later = HistoryScenario.T0.plusSeconds(100_000);

    // the listener's first look after a recover: the same content only updates the stat
    Change seen = Change.content(someFile.path(), someFile.hash(), someFile.size(), 42, later,
        "alice", HERE);
    assertThat(rebuilt.record(seen)).isEmpty();
    assertThat(rebuilt.file(someFile.path()).orElseThrow().fsMtime()).isEqualTo(42);
    // new content: the next version and the next seq, in both
    Change edit = Change.content(someFile.path(), hash("after the recovery"), 18, 43, later,
        "alice", HERE);
    assertThat(rebuilt.record(edit)).isEqualTo(original.record(edit));
    Change brandNew = Change.content("brand/new.txt", hash("new"), 3, 44, later, "bob", HERE);
    assertThat(rebuilt.record(brandNew)).isEqualTo(original.record(brandNew));
    assertThat(rebuilt.history(someFile.path())).isEqualTo(original.history(someFile.path()));
  }

  @Test
  void an_imported_record_is_marked_never_seen_on_disk() {
    Store rebuilt = store();
    rebuilt.importVersion(version(1, Action.CREATE, "a.txt", null, 1, "one"));

    FileRecord f = rebuilt.file("a.txt").orElseThrow();
    assertThat(f.fsSize()).isEqualTo(ImportRules.UNREAD_FS_SIZE);
    assertThat(f.fsMtime()).isEqualTo(ImportRules.UNREAD_FS_MTIME);
  }

  // ---- seqs and holes -------------------------------------------------------------------------

  @Test
  void gaps_between_imported_seqs_and_after_the_last_one_are_declared_holes() {
    Store rebuilt = store();
    rebuilt.importAll(List.of(
        version(1, Action.CREATE, "a.txt", null, 1, "one"),
        version(4, Action.MODIFY, "a.txt", null, 2, "two")));
    rebuilt.importVersion(version(5, Action.CREATE, "b.txt", null, 1, "b"));
    rebuilt.finishImport(8);

    assertThat(rebuilt.eventsAfter(0, 100)).extracting(Event::seq).containsExactly(1L, 4L, 5L);
    assertThat(rebuilt.lastSeq()).isEqualTo(8);
    for (long s = 1; s <= 9; s++) {
      assertThat(rebuilt.isHole(s)).as("seq %d", s).isEqualTo(s == 2 || s == 3 || s >= 6 && s <= 8);
    }
    Event next = rebuilt.record(Change.content("c.txt", hash("c"), 1, 1, T.plusSeconds(9),
        "alice", HERE)).orElseThrow();
    assertThat(next.seq()).isEqualTo(9);
    assertThat(rebuilt.isEmpty()).isFalse();
  }

  @Test
  void finishing_without_a_gap_declares_no_hole() {
    Store rebuilt = store();
    rebuilt.importVersion(version(1, Action.CREATE, "a.txt", null, 1, "one"));
    rebuilt.finishImport(1);

    assertThat(rebuilt.lastSeq()).isEqualTo(1);
    assertThat(rebuilt.isHole(2)).isFalse();
  }

  @Test
  void a_history_of_holes_only_leaves_the_store_at_its_last_seq() {
    Store rebuilt = store();
    rebuilt.finishImport(3);

    assertThat(rebuilt.lastSeq()).isEqualTo(3);
    assertThat(rebuilt.eventsAfter(0, 10)).isEmpty();
    assertThat(rebuilt.isEmpty()).isFalse();
  }

  // ---- empty or not ---------------------------------------------------------------------------

  @Test
  void a_new_store_is_empty_and_users_do_not_count_but_an_event_does() {
    Store s = store();
    assertThat(s.isEmpty()).isTrue();
    s.addUser(new User("admin", "$2a$10$abcdefghijklmnopqrstuv", Role.ADMIN));
    assertThat(s.isEmpty()).isTrue();

    s.record(Change.content("a.txt", hash("a"), 1, 1, T, "alice", HERE));

    assertThat(s.isEmpty()).isFalse();
  }

  // ---- refusals -------------------------------------------------------------------------------

  @Test
  void a_history_imported_over_another_one_is_refused_and_changes_nothing() {
    Store s = store();
    HistoryScenario.play(s, 20, 3);
    Snapshot before = Snapshot.of(s);

    assertThatThrownBy(() -> s.importVersion(version(1, Action.CREATE, "x.txt", null, 1, "x")))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("seq 1")
        .hasMessageContaining("already at seq " + s.lastSeq());
    assertThat(Snapshot.of(s)).isEqualTo(before);
  }

  @Test
  void a_version_out_of_seq_order_is_refused_and_changes_nothing() {
    Store s = store();
    s.importAll(List.of(version(1, Action.CREATE, "a.txt", null, 1, "one"),
        version(3, Action.MODIFY, "a.txt", null, 2, "two")));
    Snapshot before = Snapshot.of(s);

    assertThatThrownBy(() -> s.importVersion(version(2, Action.CREATE, "b.txt", null, 1, "b")))
        .isInstanceOf(ImportException.class)
        .hasMessage("cannot import seq 2 (CREATE b.txt, version 1): the store is already at seq"
            + " 3; versions are imported once each, in increasing seq order");
    assertThatThrownBy(() -> s.importVersion(version(3, Action.MODIFY, "a.txt", null, 3, "3")))
        .isInstanceOf(ImportException.class);
    assertThat(Snapshot.of(s)).isEqualTo(before);
  }

  @Test
  void a_rename_whose_source_is_missing_is_refused_and_changes_nothing() {
    Store s = store();
    s.importAll(List.of(version(1, Action.CREATE, "a.txt", null, 1, "one"),
        version(2, Action.DELETE, "a.txt", null, 2, null)));
    Snapshot before = Snapshot.of(s);

    assertThatThrownBy(() -> s.importVersion(version(5, Action.RENAME, "b.txt", "a.txt", 3, "1")))
        .isInstanceOf(ImportException.class)
        .hasMessage("cannot import seq 5 (RENAME a.txt -> b.txt, version 3): no live file is"
            + " at a.txt");
    assertThatThrownBy(() -> s.importVersion(version(5, Action.RENAME, "b.txt", "zz.txt", 1,
        "1"))).isInstanceOf(ImportException.class).hasMessageContaining("no live file is at zz");
    assertThat(Snapshot.of(s)).isEqualTo(before);
    assertThat(s.isHole(3)).isFalse();
  }

  @Test
  void a_version_that_is_not_the_files_next_or_does_not_fit_its_path_is_refused() {
    Store s = store();
    s.importAll(List.of(version(1, Action.CREATE, "a.txt", null, 1, "one"),
        version(2, Action.CREATE, "b.txt", null, 1, "b"),
        version(3, Action.DELETE, "b.txt", null, 2, null)));
    Snapshot before = Snapshot.of(s);

    List<ImportedVersion> wrong = List.of(
        version(4, Action.MODIFY, "a.txt", null, 3, "skips version 2"),
        version(4, Action.MODIFY, "a.txt", null, 1, "repeats version 1"),
        version(4, Action.CREATE, "a.txt", null, 2, "a live file is there"),
        version(4, Action.CREATE, "c.txt", null, 2, "a new file starts at 1"),
        version(4, Action.CREATE, "b.txt", null, 1, "the deleted one is at 2"),
        version(4, Action.MODIFY, "b.txt", null, 3, "deleted"),
        version(4, Action.DELETE, "b.txt", null, 3, null),
        version(4, Action.MODIFY, "nothing.txt", null, 1, "no file"),
        version(4, Action.RENAME, "b.txt", "a.txt", 3, "onto a tombstone, skipping version 2"),
        version(4, Action.RENAME, "a.txt", "a.txt", 2, "onto itself"),
        version(20_000, Action.MODIFY, "a.txt", null, 2, "too far ahead"));
    for (ImportedVersion v : wrong) {
      assertThatThrownBy(() -> s.importVersion(v)).as("%s", v)
          .isInstanceOf(ImportException.class)
          .hasMessageStartingWith("cannot import " + v.describe() + ": ");
    }
    assertThat(Snapshot.of(s)).isEqualTo(before);
  }

  @Test
  void malformed_fields_are_refused() {
    Store s = store();
    ImportedVersion ok = version(1, Action.CREATE, "a.txt", null, 1, "one");
    List<ImportedVersion> wrong = List.of(
        with(ok, "/etc/passwd", null, ok.hash(), ok.size()),
        with(ok, "a/../b.txt", null, ok.hash(), ok.size()),
        with(ok, "a//b.txt", null, ok.hash(), ok.size()),
        with(ok, "", null, ok.hash(), ok.size()),
        with(ok, "a.txt", null, "not a hash", ok.size()),
        with(ok, "a.txt", null, ok.hash().toUpperCase(), ok.size()),
        with(ok, "a.txt", null, null, 0),
        with(ok, "a.txt", null, ok.hash(), -1),
        with(ok, "a.txt", "b.txt", ok.hash(), ok.size()),
        new ImportedVersion(0, Action.CREATE, "a.txt", null, 1, ok.hash(), 3, T, "u",
            Origin.FS, null, HERE),
        new ImportedVersion(1, Action.DELETE, "a.txt", null, 1, ok.hash(), 0, T, "u",
            Origin.FS, null, HERE));
    for (ImportedVersion v : wrong) {
      assertThatThrownBy(() -> s.importVersion(v)).as("%s", v)
          .isInstanceOf(ImportException.class);
    }
    assertThat(s.isEmpty()).isTrue();
  }

  @Test
  void a_batch_with_one_bad_version_changes_nothing() {
    Store s = store();
    s.importVersion(version(1, Action.CREATE, "a.txt", null, 1, "one"));
    Snapshot before = Snapshot.of(s);

    assertThatThrownBy(() -> s.importAll(List.of(
        version(3, Action.MODIFY, "a.txt", null, 2, "two"),
        version(4, Action.RENAME, "b.txt", "a.txt", 3, "two"),
        version(5, Action.CREATE, "a.txt", null, 1, "new a"),
        version(6, Action.MODIFY, "a.txt", null, 3, "wrong: the new a is at 1"))))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("seq 6");
    assertThat(Snapshot.of(s)).isEqualTo(before);
    assertThat(s.isHole(2)).isFalse();
  }

  @Test
  void finishing_below_the_last_seq_or_far_beyond_it_is_refused_and_changes_nothing() {
    Store s = store();
    s.importVersion(version(3, Action.CREATE, "a.txt", null, 1, "one"));

    assertThatThrownBy(() -> s.finishImport(2)).isInstanceOf(ImportException.class)
        .hasMessage("cannot finish the import at seq 2: the store is already at seq 3");
    assertThatThrownBy(() -> s.finishImport(3 + ImportRules.MAX_HOLE_RUN + 1))
        .isInstanceOf(ImportException.class);
    assertThat(s.lastSeq()).isEqualTo(3);
    assertThat(s.isHole(4)).isFalse();
  }

  @Test
  void a_rename_onto_a_tombstone_is_imported_as_recorded_and_onto_a_live_file_refused() {
    Store s = store();
    s.importAll(List.of(version(1, Action.CREATE, "a.txt", null, 1, "one"),
        version(2, Action.RENAME, "b.txt", "a.txt", 2, "one"),
        version(3, Action.CREATE, "a.txt", null, 1, "reuse")));
    assertThatThrownBy(() -> s.importVersion(version(4, Action.RENAME, "a.txt", "b.txt", 3,
        "one"))).isInstanceOf(ImportException.class)
        .hasMessage("cannot import seq 4 (RENAME b.txt -> a.txt, version 3): a live file is at"
            + " a.txt already");

    s.importAll(List.of(version(4, Action.DELETE, "a.txt", null, 2, null),
        version(5, Action.RENAME, "a.txt", "b.txt", 3, "one")));

    assertThat(s.history("a.txt")).extracting(VersionRecord::path)
        .containsExactly("a.txt", "b.txt", "a.txt");
    assertThat(s.files("", true, true)).extracting(FileRecord::path).containsExactly("a.txt");
    assertThat(s.filesAtAndNow("", T.plusSeconds(3)).stream()
        .filter(f -> f.then().path().equals("a.txt"))).singleElement().satisfies(f -> {
      assertThat(f.then().hash()).isEqualTo(hash("reuse"));
      assertThat(f.deletedSince()).isTrue();
    });
    assertThat(s.eventsAfter(0, 10)).extracting(Event::action).containsExactly(Action.CREATE,
        Action.RENAME, Action.CREATE, Action.DELETE, Action.RENAME);
    assertThat(s.detachedFiles()).singleElement().satisfies(d -> assertThat(d.history())
        .extracting(VersionRecord::hash).containsExactly(hash("reuse"), null));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static ImportedVersion version(long seq, Action action, String path, String from,
      int version, String content) {
    String h = content == null ? null : hash(content);
    long size = content == null ? 0 : content.length();
    return new ImportedVersion(seq, action, path, from, version, h, size, T.plusSeconds(seq),
        "alice", Origin.FS, null, HERE);
  }

  private static ImportedVersion with(ImportedVersion v, String path, String from, String hash,
      long size) {
    return new ImportedVersion(v.seq(), v.action(), path, from, v.version(), hash, size, v.time(),
        v.user(), v.origin(), v.changeSet(), v.location());
  }

  /** The detached records without what an import does not restore, with their histories. */
  private static List<List<Object>> detached(Store s) {
    return s.detachedFiles().stream().map(d -> List.<Object>of(
        FileState.of(List.of(d.record())).get(0), d.history())).toList();
  }

  /** Each file then, and its record now without what an import does not restore. */
  private static List<List<Object>> thenAndNow(List<io.revkeep.core.model.FileThen> files) {
    return files.stream().map(f -> List.<Object>of(f.then(),
        FileState.of(List.of(f.now())).get(0))).toList();
  }

  /** A file record without what an import does not restore (id, rev, the fast-path stat). */
  record FileState(String path, String hash, long size, Instant created, String createdUser,
      Instant lastModified, String lastModifiedUser, int version, boolean deleted) {
    static List<FileState> of(List<FileRecord> records) {
      return records.stream().map(f -> new FileState(f.path(), f.hash(), f.size(), f.created(),
          f.createdUser(), f.lastModified(), f.lastModifiedUser(), f.version(), f.deleted()))
          .toList();
    }
  }

  /** Everything a reader can see of a store's history, to compare two stores or two moments. */
  record Snapshot(long lastSeq, List<Event> events, List<FileState> files,
      Map<String, List<VersionRecord>> histories, List<VersionRecord> now) {
    static Snapshot of(Store s) {
      List<FileRecord> all = s.files("", true, true);
      Map<String, List<VersionRecord>> histories = new LinkedHashMap<>();
      for (FileRecord f : all) {
        histories.put(f.path(), s.history(f.path()));
      }
      return new Snapshot(s.lastSeq(), s.eventsAfter(0, Integer.MAX_VALUE), FileState.of(all),
          histories, s.filesAt("", Instant.parse("2100-01-01T00:00:00Z")));
    }
  }

  private static void assertSameHistory(Store rebuilt, Store original,
      HistoryScenario.Played played) {
    Snapshot got = Snapshot.of(rebuilt);
    Snapshot want = Snapshot.of(original);
    assertThat(got.lastSeq()).as("lastSeq").isEqualTo(want.lastSeq());
    for (int i = 0; i < want.events().size(); i++) {
      assertThat(got.events()).as("eventsAfter(0)").hasSameSizeAs(want.events());
      assertThat(got.events().get(i)).as("event %d", i + 1).isEqualTo(want.events().get(i));
    }
    assertThat(got.histories().keySet()).as("every path").isEqualTo(want.histories().keySet());
    want.histories().forEach((path, history) ->
        assertThat(got.histories().get(path)).as("history(%s)", path).isEqualTo(history));
    assertThat(got).isEqualTo(want); // the file records and the tree now
    assertThat(detached(rebuilt)).as("detachedFiles").isEqualTo(detached(original));
    for (String dir : List.of("", "docs", "docs/sub", "photos", "nowhere")) {
      for (boolean recursive : new boolean[] {false, true}) {
        for (boolean deleted : new boolean[] {false, true}) {
          assertThat(FileState.of(rebuilt.files(dir, recursive, deleted)))
              .as("files(%s, %s, %s)", dir, recursive, deleted)
              .isEqualTo(FileState.of(original.files(dir, recursive, deleted)));
        }
      }
      for (Instant at : played.probes()) {
        assertThat(rebuilt.filesAt(dir, at)).as("filesAt(%s, %s)", dir, at)
            .isEqualTo(original.filesAt(dir, at));
        assertThat(thenAndNow(rebuilt.filesAtAndNow(dir, at))).as("filesAtAndNow(%s, %s)", dir,
            at).isEqualTo(thenAndNow(original.filesAtAndNow(dir, at)));
      }
      assertThat(rebuilt.changeTimes(dir, 10_000)).as("changeTimes(%s)", dir)
          .isEqualTo(original.changeTimes(dir, 10_000));
    }
    assertThat(played.probes()).hasSize(10);
    assertThat(original.filesAt("", played.probes().get(5))).isNotEmpty();
    for (String cs : played.changeSets()) {
      assertThat(rebuilt.changeSet(cs)).as("changeSet(%s)", cs).isNotEmpty()
          .isEqualTo(original.changeSet(cs));
    }
    for (String h : played.hashes()) {
      assertThat(FileState.of(rebuilt.liveFilesWithHash(h))).as("liveFilesWithHash(%s)", h)
          .isEqualTo(FileState.of(original.liveFilesWithHash(h)));
    }
    List<FileRecord> files = original.files("", true, true);
    for (FileRecord f : files) {
      for (int v : new int[] {0, 1, f.version(), f.version() + 1}) {
        assertThat(rebuilt.version(f.path(), v)).isEqualTo(original.version(f.path(), v));
      }
    }
  }
}
