package io.revkeep.core.store;

import static io.revkeep.core.store.SqliteRows.FILE_COLUMNS;
import static io.revkeep.core.store.SqliteRows.VERSION_COLUMNS;
import static io.revkeep.core.store.SqliteRows.list;

import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How {@link SqliteStore} reads file records and their versions (the reading half of
 * {@link FileVersions}).
 */
final class SqliteFileReads {
  /*
   * Threads:    any caller thread; no state besides db. Each method is one statement on a read
   *             connection, or several in one read transaction (readSnapshot), so it sees one
   *             committed snapshot (WAL) and never waits for a writer.
   */

  private final SqliteConnections db;

  SqliteFileReads(SqliteConnections db) {
    this.db = db;
  }

  Optional<FileRecord> file(String path) {
    Objects.requireNonNull(path, "path");
    return db.read("read file " + path, c -> SqliteRows.fileAt(c, path));
  }

  /**
   * {@link FileVersions#filesAt}: one read transaction, one query per IN_CHUNK paths. Not a
   * kept statement per path: sqlite-jdbc asks SQLite for every column's name again at each
   * execution of a query (its result set forgets them when closed), which for these 13 columns
   * was 8 % of the listener's settler thread in a burst's profile (bench/RESULTS.md, "the batch's
   * lookups"); one query for many paths asks once.
   */
  Map<String, FileRecord> filesAt(Collection<String> paths) {
    List<String> distinct = distinct(paths, "path");
    return db.readSnapshot("read " + distinct.size() + " files", c -> {
      Map<String, FileRecord> found = new HashMap<>();
      for (List<String> chunk : chunks(distinct)) {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + FILE_COLUMNS
            + " FROM files WHERE detached = 0 AND path IN (" + marks(chunk.size()) + ")")) {
          bind(ps, chunk);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              FileRecord r = SqliteRows.fileRecord(rs);
              found.put(r.path(), r);
            }
          }
        }
      }
      return found;
    });
  }

  /** {@link FileVersions#liveFilesWithHashes}: as {@link #filesAt}, by hash. */
  Map<String, List<FileRecord>> liveFilesWithHashes(Collection<String> hashes) {
    List<String> distinct = distinct(hashes, "hash");
    return db.readSnapshot("find the files with " + distinct.size() + " hashes", c -> {
      Map<String, List<FileRecord>> found = new HashMap<>();
      for (String hash : distinct) {
        found.put(hash, new ArrayList<>(1));
      }
      for (List<String> chunk : chunks(distinct)) {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + FILE_COLUMNS
            + " FROM files WHERE deleted = 0 AND hash IN (" + marks(chunk.size()) + ")"
            + " ORDER BY path")) {
          bind(ps, chunk);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              FileRecord r = SqliteRows.fileRecord(rs);
              found.get(r.hash()).add(r);
            }
          }
        }
      }
      return found;
    });
  }

  /** Parameters per query of a batch lookup: far below SQLite's limit (32,766). */
  private static final int IN_CHUNK = 500;

  private static List<String> distinct(Collection<String> keys, String what) {
    List<String> out = new ArrayList<>(new LinkedHashSet<>(keys));
    out.forEach(k -> Objects.requireNonNull(k, what));
    return out;
  }

  private static List<List<String>> chunks(List<String> keys) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < keys.size(); i += IN_CHUNK) {
      out.add(keys.subList(i, Math.min(keys.size(), i + IN_CHUNK)));
    }
    return out;
  }

  private static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  private static void bind(PreparedStatement ps, List<String> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      ps.setString(i + 1, values.get(i));
    }
  }

  List<FileRecord> files(String dir, boolean recursive, boolean includeDeleted) {
    String folder = StorePaths.trimDir(dir);
    return list(db, "list files under '" + folder + "'", filesSql(folder, recursive,
        includeDeleted), SqliteRows::fileRecord, recursive ? SqliteRows.subtree(folder)
        : new Object[] {folder});
  }

  /**
   * The query of {@link #files}: the subtree's path range (SqliteRows.subtree), or the direct
   * children through files_dir (schema-7.sql), whatever lies below. Only attached records: a
   * detached one (schema-5.sql) is at no path any more.
   */
  static String filesSql(String folder, boolean recursive, boolean includeDeleted) {
    StringBuilder sql = new StringBuilder("SELECT " + FILE_COLUMNS
        + " FROM files WHERE detached = 0 AND ");
    if (!recursive) {
      sql.append("dir = ?1");
    } else {
      sql.append(folder.isEmpty() ? "1" : "path >= ?1 AND path < ?2");
    }
    if (!includeDeleted) {
      sql.append(" AND deleted = 0");
    }
    sql.append(" ORDER BY path");
    return sql.toString();
  }

  /** {@link FileVersions#forEachLiveFileStat}: three columns per row, streamed. */
  void forEachLiveFileStat(String dir, Consumer<FileVersions.FileStat> visitor) {
    String folder = StorePaths.trimDir(dir);
    Object[] range = SqliteRows.subtree(folder);
    String sql = "SELECT path, fs_size, fs_mtime FROM files WHERE deleted = 0 AND detached = 0"
        + (folder.isEmpty() ? "" : " AND path >= ?1 AND path < ?2");
    db.read("list the files under '" + folder + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < range.length; i++) {
          ps.setObject(i + 1, range[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            visitor.accept(new FileVersions.FileStat(rs.getString(1), rs.getLong(2),
                rs.getLong(3)));
          }
        }
      }
      return null;
    });
  }

  /** {@link FileVersions#deletedFiles}: the deleted rows only, newest first, in SQL. */
  List<FileRecord> deletedFiles(String dir, int limit) {
    String folder = StorePaths.trimDir(dir);
    Object[] range = SqliteRows.subtree(folder);
    Object[] params = Arrays.copyOf(range, range.length + 1);
    params[range.length] = limit;
    // attached tombstones only, as files() answers (Couchbase's default reads that): a detached
    // record's path belongs to the file that was moved onto it (schema-5.sql)
    String sql = "SELECT " + FILE_COLUMNS + " FROM files WHERE deleted = 1 AND detached = 0"
        + (folder.isEmpty() ? "" : " AND path >= ? AND path < ?")
        + " ORDER BY last_modified DESC, path LIMIT ?";
    return list(db, "list the deleted files under '" + folder + "'", sql,
        SqliteRows::fileRecord, params);
  }

  List<FileRecord> liveFilesWithHash(String hash) {
    Objects.requireNonNull(hash, "hash");
    // asked for every new file the listener records (is it a moved one?): a kept statement
    return SqliteRows.listKept(db, "find files with hash " + hash, LIVE_WITH_HASH,
        SqliteRows::fileRecord, hash);
  }

  private static final String LIVE_WITH_HASH = "SELECT " + FILE_COLUMNS
      + " FROM files WHERE hash = ? AND deleted = 0 ORDER BY path";

  List<VersionRecord> history(String path) {
    Objects.requireNonNull(path, "path");
    // By file id, in one statement (one read snapshot): versions from earlier paths included.
    // The record attached to the path (schema-5.sql): a tombstone a rename landed on is not.
    return list(db, "read history of " + path, "SELECT " + VERSION_COLUMNS
        + " FROM versions WHERE file_id = (SELECT id FROM files WHERE path = ? AND detached = 0)"
        + " ORDER BY version",
        SqliteRows::versionRecord, path);
  }

  /** {@link FileVersions#detachedFiles}: one read snapshot for the records and their rows. */
  List<FileVersions.DetachedFile> detachedFiles() {
    return db.readSnapshot("read the detached files", c -> {
      List<FileRecord> recs = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT " + FILE_COLUMNS
          + " FROM files WHERE detached = 1 ORDER BY path, last_modified, id");
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          recs.add(SqliteRows.fileRecord(rs));
        }
      }
      List<FileVersions.DetachedFile> out = new ArrayList<>(recs.size());
      for (FileRecord r : recs) {
        List<VersionRecord> history = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS
            + " FROM versions WHERE file_id = ? ORDER BY version")) {
          ps.setLong(1, r.id());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              history.add(SqliteRows.versionRecord(rs));
            }
          }
        }
        List<Pin> pins = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT version, label, time FROM pins WHERE file_id = ? ORDER BY version")) {
          ps.setLong(1, r.id());
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              pins.add(new Pin(rs.getInt(1), rs.getString(2),
                  java.time.Instant.ofEpochMilli(rs.getLong(3))));
            }
          }
        }
        out.add(new FileVersions.DetachedFile(r, history, pins));
      }
      return out;
    });
  }

  Optional<VersionRecord> version(String path, int version) {
    Objects.requireNonNull(path, "path");
    return db.read("read version " + version + " of " + path, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS
          + " FROM versions WHERE file_id = (SELECT id FROM files WHERE path = ? AND detached = 0)"
          + " AND version = ?")) {
        ps.setString(1, path);
        ps.setInt(2, version);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(SqliteRows.versionRecord(rs)) : Optional.empty();
        }
      }
    });
  }
}
