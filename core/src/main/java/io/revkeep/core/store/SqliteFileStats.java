package io.revkeep.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.function.Consumer;

/**
 * {@link FileVersions#forEachLiveFileStatIn} for {@link SqliteStore}: one folder's direct live
 * files and the sub-folders holding live files, by seeking in the path index (files_path,
 * schema-5.sql) instead of reading the subtree. Rows are read in path order from the folder's
 * prefix; a row beneath a sub-folder names that sub-folder, and the read jumps past all of it
 * (to the sub-folder's path followed by '0', the character after '/': SQLite compares text by
 * its UTF-8 bytes, so every path beneath "a/b/" sorts before "a/b0" and nothing else between).
 * A folder costs one row per direct file plus one seek and one row per sub-folder, whatever
 * lies deeper.
 */
final class SqliteFileStats {
  /*
   * Threads: any caller thread; no state besides db. One call is one read (one connection, one
   *          snapshot), its seeks re-running one prepared statement.
   */

  private static final String SQL = "SELECT path, fs_size, fs_mtime FROM files"
      + " WHERE detached = 0 AND deleted = 0 AND path >= ?1";

  private final SqliteConnections db;

  SqliteFileStats(SqliteConnections db) {
    this.db = db;
  }

  void forEachLiveFileStatIn(String dir, Consumer<FileVersions.FileStat> files,
      Consumer<String> folders) {
    String folder = StorePaths.trimDir(dir);
    String prefix = folder.isEmpty() ? "" : folder + "/";
    String end = folder + "0";
    String sql = SQL + (folder.isEmpty() ? "" : " AND path < ?2") + " ORDER BY path";
    db.read("list the files in '" + folder + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        String from = prefix;
        while (from != null) {
          ps.setString(1, from);
          if (!folder.isEmpty()) {
            ps.setString(2, end);
          }
          from = null;
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              String path = rs.getString(1);
              int slash = path.indexOf('/', prefix.length());
              if (slash < 0) {
                files.accept(new FileVersions.FileStat(path, rs.getLong(2), rs.getLong(3)));
              } else {
                String sub = path.substring(0, slash);
                folders.accept(sub);
                from = sub + "0"; // past everything beneath it
                break;
              }
            }
          }
        }
      }
      return null;
    });
  }
}
