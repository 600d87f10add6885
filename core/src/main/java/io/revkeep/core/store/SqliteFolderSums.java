package io.revkeep.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    PreparedStatement ps = SqliteStatements.kept(c, "INSERT INTO folder_sums (path, parent, size,"
        + " files, records, last_seq) VALUES (?, ?, ?, ?, ?, 0) ON CONFLICT (path) DO UPDATE SET"
        + " size = size + excluded.size, files = files + excluded.files,"
        + " records = records + excluded.records");
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

  /**
   * After the event {@code seq} (at {@code time}, epoch millis) of version {@code version} of
   * file {@code fileId}, now at path (moved from {@code from} when not null, of {@code size}
   * bytes, a tombstone for a DELETE), whose record changes {@link #move} has already counted: it
   * is the newest change beneath every folder either path lies beneath, and goes into each such
   * folder's history (see {@link #history}).
   */
  static void afterEvent(Connection c, long seq, long time, long fileId, int version,
      String action, String path, String from, long size) throws SQLException {
    Map<String, long[]> delta = new TreeMap<>(); // folder → {size, files}, this version's
    for (String folder : ancestors(path)) {
      delta.put(folder, new long[2]);
    }
    if (from != null) {
      for (String folder : ancestors(from)) {
        delta.put(folder, new long[2]);
      }
    }
    // what this version changed: the file's previous version (versions are gap-free per file)
    // no longer counts where it was, this one counts where it is
    if (version > 1) {
      PreparedStatement ps = SqliteStatements.kept(c, "SELECT path, size, action FROM versions"
          + " WHERE file_id = ? AND version = ?");
      ps.setLong(1, fileId);
      ps.setInt(2, version - 1);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && !"DELETE".equals(rs.getString(3))) {
          for (String folder : ancestors(rs.getString(1))) {
            long[] d = delta.computeIfAbsent(folder, k -> new long[2]);
            d[0] -= rs.getLong(2);
            d[1]--;
          }
        }
      }
    }
    if (!"DELETE".equals(action)) {
      for (String folder : ancestors(path)) {
        long[] d = delta.get(folder);
        d[0] += size;
        d[1]++;
      }
    }
    PreparedStatement last = SqliteStatements.kept(c, "INSERT INTO folder_sums (path, parent,"
        + " size, files, records, last_seq) VALUES (?, ?, 0, 0, 0, ?) ON CONFLICT (path)"
        + " DO UPDATE SET last_seq = max(last_seq, excluded.last_seq)");
    for (String folder : delta.keySet()) {
      last.setString(1, folder);
      last.setString(2, parent(folder));
      last.setLong(3, seq);
      last.executeUpdate();
    }
    history(c, seq, time, delta);
  }

  /**
   * Appends one event's row to the history of each folder it changed (or only touched, with a
   * zero delta). A row keyed (folder, time, seq) holds the sums of every event beneath the folder
   * keyed at or before it — the deltas of those events added up — and the highest seq among
   * them: so the row with the highest key by an instant T gives the folder as every file's
   * newest version by T leaves it, and its newest change by T. Events come in seq order, and
   * mostly in time order too; one recorded with an earlier time than rows already there (two
   * processes' clocks, a few milliseconds apart) also adds its delta to those later rows.
   */
  private static void history(Connection c, long seq, long time, Map<String, long[]> delta)
      throws SQLException {
    PreparedStatement before = SqliteStatements.kept(c, "SELECT size, files, last_seq"
        + " FROM folder_sums_history WHERE folder = ?1 AND (time, seq) < (?2, ?3)"
        + " ORDER BY time DESC, seq DESC LIMIT 1");
    PreparedStatement insert = SqliteStatements.kept(c, "INSERT INTO folder_sums_history"
        + " (folder, time, seq, size, files, last_seq) VALUES (?, ?, ?, ?, ?, ?)");
    PreparedStatement later = SqliteStatements.kept(c, "UPDATE folder_sums_history"
        + " SET size = size + ?4, files = files + ?5, last_seq = max(last_seq, ?3)"
        + " WHERE folder = ?1 AND (time, seq) > (?2, ?3)");
    for (Map.Entry<String, long[]> e : delta.entrySet()) {
      long[] d = e.getValue();
      long size = d[0];
      long files = d[1];
      long lastSeq = seq;
      before.setString(1, e.getKey());
      before.setLong(2, time);
      before.setLong(3, seq);
      try (ResultSet rs = before.executeQuery()) {
        if (rs.next()) {
          size += rs.getLong(1);
          files += rs.getLong(2);
          lastSeq = Math.max(seq, rs.getLong(3));
        }
      }
      insert.setString(1, e.getKey());
      insert.setLong(2, time);
      insert.setLong(3, seq);
      insert.setLong(4, size);
      insert.setLong(5, files);
      insert.setLong(6, lastSeq);
      insert.executeUpdate();
      later.setString(1, e.getKey());
      later.setLong(2, time);
      later.setLong(3, seq);
      later.setLong(4, d[0]);
      later.setLong(5, d[1]);
      later.executeUpdate();
    }
  }

  /**
   * Computes folder_sums and folder_sums_history of a file that had none (the migration to
   * schema 7, inside its transaction): the sums now from the attached records; each event's
   * delta to the folders it lies beneath by replaying the event log in seq order (path → size of
   * the live files, in memory) into a temporary table, and the history rows from it by adding
   * the deltas up in (time, seq) order, as {@link #history} keeps them.
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
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TEMP TABLE folder_deltas (folder TEXT NOT NULL, time INTEGER NOT NULL,"
          + " seq INTEGER NOT NULL, size INTEGER NOT NULL, files INTEGER NOT NULL)");
    }
    Map<String, Long> live = new HashMap<>(); // path → size, as of the event replayed
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT seq, action, name, from_name, size, time FROM events ORDER BY seq");
        PreparedStatement deltas = c.prepareStatement("INSERT INTO folder_deltas"
            + " (folder, time, seq, size, files) VALUES (?, ?, ?, ?, ?)");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        long seq = rs.getLong(1);
        String path = rs.getString(3);
        String from = rs.getString(4);
        Map<String, long[]> delta = new TreeMap<>();
        for (String folder : ancestors(path)) {
          delta.put(folder, new long[2]);
        }
        if (from != null) {
          for (String folder : ancestors(from)) {
            delta.put(folder, new long[2]);
          }
          replay(delta, from, live.remove(from), null);
        }
        Long size = "DELETE".equals(rs.getString(2)) ? null : rs.getLong(5);
        replay(delta, path, live.get(path), size);
        if (size == null) {
          live.remove(path);
        } else {
          live.put(path, size);
        }
        for (Map.Entry<String, long[]> e : delta.entrySet()) {
          now.computeIfAbsent(e.getKey(), k -> new long[4])[3] = seq;
          deltas.setString(1, e.getKey());
          deltas.setLong(2, rs.getLong(6));
          deltas.setLong(3, seq);
          deltas.setLong(4, e.getValue()[0]);
          deltas.setLong(5, e.getValue()[1]);
          deltas.addBatch();
        }
        deltas.executeBatch();
      }
    }
    try (Statement st = c.createStatement()) {
      st.execute("INSERT INTO folder_sums_history (folder, time, seq, size, files, last_seq)"
          + " SELECT folder, time, seq, SUM(size) OVER w, SUM(files) OVER w, MAX(seq) OVER w"
          + " FROM folder_deltas WINDOW w AS (PARTITION BY folder ORDER BY time, seq"
          + " ROWS UNBOUNDED PRECEDING)");
      st.execute("DROP TABLE folder_deltas");
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
  private static void replay(Map<String, long[]> delta, String path, Long before, Long after) {
    for (String folder : ancestors(path)) {
      long[] d = delta.computeIfAbsent(folder, k -> new long[2]);
      if (before != null) {
        d[0] -= before;
        d[1]--;
      }
      if (after != null) {
        d[0] += after;
        d[1]++;
      }
    }
  }
}
