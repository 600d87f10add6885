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
    // The file's row today is keyed by the same id its versions carry: the identity that
    // survives renames (schema-1.sql, "files").
    int n = VERSION_COLUMNS.split(",").length;
    return query(dir, at, ", " + prefixed("f.", FILE_COLUMNS), " JOIN files f ON f.id = v.file_id",
        rs -> new FileThen(SqliteRows.versionRecord(rs), SqliteRows.fileRecord(rs, n)));
  }

  private <T> List<T> query(String dir, Instant at, String moreColumns, String join,
      SqliteRows.Row<T> row) {
    Objects.requireNonNull(at, "at");
    String folder = StorePaths.trimDir(dir);
    // Candidates: files with any version under the folder by then (the (path, time) index);
    // of each, the newest version by then (the (file_id, version) key), kept when it is still
    // under the folder and not a tombstone. One statement: one read snapshot.
    String under = folder.isEmpty() ? "1" : "path >= ?1 AND path < ?2";
    String sql = "SELECT " + prefixed("v.", VERSION_COLUMNS) + moreColumns + " FROM versions v"
        + join + " WHERE v.file_id IN"
        + " (SELECT DISTINCT file_id FROM versions WHERE " + under + " AND time <= ?3)"
        + " AND v.version = (SELECT MAX(w.version) FROM versions w"
        + " WHERE w.file_id = v.file_id AND w.time <= ?3)"
        + " AND v.action <> 'DELETE' AND " + under.replace("path", "v.path")
        + " ORDER BY v.path, v.version";
    Object[] range = SqliteRows.subtree(folder);
    Object[] params = range.length == 0 ? new Object[] {null, null, at.toEpochMilli()}
        : new Object[] {range[0], range[1], at.toEpochMilli()};
    return list(db, "list files under '" + folder + "' at " + at, sql, row, params);
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
