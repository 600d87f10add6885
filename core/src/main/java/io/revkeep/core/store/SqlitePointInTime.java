package io.revkeep.core.store;

import static io.revkeep.core.store.SqliteRows.FILE_COLUMNS;
import static io.revkeep.core.store.SqliteRows.VERSION_COLUMNS;
import static io.revkeep.core.store.SqliteRows.list;

import io.revkeep.core.model.FileThen;
import io.revkeep.core.model.VersionRecord;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** How {@link SqliteStore} answers {@link PointInTime} from the versions table. */
final class SqlitePointInTime implements PointInTime {
  /*
   * Threads:    any caller thread; no state besides db. Each method is one statement on a read
   *             connection: one committed snapshot, even across the subqueries of filesAt.
   */

  private final SqliteConnections db;

  SqlitePointInTime(SqliteConnections db) {
    this.db = db;
  }

  @Override
  public List<VersionRecord> filesAt(String dir, Instant at) {
    return query(dir, at, "", "", SqliteRows::versionRecord);
  }

  @Override
  public List<FileThen> filesAtAndNow(String dir, Instant at) {
    return filesAtAndNow(dir, at, false);
  }

  /**
   * {@link #filesAtAndNow}, or with {@code directly} only the files directly in the folder then:
   * their candidates are the files with a version directly in it by then, through
   * versions_dir_time (schema-7.sql), whatever lies below.
   */
  List<FileThen> filesAtAndNow(String dir, Instant at, boolean directly) {
    // The file's row today is keyed by the same id its versions carry: the identity that
    // survives renames (schema-1.sql, "files").
    int n = VERSION_COLUMNS.split(",").length;
    return query(dir, at, directly, NOW_COLUMNS, NOW_JOIN,
        rs -> new FileThen(SqliteRows.versionRecord(rs), SqliteRows.fileRecord(rs, n)));
  }

  /** What filesAtAndNow selects besides the version: the file's row today. */
  private static final String NOW_COLUMNS = ", " + prefixed("f.", FILE_COLUMNS);
  private static final String NOW_JOIN = " JOIN files f ON f.id = v.file_id";

  /** The statement of {@code filesAtAndNow(folder, at, true)}: ?1 the folder, ?3 the instant. */
  static String filesDirectlyAtAndNowSql() {
    return sql("", true, NOW_COLUMNS, NOW_JOIN);
  }

  private <T> List<T> query(String dir, Instant at, String moreColumns, String join,
      SqliteRows.Row<T> row) {
    return query(dir, at, false, moreColumns, join, row);
  }

  private <T> List<T> query(String dir, Instant at, boolean directly, String moreColumns,
      String join, SqliteRows.Row<T> row) {
    Objects.requireNonNull(at, "at");
    String folder = StorePaths.trimDir(dir);
    Object[] range = directly ? new Object[] {folder, null} : SqliteRows.subtree(folder);
    Object[] params = range.length == 0 ? new Object[] {null, null, at.toEpochMilli()}
        : new Object[] {range[0], range[1], at.toEpochMilli()};
    return list(db, "list files under '" + folder + "' at " + at,
        sql(folder, directly, moreColumns, join), row, params);
  }

  private static String sql(String folder, boolean directly, String moreColumns, String join) {
    // Candidates: files with any version under the folder by then (the (path, time) index, or
    // directly in it: the (dir, time) one); of each, the newest version by then (the
    // (file_id, version) key), kept when it is still there and not a tombstone. One statement:
    // one read snapshot.
    String under = directly ? "dir = ?1" : folder.isEmpty() ? "1" : "path >= ?1 AND path < ?2";
    return "SELECT " + prefixed("v.", VERSION_COLUMNS) + moreColumns + " FROM versions v"
        + join + " WHERE v.file_id IN"
        + " (SELECT DISTINCT file_id FROM versions WHERE " + under + " AND time <= ?3)"
        + " AND v.version = (SELECT MAX(w.version) FROM versions w"
        + " WHERE w.file_id = v.file_id AND w.time <= ?3)"
        + " AND v.action <> 'DELETE' AND " + under.replace("path", "v.path")
            .replace("dir", "v.dir")
        + " ORDER BY v.path, v.version";
  }

  /** "a, b" with a table alias: "v.a, v.b". */
  private static String prefixed(String alias, String columns) {
    return alias + String.join(", " + alias, columns.split(",\\s*"));
  }

  @Override
  public List<VersionRecord> changeSet(String id) {
    Objects.requireNonNull(id, "id");
    return list(db, "read change set " + id, "SELECT " + VERSION_COLUMNS
        + " FROM versions WHERE change_set = ? ORDER BY path, version",
        SqliteRows::versionRecord, id);
  }

  @Override
  public List<Instant> changeTimes(String dir, int limit) {
    String folder = StorePaths.trimDir(dir);
    String sql = "SELECT DISTINCT time FROM versions"
        + (folder.isEmpty() ? "" : " WHERE path >= ?1 AND path < ?2")
        + " ORDER BY time DESC LIMIT " + Math.max(0, limit);
    return list(db, "list change times under '" + folder + "'", sql,
        rs -> Instant.ofEpochMilli(rs.getLong(1)), SqliteRows.subtree(folder));
  }
}
