package io.revkeep.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.ImportedVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's folder sums (schema-7.sql, SqliteFolderSums) against the reference
 * ({@link FolderContents}'s defaults, ReferenceListing) where FolderContentsContract does not
 * go: a history imported, a version-6 file migrated, two stores on one file recording at once;
 * and the query plans that make a listing read the folder's direct entries only.
 */
class SqliteFolderSumsTest {
  private static final String HERE = "host1:/srv/shared";

  @TempDir Path dir;

  @Test
  void a_played_history_lists_as_the_reference_does_now_and_at_every_probe() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("played.db"))) {
      HistoryScenario.Played played = HistoryScenario.play(store, 200, 31);
      ReferenceListing.assertSame(store, played.probes());
    }
  }

  @Test
  void an_imported_history_lists_as_the_reference_does() {
    try (SqliteStore original = SqliteStore.open(dir.resolve("original.db"));
        SqliteStore rebuilt = SqliteStore.open(dir.resolve("rebuilt.db"))) {
      HistoryScenario.Played played = HistoryScenario.play(original, 200, 16);
      List<ImportedVersion> backup = HistoryScenario.exported(original);
      for (int from = 0; from < backup.size(); from += 64) {
        rebuilt.importAll(backup.subList(from, Math.min(backup.size(), from + 64)));
      }
      rebuilt.finishImport(original.lastSeq());

      ReferenceListing.assertSame(rebuilt, played.probes());
      for (String folder : ReferenceListing.folders(original)) {
        // the same sums (the records differ in their stat: ImportRules.UNREAD_FS_SIZE)
        assertThat(rebuilt.contents(folder, true).folders())
            .isEqualTo(original.contents(folder, true).folders());
      }
    }
  }

  @Test
  void a_version_6_file_with_history_gets_its_sums_computed_on_open() throws Exception {
    Path file = dir.resolve("v6.db");
    HistoryScenario.Played played;
    try (SqliteStore store = SqliteStore.open(file)) {
      played = HistoryScenario.play(store, 200, 7);
    }
    // the same rows as version 6 kept them: schema 7's and 8's tables, indexes, columns taken away
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = raw.createStatement()) {
      for (String sql : List.of("DROP TABLE folder_sums", "DROP TABLE folder_sums_history",
          "DROP INDEX files_live_stat", "DROP INDEX files_dir", "DROP INDEX versions_dir_time",
          "ALTER TABLE files DROP COLUMN dir", "ALTER TABLE versions DROP COLUMN dir",
          "PRAGMA user_version = 6")) {
        st.execute(sql);
      }
    }
    Path fresh = version6();
    assertThat(columns(file, "files")).isEqualTo(columns(fresh, "files"));
    assertThat(columns(file, "versions")).isEqualTo(columns(fresh, "versions"));

    try (SqliteStore store = SqliteStore.open(file)) {
      ReferenceListing.assertSame(store, played.probes());
      assertThat(store.contents("", true).folders()).isNotEmpty();
      // and it records on with its sums in step
      Instant later = played.end().plusSeconds(10);
      store.record(Change.content("docs/sub/new.txt", HistoryScenario.hash("new"), 3, 1, later,
          "alice", HERE));
      ReferenceListing.assertSame(store, List.of(later));
    }
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = raw.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA user_version")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(SqliteSchema.CURRENT);
    }
  }

  @Test
  void two_stores_on_one_file_recording_at_once_keep_the_sums_right() throws Exception {
    Path file = dir.resolve("shared.db");
    int threads = 4;
    try (SqliteStore one = SqliteStore.open(file); SqliteStore two = SqliteStore.open(file)) {
      StoreContract.runConcurrently(threads, t -> {
        Store mine = t % 2 == 0 ? one : two; // half the threads in each "process"
        Random random = new Random(100 + t);
        String[] dirs = {"", "a", "a/b", "a/b/c", "d"};
        List<String> live = new ArrayList<>();
        Map<String, Long> sizes = new HashMap<>();
        for (int i = 0; i < 120; i++) {
          Instant time = Instant.parse("2026-05-01T00:00:00Z").plusMillis(i);
          String path = dirs[random.nextInt(dirs.length)] + "/t" + t + "-" + random.nextInt(6);
          path = path.startsWith("/") ? path.substring(1) : path;
          int dice = random.nextInt(10);
          if (dice < 5 || live.isEmpty()) {
            long size = 1 + random.nextInt(50);
            mine.record(Change.content(path, HistoryScenario.hash(t + "/" + i), size, i, time,
                "t" + t, HERE));
            if (!live.contains(path)) {
              live.add(path);
            }
            sizes.put(path, size);
          } else if (dice < 7) {
            String gone = live.remove(random.nextInt(live.size()));
            mine.record(Change.delete(gone, time, "t" + t, HERE));
          } else if (!live.contains(path)) {
            String from = live.remove(random.nextInt(live.size()));
            long size = sizes.get(from);
            mine.recordAll(List.of(Change.rename(from, path, HistoryScenario.hash("m" + i),
                size, i, time, "t" + t, HERE)));
            live.add(path);
            sizes.put(path, size);
          }
        }
        return null;
      });
      // the threads' times interleave out of seq order: every instant is a test of that
      Instant start = Instant.parse("2026-05-01T00:00:00Z");
      ReferenceListing.assertSame(one, List.of(start.plusMillis(20), start.plusMillis(50),
          start.plusMillis(80), start.plusMillis(119)));
      ReferenceListing.assertSame(two, List.of());
    }
  }

  @Test
  void the_listing_queries_read_through_indexes_never_scanning_a_table() throws Exception {
    try (SqliteStore store = SqliteStore.open(dir.resolve("plans.db"))) {
      HistoryScenario.play(store, 60, 3); // some rows, so that the plans are not of empty tables
    }
    List<String> queries = new ArrayList<>(List.of(
        SqliteFileReads.filesSql("a", false, false),
        SqliteFileReads.filesSql("a", false, true),
        SqliteFolderListing.FOLDERS_NOW,
        SqliteFolderListing.FOLDERS_NOW + " AND s.files > 0",
        SqliteFolderListing.FOLDERS_AT,
        SqlitePointInTime.filesDirectlyAtAndNowSql()));
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("plans.db"))) {
      for (String sql : queries) {
        List<String> plan = new ArrayList<>();
        try (PreparedStatement ps = raw.prepareStatement("EXPLAIN QUERY PLAN " + sql)) {
          for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
            ps.setObject(i, i == 1 ? "docs" : 1L);
          }
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              plan.add(rs.getString("detail"));
            }
          }
        }
        assertThat(plan).as(sql).noneMatch(step -> step.startsWith("SCAN"));
        assertThat(plan).as(sql).anyMatch(step -> step.startsWith("SEARCH")
            && step.contains("USING"));
      }
    }
  }

  /** A version-6 file as schema steps 1 to 6 make it. */
  private Path version6() throws Exception {
    Path file = dir.resolve("fresh-v6.db");
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = raw.createStatement()) {
      for (String step : SqliteSchema.MIGRATIONS.subList(0, 6)) {
        String text = new String(SqliteSchema.class.getResourceAsStream(step).readAllBytes(),
            StandardCharsets.UTF_8);
        for (String sql : text.replaceAll("(?m)^--.*$", "").split(";\\s*\n")) {
          if (!sql.isBlank()) {
            st.execute(sql);
          }
        }
      }
    }
    return file;
  }

  /** A table's columns as PRAGMA table_info lists them (name, type, not null, default). */
  private static List<String> columns(Path file, String table) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = raw.createStatement();
        ResultSet rs = st.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (rs.next()) {
        out.add(rs.getString("name") + " " + rs.getString("type") + " " + rs.getInt("notnull")
            + " " + rs.getString("dflt_value") + " " + rs.getInt("pk"));
      }
    }
    return out;
  }
}
