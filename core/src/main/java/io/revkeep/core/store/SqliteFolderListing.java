package io.revkeep.core.store;

import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.FileThen;
import io.revkeep.core.store.FolderContents.Contents;
import io.revkeep.core.store.FolderContents.ContentsThen;
import io.revkeep.core.store.FolderContents.FolderSums;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How {@link SqliteStore} answers {@link FolderContents}: from the folder's direct entries only,
 * whatever lies below — its files through files_dir (versions_dir_time at an instant), its
 * sub-folders' sums from folder_sums (folder_sums_history at an instant), all kept in step by
 * SqliteFolderSums (schema-7.sql).
 */
final class SqliteFolderListing {
  /*
   * Threads:    any caller thread; no state besides db. contents() reads on one read connection
   *             in one transaction (one snapshot: the files and the sums agree); contentsAt()
   *             reads the sums in one statement and the files in another (the past does not
   *             change, but "now" of each file may have moved on in between, as with any two
   *             reads).
   */

  /** A folder's sub-folders now; ?1 the folder; the deleted-files condition appended. */
  static final String FOLDERS_NOW = "SELECT s.path, s.size, s.files, e.time, e.user"
      + " FROM folder_sums s LEFT JOIN events e ON e.seq = s.last_seq"
      + " WHERE s.parent = ?1 AND s.records > 0";

  /**
   * A folder's sub-folders at an instant: ?1 the folder, ?2 the instant (epoch millis). Each
   * one's history row with the highest (time, seq) by then (SqliteFolderSums.history): one key
   * lookup per sub-folder.
   */
  static final String FOLDERS_AT = "SELECT s.path, h.size, h.files, e.time, e.user"
      + " FROM folder_sums s JOIN folder_sums_history h ON h.folder = s.path"
      + " AND (h.time, h.seq) = (SELECT time, seq FROM folder_sums_history"
      + " WHERE folder = s.path AND time <= ?2 ORDER BY time DESC, seq DESC LIMIT 1)"
      + " LEFT JOIN events e ON e.seq = h.last_seq"
      + " WHERE s.parent = ?1 AND h.files > 0";

  private final SqliteConnections db;
  private final SqlitePointInTime pointInTime;

  SqliteFolderListing(SqliteConnections db, SqlitePointInTime pointInTime) {
    this.db = db;
    this.pointInTime = pointInTime;
  }

  Contents contents(String dir, boolean includeDeleted) {
    String folder = StorePaths.trimDir(dir);
    String files = SqliteFileReads.filesSql(folder, false, includeDeleted);
    String folders = FOLDERS_NOW + (includeDeleted ? "" : " AND s.files > 0");
    return db.read("list the folder '" + folder + "'", c -> {
      // two statements, one snapshot: a read transaction around them
      try (PreparedStatement begin = c.prepareStatement("BEGIN")) {
        begin.execute();
      }
      try {
        List<FileRecord> records = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(files)) {
          ps.setString(1, folder);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              records.add(SqliteRows.fileRecord(rs));
            }
          }
        }
        List<FolderSums> sums = sums(c, folders, folder, null, true);
        return new Contents(records, sums);
      } finally {
        try (PreparedStatement end = c.prepareStatement("COMMIT")) {
          end.execute();
        }
      }
    });
  }

  ContentsThen contentsAt(String dir, Instant at) {
    Objects.requireNonNull(at, "at");
    String folder = StorePaths.trimDir(dir);
    List<FolderSums> sums = db.read("list the folder '" + folder + "' at " + at,
        c -> sums(c, FOLDERS_AT, folder, at, false));
    List<FileThen> files = pointInTime.filesAtAndNow(folder, at, true);
    return new ContentsThen(files, sums);
  }

  /** The sub-folders a query of FOLDERS_NOW's or FOLDERS_AT's columns finds, by path. */
  private static List<FolderSums> sums(Connection c, String sql, String folder, Instant at,
      boolean now) throws SQLException {
    List<FolderSums> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, folder);
      if (at != null) {
        ps.setLong(2, at.toEpochMilli());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long time = rs.getLong(4);
          Instant last = rs.wasNull() ? null : Instant.ofEpochMilli(time);
          int files = rs.getInt(3);
          out.add(new FolderSums(rs.getString(1), rs.getLong(2), files, last, rs.getString(5),
              now && files == 0));
        }
      }
    }
    // the order FolderContents gives (Java's String order, which SQLite's byte order of UTF-8
    // differs from beyond the Basic Multilingual Plane)
    out.sort(Comparator.comparing(FolderSums::path));
    return out;
  }
}
