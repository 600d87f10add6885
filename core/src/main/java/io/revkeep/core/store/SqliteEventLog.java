package io.revkeep.core.store;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.Origin;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

/**
 * How {@link SqliteStore} reads its {@link EventLog}. The events themselves are written by
 * SqliteRecording, in the transaction that records their version, so recording leaves no holes;
 * only an import declares some (SqliteHistoryImport: the seqs the original store had no event
 * at), in the holes table.
 *
 * <p>An event's origin and change set are read from its version (the events table has no columns
 * for them, so events recorded by any earlier revkeep carry them too): the version of the same
 * path, version number, time, action and hash, which SqliteRecording writes in the same
 * transaction with the same values. Two files' versions agree on all five only if a path was
 * reused after a rename within the same millisecond with the same content; then the one of the
 * lower file id is taken.
 */
final class SqliteEventLog implements EventLog {
  /*
   * Threads:    any caller thread; no state besides db. Each method is one statement on a read
   *             connection (one committed snapshot).
   */

  /** Events after ?1, at most ?2, each with its version's origin and change set. */
  private static final String EVENTS_AFTER = "SELECT e.seq, e.action, e.name, e.from_name,"
      + " e.location, e.version, e.hash, e.size, e.time, e.user, v.origin, v.change_set"
      + " FROM events e LEFT JOIN versions v ON v.version = e.version AND v.file_id ="
      + " (SELECT w.file_id FROM versions w WHERE w.path = e.name AND w.time = e.time"
      + " AND w.version = e.version AND w.action = e.action AND w.hash IS e.hash"
      + " ORDER BY w.file_id LIMIT 1)"
      + " WHERE e.seq > ? ORDER BY e.seq LIMIT ?";

  private final SqliteConnections db;

  SqliteEventLog(SqliteConnections db) {
    this.db = db;
  }

  @Override
  public long lastSeq() {
    return db.read("read last event seq", SqliteRows::lastSeq);
  }

  @Override
  public boolean isHole(long seq) {
    return db.read("read whether seq " + seq + " is a hole", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT last FROM holes WHERE first <= ? ORDER BY first DESC LIMIT 1")) {
        ps.setLong(1, seq);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() && rs.getLong(1) >= seq;
        }
      }
    });
  }

  @Override
  public List<Event> eventsAfter(long after, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return SqliteRows.list(db, "read events after " + after, EVENTS_AFTER,
        rs -> new Event(rs.getLong(1), Action.valueOf(rs.getString(2)), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getLong(8),
            Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10),
            rs.getString(11) == null ? null : Origin.fromWire(rs.getString(11)),
            rs.getString(12)),
        after, limit);
  }
}
