package io.revkeep.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's read of one folder for the reconcile (SqliteFileStats, schema-8.sql) against the
 * subtree read it replaces, on a played history (renames, deletions, re-creations) and on a
 * version-7 file migrated; and the query plan that answers it from indexes alone.
 */
class SqliteFileStatsTest {
  @TempDir Path dir;

  /** A folder's answer: its direct files' stats by path, and its sub-folders holding files. */
  private record Answer(Map<String, FileVersions.FileStat> files, TreeSet<String> folders) {}

  @Test
  void each_folder_reads_as_its_share_of_the_subtree_read() {
    try (SqliteStore store = SqliteStore.open(dir.resolve("played.db"))) {
      HistoryScenario.play(store, 300, 11);
      assertEveryFolderAsTheSubtreeRead(store);
    }
  }

  @Test
  void a_version_7_file_gains_the_index_on_open_and_reads_the_same() throws Exception {
    Path file = dir.resolve("v7.db");
    try (SqliteStore store = SqliteStore.open(file)) {
      HistoryScenario.play(store, 200, 5);
    }
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = raw.createStatement()) {
      st.execute("DROP INDEX files_live_stat"); // the file as version 7 left it
      st.execute("PRAGMA user_version = 7");
    }
    try (SqliteStore store = SqliteStore.open(file)) {
      assertEveryFolderAsTheSubtreeRead(store);
    }
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement st = raw.createStatement()) {
      try (ResultSet rs = st.executeQuery("PRAGMA user_version")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(SqliteSchema.CURRENT);
      }
      try (ResultSet rs = st.executeQuery(
          "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'files_live_stat'")) {
        rs.next();
        assertThat(rs.getInt(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void the_read_of_a_folder_uses_covering_indexes_and_never_scans() throws Exception {
    Path file = dir.resolve("plans.db");
    try (SqliteStore store = SqliteStore.open(file)) {
      HistoryScenario.play(store, 60, 3); // some rows, so that the plan is not of empty tables
    }
    List<String> plan = new ArrayList<>();
    try (Connection raw = DriverManager.getConnection("jdbc:sqlite:" + file);
        PreparedStatement ps = raw.prepareStatement("EXPLAIN QUERY PLAN " + SqliteFileStats.SQL)) {
      ps.setString(1, "docs");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          plan.add(rs.getString("detail"));
        }
      }
    }
    assertThat(plan).noneMatch(step -> step.startsWith("SCAN"));
    assertThat(plan).anyMatch(step -> step.startsWith("SEARCH files USING COVERING INDEX"
        + " files_live_stat (dir=?)"));
    assertThat(plan).anyMatch(step -> step.startsWith("SEARCH folder_sums USING")
        && step.contains("(parent=?)"));
  }

  private static void assertEveryFolderAsTheSubtreeRead(SqliteStore store) {
    TreeSet<String> folders = ReferenceListing.folders(store);
    folders.add("nothing/here");
    int withFiles = 0;
    for (String folder : folders) {
      Answer answer = new Answer(new TreeMap<>(), new TreeSet<>());
      store.forEachLiveFileStatIn(folder,
          s -> assertThat(answer.files().put(s.path(), s)).as(s.path()).isNull(),
          f -> assertThat(answer.folders().add(f)).as(f).isTrue());
      assertThat(answer).as("'%s'", folder).isEqualTo(subtreeShare(store, folder));
      withFiles += answer.files().isEmpty() ? 0 : 1;
    }
    assertThat(withFiles).isGreaterThan(1); // not a test of empty answers
  }

  /** What forEachLiveFileStatIn must answer, from the whole subtree's read. */
  private static Answer subtreeShare(SqliteStore store, String folder) {
    String prefix = folder.isEmpty() ? "" : folder + "/";
    Answer out = new Answer(new TreeMap<>(), new TreeSet<>());
    store.forEachLiveFileStat(folder, s -> {
      int slash = s.path().indexOf('/', prefix.length());
      if (slash < 0) {
        out.files().put(s.path(), s);
      } else {
        out.folders().add(s.path().substring(0, slash));
      }
    });
    return out;
  }
}
