package io.revkeep.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.function.Consumer;

/**
 * {@link FileVersions#forEachLiveFileStatIn} for {@link SqliteStore}: one folder's direct live
 * files and the sub-folders holding live files, in one statement (one snapshot) of two index
 * reads: the folder's range of files_live_stat (schema-8.sql), which holds the path, fs_size and
 * fs_mtime of every live file by its folder, so SQLite answers from the index alone; and the
 * folder's sub-folders in folder_sums (schema-7.sql) whose live files beneath them are not 0. A
 * folder costs one index row per direct file and per sub-folder, whatever lies deeper.
 */
final class SqliteFileStats {
  /*
   * Threads: any caller thread; no state besides db. One call is one statement on one read
   *          connection, so one snapshot.
   */

  /** ?1 the folder ("" the root); rows: 0 and a file's stat, or 1 and a sub-folder's path. */
  static final String SQL = "SELECT 0, path, fs_size, fs_mtime FROM files"
      + " WHERE dir = ?1 AND detached = 0 AND deleted = 0"
      + " UNION ALL SELECT 1, path, 0, 0 FROM folder_sums WHERE parent = ?1 AND files > 0";

  private final SqliteConnections db;

  SqliteFileStats(SqliteConnections db) {
    this.db = db;
  }

  void forEachLiveFileStatIn(String dir, Consumer<FileVersions.FileStat> files,
      Consumer<String> folders) {
    String folder = StorePaths.trimDir(dir);
    db.read("list the files in '" + folder + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(SQL)) {
        ps.setString(1, folder);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            if (rs.getInt(1) == 0) {
              files.accept(new FileVersions.FileStat(rs.getString(2), rs.getLong(3),
                  rs.getLong(4)));
            } else {
              folders.accept(rs.getString(2));
            }
          }
        }
      }
      return null;
    });
  }
}
