package io.revkeep.core.store;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.VersionRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The columns of SQLite's files, versions and events tables (see SqliteSchema) as the parts of
 * {@link SqliteStore} select them, how a row becomes a model record, and the one-query read that
 * every list method uses. Stateless.
 */
final class SqliteRows {
  private SqliteRows() {}

  static final String FILE_COLUMNS =
      "id, path, hash, size, created, created_user, last_modified, last_modified_user, version,"
          + " deleted, fs_size, fs_mtime, rev";
  static final String VERSION_COLUMNS =
      "path, version, hash, size, time, user, origin, action, change_set";
  static final String EVENT_COLUMNS =
      "seq, action, name, from_name, location, version, hash, size, time, user";

  /** Maps the current row of a result set. */
  @FunctionalInterface
  interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /**
   * As {@link #list}, on a statement kept with the connection ({@link SqliteStatements}): only
   * for a fixed SQL text asked often (one text per statement kept, for the connection's life).
   */
  static <T> List<T> listKept(SqliteConnections db, String what, String sql, Row<T> row,
      Object... params) {
    return db.read(what, c -> rows(SqliteStatements.kept(c, sql), row, params));
  }

  /** Runs one query on a read connection (one snapshot) and maps every row. */
  static <T> List<T> list(SqliteConnections db, String what, String sql, Row<T> row,
      Object... params) {
    return db.read(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        return rows(ps, row, params);
      }
    });
  }

  /** Runs {@code ps} with {@code params} and maps every row (the statement stays open). */
  private static <T> List<T> rows(PreparedStatement ps, Row<T> row, Object... params)
      throws SQLException {
    for (int i = 0; i < params.length; i++) {
      ps.setObject(i + 1, params[i]);
    }
    try (ResultSet rs = ps.executeQuery()) {
      List<T> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row.map(rs));
      }
      return out;
    }
  }

  /**
   * The bounds of the paths under a folder, for {@code path >= ?1 AND path < ?2} (none for the
   * root). A range on path instead of LIKE: paths may contain '%' and '_'. Every path under "d/"
   * sorts in [d + "/", d + "0") because '0' is the character right after '/'; so does nothing
   * else (a sibling "d0" or "d-x" falls outside). The range uses the path's unique index.
   *
   * @param folder a folder as {@link StorePaths#trimDir} returns it
   */
  static Object[] subtree(String folder) {
    return folder.isEmpty() ? new Object[0] : new Object[] {folder + "/", folder + "0"};
  }

  /**
   * The highest seq used, 0 for none: of an event, or of a run of seqs an import declared holes
   * (the holes table, schema step 4). The next event takes the one after it.
   */
  static long lastSeq(Connection c) throws SQLException {
    // asked by every listing request: the statement is kept with the connection
    PreparedStatement ps = SqliteStatements.kept(c, "SELECT MAX("
        + "COALESCE((SELECT MAX(seq) FROM events), 0), "
        + "COALESCE((SELECT MAX(last) FROM holes), 0))");
    try (ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * The record at this path, live or deleted, read on connection {@code c}: the one attached to
   * it (a tombstone a rename landed on is detached, schema-5.sql).
   */
  static Optional<FileRecord> fileAt(Connection c, String path) throws SQLException {
    // asked for every settled path and every recorded change: the statement is kept with the
    // connection (compiling it was the largest part of a burst's store reads: a profile of the
    // listener's settler thread in bench/run --only burst)
    PreparedStatement ps = SqliteStatements.kept(c, FILE_AT);
    ps.setString(1, path);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(fileRecord(rs)) : Optional.empty();
    }
  }

  private static final String FILE_AT =
      "SELECT " + FILE_COLUMNS + " FROM files WHERE path = ? AND detached = 0";

  /** A row selected with {@link #FILE_COLUMNS}. */
  static FileRecord fileRecord(ResultSet rs) throws SQLException {
    return fileRecord(rs, 0);
  }

  /** {@link #FILE_COLUMNS} selected after {@code skip} other columns. */
  static FileRecord fileRecord(ResultSet rs, int skip) throws SQLException {
    int i = skip;
    return new FileRecord(
        rs.getLong(i + 1),
        rs.getString(i + 2),
        rs.getString(i + 3),
        rs.getLong(i + 4),
        Instant.ofEpochMilli(rs.getLong(i + 5)),
        rs.getString(i + 6),
        Instant.ofEpochMilli(rs.getLong(i + 7)),
        rs.getString(i + 8),
        rs.getInt(i + 9),
        rs.getInt(i + 10) != 0,
        rs.getLong(i + 11),
        rs.getLong(i + 12),
        rs.getLong(i + 13));
  }

  /** A row selected with {@link #VERSION_COLUMNS}. */
  static VersionRecord versionRecord(ResultSet rs) throws SQLException {
    return new VersionRecord(
        rs.getString(1),
        rs.getInt(2),
        rs.getString(3),
        rs.getLong(4),
        Instant.ofEpochMilli(rs.getLong(5)),
        rs.getString(6),
        Origin.fromWire(rs.getString(7)),
        Action.valueOf(rs.getString(8)),
        rs.getString(9));
  }
}
