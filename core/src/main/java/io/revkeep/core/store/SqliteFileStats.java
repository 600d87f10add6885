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
 *
 * <p>Each part comes back as one text that SQLite joins (group_concat), not as a row per file:
 * through the driver a row costs a step and a call per column, each a native call under a lock
 * (bench/profiles/reconcile-after.html showed them as most of this read), and the text is cut
 * up here instead. A name never holds '/' and a number never holds ' ', so a file is
 * {@code size ' ' mtime ' ' name '/'} and a sub-folder {@code name '/'}.
 */
final class SqliteFileStats {
  /*
   * Threads: any caller thread; no state besides db. One call is one statement on one read
   *          connection, so one snapshot.
   */

  /** A name from a path and the folder it lies directly in ("" at the root). */
  private static final String NAME = "substr(path, length(%1$s) + (%1$s <> '') + 1)";

  /**
   * ?1 the folder ("" the root); two rows: 0 and its files, 1 and its sub-folders, each text
   * null when there is none.
   */
  static final String SQL = "SELECT 0, group_concat(fs_size || ' ' || fs_mtime || ' ' || "
      + NAME.formatted("dir") + " || '/', '') FROM files"
      + " WHERE dir = ?1 AND detached = 0 AND deleted = 0"
      + " UNION ALL SELECT 1, group_concat(" + NAME.formatted("parent") + " || '/', '')"
      + " FROM folder_sums WHERE parent = ?1 AND files > 0";

  private final SqliteConnections db;

  SqliteFileStats(SqliteConnections db) {
    this.db = db;
  }

  void forEachLiveFileStatIn(String dir, Consumer<FileVersions.FileStat> files,
      Consumer<String> folders) {
    String folder = StorePaths.trimDir(dir);
    String prefix = folder.isEmpty() ? "" : folder + "/";
    db.read("list the files in '" + folder + "'", c -> {
      try (PreparedStatement ps = c.prepareStatement(SQL)) {
        ps.setString(1, folder);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            boolean isFiles = rs.getInt(1) == 0;
            String text = rs.getString(2);
            if (text == null) {
              continue;
            }
            if (isFiles) {
              files(text, prefix, files);
            } else {
              for (int at = 0, end; at < text.length(); at = end + 1) {
                end = text.indexOf('/', at);
                folders.accept(prefix + text.substring(at, end));
              }
            }
          }
        }
      }
      return null;
    });
  }

  /** Cuts a folder's files text ({@code size ' ' mtime ' ' name '/'} each) into stats. */
  private static void files(String text, String prefix, Consumer<FileVersions.FileStat> files) {
    for (int at = 0; at < text.length(); ) {
      int sizeEnd = text.indexOf(' ', at);
      int mtimeEnd = text.indexOf(' ', sizeEnd + 1);
      int nameEnd = text.indexOf('/', mtimeEnd + 1);
      long size = Long.parseLong(text, at, sizeEnd, 10);
      long mtime = Long.parseLong(text, sizeEnd + 1, mtimeEnd, 10);
      files.accept(new FileVersions.FileStat(prefix + text.substring(mtimeEnd + 1, nameEnd),
          size, mtime));
      at = nameEnd + 1;
    }
  }
}
