package io.revkeep.core.store;

import static io.revkeep.core.store.SqliteRows.EVENT_COLUMNS;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Event;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

/**
 * How {@link SqliteStore} reads its {@link EventLog}. The events themselves are written by
 * SqliteRecording, in the transaction that records their version, so there are no holes.
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
    return db.read("read last event seq", c -> {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM events")) {
        rs.next();
        return rs.getLong(1);
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
