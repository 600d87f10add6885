package io.revkeep.core.store;

import static io.revkeep.core.store.SqliteRows.EVENT_COLUMNS;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Event;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

/**
 * How {@link SqliteStore} reads its {@link EventLog}. The events themselves are written by
 * SqliteRecording, in the transaction that records their version, so recording leaves no holes;
 * only an import declares some (SqliteHistoryImport: the seqs the original store had no event
 * at), in the holes table.
 */
final class SqliteEventLog implements EventLog {
  /*
   * Threads:    any caller thread; no state besides db. Each method is one statement on a read
   *             connection (one committed snapshot).
   */

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
    return SqliteRows.list(db, "read events after " + after,
        "SELECT " + EVENT_COLUMNS + " FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
        rs -> new Event(rs.getLong(1), Action.valueOf(rs.getString(2)), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getLong(8),
            Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10)),
        after, limit);
  }
}
