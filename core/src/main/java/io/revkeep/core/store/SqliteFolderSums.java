package io.revkeep.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * How the SQLite store keeps each folder's sums (schema-7.sql: folder_sums and
 * folder_sums_history) in step with its file records, inside the transaction that changes them:
 * SqliteRecording's row writes (which SqliteHistoryImport uses too) call {@link #move} for every
 * change of a files row's path, size or life, and {@link #afterEvent} for every event; a
 * version-6 file gets them computed once by {@link #rebuild} (SqliteSchema). Stateless.
 */
final class SqliteFolderSums {
  private SqliteFolderSums() {}

  /** The folder a path lies directly in, "" at the root (schema-7.sql computes the same). */
  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** The folders a path lies beneath, nearest first ("a/x/1.txt": "a/x", "a"). */
  static List<String> ancestors(String path) {
    List<String> out = new ArrayList<>();
    for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      out.add(path.substring(0, slash));
    }
    return out;
  }

  /**
   * One attached record's state before and after a change: its path (null: not attached, before
   * an insert or after a detach), its size and whether it is live. Adds the difference to every
   * folder beneath which either path lies; a folder both lie beneath with nothing changed for it
   * is not written.
   */
  static void move(Connection c, String oldPath, long oldSize, boolean oldLive, String newPath,
      long newSize, boolean newLive) throws SQLException {
    Map<String, long[]> delta = new TreeMap<>(); // folder → {size, files, records}
    if (oldPath != null) {
      for (String folder : ancestors(oldPath)) {
        long[] d = delta.computeIfAbsent(folder, k -> new long[3]);
        d[0] -= oldLive ? oldSize : 0;
        d[1] -= oldLive ? 1 : 0;
        d[2]--;
      }
    }
    if (newPath != null) {
      for (String folder : ancestors(newPath)) {
        long[] d = delta.computeIfAbsent(folder, k -> new long[3]);
        d[0] += newLive ? newSize : 0;
        d[1] += newLive ? 1 : 0;
        d[2]++;
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO folder_sums (path, parent, size,"
        + " files, records, last_seq) VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (path) DO UPDATE SET"
        + " size = size + excluded.size, files = files + excluded.files,"
        + " records = records + excluded.records")) {
      for (Map.Entry<String, long[]> e : delta.entrySet()) {
        long[] d = e.getValue();
        if (d[0] == 0 && d[1] == 0 && d[2] == 0) {
          continue;
        }
        ps.setString(1, e.getKey());
        ps.setString(2, parent(e.getKey()));
        ps.setLong(3, d[0]);
        ps.setLong(4, d[1]);
        ps.setLong(5, d[2]);
        ps.executeUpdate();
      }
    }
  }

  /**
   * After the event {@code seq} (at {@code time}, epoch millis) on path, moved from
   * {@code from} when not null, whose record changes {@link #move} has already counted: it is
   * the newest change beneath every folder either path lies beneath, and each such folder's sums
   * from then on are appended to its history.
   */
  static void afterEvent(Connection c, long seq, long time, String path, String from)
      throws SQLException {
    Set<String> folders = new LinkedHashSet<>(ancestors(path));
    if (from != null) {
      folders.addAll(ancestors(from));
    }
    try (PreparedStatement last = c.prepareStatement("INSERT INTO folder_sums (path, parent,"
        + " size, files, records, last_seq) VALUES (?, ?, 0, 0, 0, ?) ON CONFLICT (path)"
        + " DO UPDATE SET last_seq = excluded.last_seq");
        PreparedStatement history = c.prepareStatement("INSERT INTO folder_sums_history (folder,"
            + " time, seq, size, files) SELECT path, ?, ?, size, files FROM folder_sums"
            + " WHERE path = ?")) {
      for (String folder : folders) {
        last.setString(1, folder);
        last.setString(2, parent(folder));
        last.setLong(3, seq);
        last.executeUpdate();
        history.setLong(1, time);
        history.setLong(2, seq);
        history.setString(3, folder);
        history.executeUpdate();
      }
    }
  }

  /**
   * Computes folder_sums and folder_sums_history of a file that had none (the migration to
   * schema 7, inside its transaction): the sums now from the attached records, the history and
   * each folder's newest change by replaying the event log in seq order (path → size of the live
   * files, in memory).
   */
  static void rebuild(Connection c) throws SQLException {
    Map<String, long[]> now = new HashMap<>(); // folder → {size, files, records, last_seq}
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT path, size, deleted FROM files WHERE detached = 0");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        boolean live = rs.getInt(3) == 0;
        for (String folder : ancestors(rs.getString(1))) {
          long[] s = now.computeIfAbsent(folder, k -> new long[4]);
          s[0] += live ? rs.getLong(2) : 0;
          s[1] += live ? 1 : 0;
          s[2]++;
        }
      }
    }
    Map<String, Long> live = new HashMap<>(); // path → size, as of the event replayed
    Map<String, long[]> then = new HashMap<>(); // folder → {size, files} as of it
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT seq, action, name, from_name, size, time FROM events ORDER BY seq");
        PreparedStatement history = c.prepareStatement("INSERT INTO folder_sums_history"
            + " (folder, time, seq, size, files) VALUES (?, ?, ?, ?, ?)");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long seq = rs.getLong(1);
        String action = rs.getString(2);
        String path = rs.getString(3);
        String from = rs.getString(4);
        long time = rs.getLong(6);
        if (from != null) {
          replay(then, from, live.remove(from), null);
        }
        Long size = "DELETE".equals(action) ? null : rs.getLong(5);
        replay(then, path, live.get(path), size);
        if (size == null) {
          live.remove(path);
        } else {
          live.put(path, size);
        }
        Set<String> folders = new LinkedHashSet<>(ancestors(path));
        if (from != null) {
          folders.addAll(ancestors(from));
        }
        for (String folder : folders) {
          now.computeIfAbsent(folder, k -> new long[4])[3] = seq;
          long[] s = then.computeIfAbsent(folder, k -> new long[2]);
          history.setString(1, folder);
          history.setLong(2, time);
          history.setLong(3, seq);
          history.setLong(4, s[0]);
          history.setLong(5, s[1]);
          history.addBatch();
        }
        history.executeBatch();
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO folder_sums (path, parent, size,"
        + " files, records, last_seq) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (Map.Entry<String, long[]> e : now.entrySet()) {
        long[] s = e.getValue();
        ps.setString(1, e.getKey());
        ps.setString(2, parent(e.getKey()));
        ps.setLong(3, s[0]);
        ps.setLong(4, s[1]);
        ps.setLong(5, s[2]);
        ps.setLong(6, s[3]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** One path's live size going from before to after (null: no live file) in the replay. */
  private static void replay(Map<String, long[]> then, String path, Long before, Long after) {
    for (String folder : ancestors(path)) {
      long[] s = then.computeIfAbsent(folder, k -> new long[2]);
      if (before != null) {
        s[0] -= before;
        s[1]--;
      }
      if (after != null) {
        s[0] += after;
        s[1]++;
      }
    }
  }
}
