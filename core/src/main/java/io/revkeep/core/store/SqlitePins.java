package io.revkeep.core.store;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How {@link SqliteStore} keeps {@link Pins}: the pins table, keyed by (file id, version), so a
 * pin follows its file through renames.
 */
final class SqlitePins implements Pins {
  /*
   * Threads:    any caller thread; no state besides db. Each write is one statement in one
   *             BEGIN IMMEDIATE transaction (the file id is looked up inside it).
   */

  private final SqliteConnections db;

  SqlitePins(SqliteConnections db) {
    this.db = db;
  }

  @Override
  public boolean pin(String path, int version, String label, Instant time) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(time, "time");
    return db.write("pin version " + version + " of " + path, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO pins (file_id, version, label,"
          + " time) SELECT file_id, version, ?, ? FROM versions WHERE file_id = (SELECT id FROM"
          + " files WHERE path = ? AND detached = 0) AND version = ?"
          + " ON CONFLICT (file_id, version) DO UPDATE SET"
          + " label = excluded.label, time = excluded.time")) {
        ps.setString(1, label);
        ps.setLong(2, time.toEpochMilli());
        ps.setString(3, path);
        ps.setInt(4, version);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public boolean unpin(String path, int version) {
    Objects.requireNonNull(path, "path");
    return db.write("unpin version " + version + " of " + path, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM pins WHERE file_id ="
          + " (SELECT id FROM files WHERE path = ? AND detached = 0) AND version = ?")) {
        ps.setString(1, path);
        ps.setInt(2, version);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public List<Pin> pins(String path) {
    Objects.requireNonNull(path, "path");
    return SqliteRows.list(db, "read pins of " + path, "SELECT version, label, time FROM pins"
        + " WHERE file_id = (SELECT id FROM files WHERE path = ? AND detached = 0)"
        + " ORDER BY version",
        rs -> new Pin(rs.getInt(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))), path);
  }
}
