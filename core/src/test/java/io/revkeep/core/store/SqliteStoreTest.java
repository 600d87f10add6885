package io.revkeep.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.Lock;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.model.WriteIntent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The Store contract on a real SQLite file, plus what only a shared file can get wrong. */
class SqliteStoreTest extends StoreContract {

  @TempDir Path dir;

  private Path dbFile;

  @Override
  protected Store newStore() {
    dbFile = dir.resolve("data").resolve("revkeep.db");
    return SqliteStore.open(dbFile);
  }

  @Test
  void open_creates_the_parent_folders_and_describes_the_absolute_path() {
    assertThat(dbFile).isRegularFile();
    assertThat(store.describe()).isEqualTo("sqlite " + dbFile.toAbsolutePath());
  }

  @Test
  void a_batch_lookup_larger_than_one_query_finds_every_record() {
    // filesAt and liveFilesWithHashes ask 500 keys per query (SqliteFileReads.IN_CHUNK)
    List<Change> batch = new ArrayList<>();
    for (int i = 0; i < 1_100; i++) {
      batch.add(put("many/" + i + ".txt", i % 2 == 0 ? "even" : "c" + i, i));
    }
    store.recordAll(batch);
    List<String> paths = new ArrayList<>();
    List<String> hashes = new ArrayList<>();
    for (int i = 1_199; i >= 0; i--) {
      paths.add("many/" + i + ".txt");
      hashes.add(hash(i % 2 == 0 ? "even" : "c" + i));
    }
    Map<String, FileRecord> records = store.filesAt(paths);
    assertThat(records).hasSize(1_100);
    assertThat(records.get("many/1099.txt")).isEqualTo(store.file("many/1099.txt").orElseThrow());
    Map<String, List<FileRecord>> byHash = store.liveFilesWithHashes(hashes);
    assertThat(byHash).hasSize(601);
    assertThat(byHash.get(hash("even"))).hasSize(550);
    assertThat(byHash.get(hash("c1099"))).extracting(FileRecord::path)
        .containsExactly("many/1099.txt");
    assertThat(byHash.get(hash("c1101"))).isEmpty();
  }

  @Test
  void two_stores_on_one_file_recording_concurrently_keep_seqs_and_versions_gap_free()
      throws Exception {
    int threads = 8;
    int each = 100;
    try (SqliteStore other = SqliteStore.open(dbFile)) {
      runConcurrently(threads, t -> {
        Store mine = t % 2 == 0 ? store : other; // half the threads in each "process"
        for (int i = 0; i < each; i++) {
          mine.record(put("shared.txt", "t" + t + "-" + i, i)).orElseThrow();
          mine.record(put("own-" + t + ".txt", "t" + t + "-" + i, i)).orElseThrow();
        }
        return null;
      });

      int n = threads * each;
      assertLogIsGapFree(2L * n);
      assertThat(other.lastSeq()).isEqualTo(2L * n);
      assertThat(other.history("shared.txt")).extracting(VersionRecord::version)
          .isEqualTo(IntStream.rangeClosed(1, n).boxed().toList());
      for (int t = 0; t < threads; t++) {
        assertThat(store.history("own-" + t + ".txt")).extracting(VersionRecord::version)
            .isEqualTo(IntStream.rangeClosed(1, each).boxed().toList());
      }
    }
  }

  @Test
  void several_processes_creating_the_same_new_database_at_once_all_open_it() throws Exception {
    Path fresh = dir.resolve("fresh").resolve("new.db");

    List<SqliteStore> opened = runConcurrently(6, t -> SqliteStore.open(fresh));
    try {
      for (int t = 0; t < opened.size(); t++) {
        opened.get(t).record(put("from-" + t, "x" + t, t)).orElseThrow();
      }
      assertThat(opened.get(0).lastSeq()).isEqualTo(6);
    } finally {
      opened.forEach(SqliteStore::close);
    }
  }

  @Test
  void a_lock_taken_through_one_store_is_seen_and_refused_through_another() {
    try (SqliteStore other = SqliteStore.open(dbFile)) {
      store.tryLock(new Lock("doc.txt", "alice", at(60)), at(0));

      assertThat(other.tryLock(new Lock("doc.txt", "bob", at(60)), at(1)).owner())
          .isEqualTo("alice");
      assertThat(other.unlock("doc.txt", "alice")).isTrue();
      assertThat(store.lock("doc.txt", at(1))).isEmpty();
    }
  }

  @Test
  void an_intent_registered_by_another_process_is_consumed_by_the_recording_one() {
    try (SqliteStore cli = SqliteStore.open(dbFile)) {
      cli.expectWrite(new WriteIntent("r.txt", hash("old"), "root", Origin.CLI, "cs", at(60)));

      Event e = store.record(put("r.txt", "old", 1)).orElseThrow();

      assertThat(e.user()).isEqualTo("root");
      assertThat(cli.version("r.txt", 1).orElseThrow().origin()).isEqualTo(Origin.CLI);
    }
  }

  @Test
  void reopening_after_close_keeps_everything() {
    store.record(put("a.txt", "one", 1));
    store.record(put("a.txt", "two", 2));
    store.record(mv("a.txt", "b.txt", "two", 3));
    store.addUser(new User("ann", "$2a$10$h", Role.ADMIN));
    store.tryLock(new Lock("b.txt", "ann", at(60)), at(0));
    store.pin("b.txt", 2, "final", at(5));
    store.expectWrite(new WriteIntent("c.txt", hash("c"), "ann", Origin.WEB, "cs", at(60)));
    var fileBefore = store.file("b.txt").orElseThrow();
    var historyBefore = store.history("b.txt");
    var eventsBefore = store.eventsAfter(0, 100);
    store.close();

    store = SqliteStore.open(dbFile);

    assertThat(store.file("b.txt")).contains(fileBefore);
    assertThat(store.history("b.txt")).isEqualTo(historyBefore);
    assertThat(store.eventsAfter(0, 100)).isEqualTo(eventsBefore);
    assertThat(store.user("ann")).isPresent();
    assertThat(store.lock("b.txt", at(1))).isPresent();
    assertThat(store.pins("b.txt")).containsExactly(new Pin(2, "final", at(5)));
    assertThat(store.record(put("c.txt", "c", 4)).orElseThrow().user()).isEqualTo("ann");
    assertThat(store.lastSeq()).isEqualTo(4);
  }

  @Test
  void a_version_1_database_is_migrated_to_the_current_version_keeping_its_records() throws Exception {
    store.close();
    Path old = dir.resolve("old.db");
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + old);
        Statement st = raw.createStatement()) {
      String v1 = new String(SqliteSchema.class.getResourceAsStream("schema-1.sql").readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
      for (String sql : v1.replaceAll("(?m)^--.*$", "").split(";\\s*\n")) {
        if (!sql.isBlank()) {
          st.execute(sql);
        }
      }
      st.execute("PRAGMA user_version = 1");
    }
    store = SqliteStore.open(old);
    store.record(put("a.txt", "one", 1));

    assertThat(store.pin("a.txt", 1, "kept", at(2))).isTrue();
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + old);
        Statement st = raw.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(SqliteSchema.CURRENT);
    }
    assertThat(store.filesAt("", at(5))).extracting(v -> v.path()).containsExactly("a.txt");
  }

  @Test
  void a_version_4_database_is_migrated_keeping_files_versions_pins_and_one_record_per_path()
      throws Exception {
    store.close();
    Path old = dir.resolve("v4.db");
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + old);
        Statement st = raw.createStatement()) {
      for (String step : SqliteSchema.MIGRATIONS.subList(0, 4)) {
        String text = new String(SqliteSchema.class.getResourceAsStream(step).readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
        for (String sql : text.replaceAll("(?m)^--.*$", "").split(";\\s*\n")) {
          if (!sql.isBlank()) {
            st.execute(sql);
          }
        }
      }
      st.execute("PRAGMA user_version = 4");
      // a live b.txt (renamed from a.txt, pinned) and a tombstone at a.txt, as version 4 wrote
      st.execute("INSERT INTO files VALUES (1, 'b.txt', '" + hash("one") + "', 3, 1000, 'al',"
          + " 2000, 'al', 2, 0, 3, 2000, 2)");
      st.execute("INSERT INTO files VALUES (2, 'a.txt', NULL, 0, 3000, 'al', 4000, 'bo', 2, 1,"
          + " 0, 0, 2)");
      st.execute("INSERT INTO versions VALUES (1, 1, 'a.txt', '" + hash("one") + "', 3, 1000,"
          + " 'al', 'fs', 'CREATE', NULL), (1, 2, 'b.txt', '" + hash("one") + "', 3, 2000, 'al',"
          + " 'fs', 'RENAME', NULL), (2, 1, 'a.txt', '" + hash("reuse") + "', 5, 3000, 'al',"
          + " 'fs', 'CREATE', NULL), (2, 2, 'a.txt', NULL, 0, 4000, 'bo', 'fs', 'DELETE',"
          + " NULL)");
      st.execute("INSERT INTO events VALUES (1, 'CREATE', 'a.txt', NULL, 'h', 1, '"
          + hash("one") + "', 3, 1000, 'al'), (2, 'RENAME', 'b.txt', 'a.txt', 'h', 2, '"
          + hash("one") + "', 3, 2000, 'al'), (3, 'CREATE', 'a.txt', NULL, 'h', 1, '"
          + hash("reuse") + "', 5, 3000, 'al'), (4, 'DELETE', 'a.txt', NULL, 'h', 2, NULL, 0,"
          + " 4000, 'bo')");
      st.execute("INSERT INTO pins VALUES (1, 1, 'first', 5000)");
    }

    store = SqliteStore.open(old);

    assertThat(store.file("a.txt").orElseThrow().deleted()).isTrue();
    assertThat(store.history("b.txt")).extracting(VersionRecord::path)
        .containsExactly("a.txt", "b.txt");
    assertThat(store.pins("b.txt")).extracting(Pin::label).containsExactly("first");
    assertThat(store.lastSeq()).isEqualTo(4);
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + old);
        Statement st = raw.createStatement()) {
      try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(SqliteSchema.CURRENT);
      }
      try (ResultSet rs = st.executeQuery("PRAGMA foreign_key_check")) {
        assertThat(rs.next()).as("a row without its file").isFalse();
      }
      // one attached record per path, still
      assertThatThrownBy(() -> st.execute("INSERT INTO files (path, size, created, last_modified,"
          + " version, deleted, fs_size, fs_mtime, rev) VALUES ('b.txt', 0, 0, 0, 1, 0, 0, 0,"
          + " 1)")).isInstanceOf(java.sql.SQLException.class).hasMessageContaining("UNIQUE");
    }
    // and the migrated store renames onto the tombstone as a new one does
    store.record(mv("b.txt", "a.txt", "one", 6));
    assertThat(store.history("a.txt")).extracting(VersionRecord::path)
        .containsExactly("a.txt", "b.txt", "a.txt");
    assertThat(store.pins("a.txt")).extracting(Pin::label).containsExactly("first");
    assertThat(store.filesAtAndNow("", java.time.Instant.ofEpochMilli(3500)))
        .extracting(f -> f.then().path() + " " + (f.deletedSince() ? "deleted" : f.now().path()))
        .containsExactly("a.txt deleted", "b.txt a.txt");
  }

  @Test
  void a_version_5_database_is_migrated_keeping_its_users_and_gains_web_sessions()
      throws Exception {
    store.close();
    Path old = dir.resolve("v5.db");
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + old);
        Statement st = raw.createStatement()) {
      for (String step : SqliteSchema.MIGRATIONS.subList(0, 5)) {
        String text = new String(SqliteSchema.class.getResourceAsStream(step).readAllBytes(),
            java.nio.charset.StandardCharsets.UTF_8);
        for (String sql : text.replaceAll("(?m)^--.*$", "").split(";\\s*\n")) {
          if (!sql.isBlank()) {
            st.execute(sql);
          }
        }
      }
      st.execute("PRAGMA user_version = 5");
      st.execute("INSERT INTO users VALUES ('ann', 'hash', 'admin')");
      assertThatThrownBy(() -> st.executeQuery("SELECT * FROM web_sessions"))
          .isInstanceOf(java.sql.SQLException.class);
    }

    store = SqliteStore.open(old);

    assertThat(store.user("ann")).isPresent();
    store.addWebSession(new WebSession("h", "ann", "c", at(1), at(1)));
    assertThat(store.webSession("h")).isPresent();
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + old);
        Statement st = raw.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(SqliteSchema.CURRENT);
    }
  }

  @Test
  void a_database_from_a_newer_revkeep_is_refused_with_a_clear_message() throws Exception {
    store.close();
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
        Statement st = raw.createStatement()) {
      st.execute("PRAGMA user_version = 99");
    }

    assertThatThrownBy(() -> SqliteStore.open(dbFile))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(dbFile.toAbsolutePath().toString())
        .hasMessageContaining("schema version is 99")
        .hasMessageContaining("newer revkeep");
    store = null;
  }

  @Test
  void a_file_that_is_not_a_database_is_refused_with_a_clear_message() throws IOException {
    Path notDb = dir.resolve("notes.txt");
    Files.writeString(notDb, "this is not a database, just some text that is long enough ".repeat(20));

    assertThatThrownBy(() -> SqliteStore.open(notDb))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(notDb.toAbsolutePath().toString())
        .hasMessageContaining("not a SQLite database");
  }

  @Test
  void opening_an_existing_current_database_applies_no_migration() throws Exception {
    store.close();
    store = SqliteStore.open(dbFile);
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
        Statement st = raw.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(SqliteSchema.CURRENT);
    }
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
        Statement st = raw.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
      rs.next();
      assertThat(rs.getString(1)).isEqualTo("wal");
    }
  }

  @Test
  void reads_go_on_while_another_process_holds_the_write_lock_and_writes_fail_clearly()
      throws Exception {
    store.record(put("a.txt", "one", 1));
    try (SqliteStore impatient = SqliteStore.open(dbFile, 200);
        Connection otherProcess = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
        Statement st = otherProcess.createStatement()) {
      st.execute("BEGIN IMMEDIATE");

      assertThat(impatient.file("a.txt")).isPresent();
      assertThat(impatient.lastSeq()).isEqualTo(1);
      assertThatThrownBy(() -> impatient.record(put("a.txt", "two", 2)))
          .isInstanceOf(StoreException.class)
          .isNotInstanceOf(ConflictException.class)
          .hasMessageContaining("SQLITE_BUSY")
          .hasMessageContaining("locked by another connection or process");

      st.execute("ROLLBACK");
      assertThat(impatient.record(put("a.txt", "two", 2))).isPresent();
    }
    assertLogIsGapFree(2);
  }

  @Test
  void close_is_idempotent_and_a_closed_store_fails_clearly() {
    store.close();
    store.close();

    assertThatThrownBy(() -> store.file("a.txt")).isInstanceOf(StoreException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> store.record(put("a.txt", "x", 1)))
        .isInstanceOf(StoreException.class).hasMessageContaining("closed");
    assertThatThrownBy(store::ping).isInstanceOf(StoreException.class);
  }

  @Test
  void ping_fails_when_the_database_file_was_deleted() throws IOException {
    Files.delete(dbFile);

    assertThatThrownBy(store::ping).isInstanceOf(StoreException.class)
        .hasMessageContaining("gone");
  }

  @Test
  void a_path_with_a_question_mark_is_refused_rather_than_misread() {
    assertThatThrownBy(() -> SqliteStore.open(dir.resolve("what?.db")))
        .isInstanceOf(StoreException.class).hasMessageContaining("'?'");
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void many_open_close_cycles_leak_no_file_descriptors() throws IOException {
    Path file = dir.resolve("cycles.db");
    try (SqliteStore warmUp = SqliteStore.open(file)) { // loads the native library once
      warmUp.record(put("a.txt", "0", 0));
    }
    long before = openFileDescriptors();

    for (int i = 1; i <= 50; i++) {
      try (SqliteStore s = SqliteStore.open(file)) {
        s.record(put("a.txt", "v" + i, i));
        s.history("a.txt");
      }
    }
    try (SqliteStore s = SqliteStore.open(file, 100)) {
      assertThat(s.lastSeq()).isEqualTo(51);
    }
    Path notDb = dir.resolve("notes.txt");
    Files.writeString(notDb, "not a database, only text ".repeat(100));
    List<Throwable> refused = new ArrayList<>();
    for (int i = 0; i < 20; i++) { // failed opens release what they opened, too
      try (SqliteStore s = SqliteStore.open(notDb)) {
        s.ping();
      } catch (StoreException e) {
        refused.add(e);
      }
    }
    assertThat(refused).hasSize(20);

    // Each leaked store would keep 5 connections (each a database and a WAL descriptor).
    assertThat(openFileDescriptors()).isLessThanOrEqualTo(before + 3);
  }

  private static long openFileDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
