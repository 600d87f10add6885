package io.revkeep.listener;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Makes a real SQLite store unavailable for writing, as another process stuck in a long
 * transaction would: a second JDBC connection to the same file holds {@code BEGIN EXCLUSIVE}
 * until closed. In WAL mode readers still read the last committed state; only writes fail (after
 * the store's busy timeout, with a StoreException).
 */
final class SqliteWriteLock implements AutoCloseable {
  private final Connection connection;

  SqliteWriteLock(Path dbFile) throws SQLException {
    connection = DriverManager.getConnection("jdbc:sqlite:" + dbFile.toAbsolutePath());
    try (Statement st = connection.createStatement()) {
      st.execute("PRAGMA busy_timeout = 10000"); // wait for a write in flight, then hold
      st.execute("BEGIN EXCLUSIVE");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
  }

  /** Releases the lock: the store can be written again. */
  @Override
  public void close() throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("ROLLBACK");
    } finally {
      connection.close();
    }
  }
}
