package io.revkeep.core.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Prepared statements kept per connection for the reads every web request makes (compiling a
 * statement was most of {@code lastSeq}'s cost: bench/profile --web) and the writes of every
 * recorded change (a dozen statements per version, each compiled anew in ~20 µs, a tenth of a
 * 10,000-file burst's recording, bench/RESULTS.md). Only fixed SQL is kept, so a connection keeps
 * as many statements as the code has queries. A kept statement belongs
 * to its connection: the caller holds the connection alone (borrowed from
 * {@link SqliteConnections}) while it runs the statement, closes the result set, and never
 * closes the statement; closing the connection frees them, and a connection no longer
 * reachable is dropped from here with them (weak keys).
 */
final class SqliteStatements {
  /*
   * Threads: any thread holding a connection. State: connection → (SQL → statement), the outer
   *          map synchronised (threads holding different connections meet there), the inner
   *          one used only by the thread holding that connection.
   */
  private static final Map<Connection, Map<String, PreparedStatement>> KEPT =
      Collections.synchronizedMap(new WeakHashMap<>());

  private SqliteStatements() {}

  /** The connection's statement for this SQL, prepared on first use; never close it. */
  static PreparedStatement kept(Connection c, String sql) throws SQLException {
    Map<String, PreparedStatement> mine = KEPT.computeIfAbsent(c, k -> new HashMap<>());
    PreparedStatement ps = mine.get(sql);
    if (ps == null || ps.isClosed()) {
      ps = c.prepareStatement(sql);
      mine.put(sql, ps);
    }
    return ps;
  }

  /**
   * The rowid the connection's last INSERT gave, by a kept query ({@code getGeneratedKeys}
   * prepares one anew each time).
   */
  static long lastInsertId(Connection c) throws SQLException {
    try (ResultSet rs = kept(c, "SELECT last_insert_rowid()").executeQuery()) {
      if (!rs.next()) {
        throw new SQLException("no rowid after an insert");
      }
      return rs.getLong(1);
    }
  }
}
