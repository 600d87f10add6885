package io.revkeep.core.store;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.WriteIntent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Objects;

/**
 * The intents table of {@link SqliteStore}: a writer announces (path, hash) before it writes
 * ({@link #expectWrite}), and the recording transaction that sees that content consumes the
 * intent and attributes the version to it ({@link #take}).
 */
final class SqliteWriteIntents {
  /*
   * Threads:    any caller thread; no state besides db. expectWrite is its own write
   *             transaction; take() runs inside the caller's (SqliteRecording's) transaction on
   *             the connection it is given, so consuming an intent commits or rolls back with
   *             the version it attributes.
   */

  /** Who a new version is attributed to. */
  record Author(String user, Origin origin, String changeSet) {}

  private final SqliteConnections db;

  SqliteWriteIntents(SqliteConnections db) {
    this.db = db;
  }

  /** See {@link FileVersions#expectWrite}. */
  void expectWrite(WriteIntent intent) {
    Objects.requireNonNull(intent, "intent");
    db.write("expect write of " + intent.path(), c -> {
      PreparedStatement ps = SqliteStatements.kept(c, "INSERT INTO intents (path, hash, user,"
          + " origin, change_set, expiry) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (path, hash)"
          + " DO UPDATE SET user = excluded.user, origin = excluded.origin,"
          + " change_set = excluded.change_set, expiry = excluded.expiry");
      ps.setString(1, intent.path());
      ps.setString(2, intentHash(intent.hash()));
      ps.setString(3, intent.user());
      ps.setString(4, intent.origin().wire());
      ps.setString(5, intent.changeSet());
      ps.setLong(6, intent.expiry().toEpochMilli());
      ps.executeUpdate();
      return null;
    });
  }

  /**
   * Deletes the intents expired by {@code time}, in the caller's recording transaction: they
   * can never match a change of that time or later ({@link #take} asks for unexpired ones), so
   * a transaction sweeps once, by the earliest time among its changes, not once per change.
   */
  static void sweepExpired(Connection c, Instant time) throws SQLException {
    PreparedStatement expired = SqliteStatements.kept(c, "DELETE FROM intents WHERE expiry <= ?");
    expired.setLong(1, time.toEpochMilli());
    expired.executeUpdate();
  }

  /**
   * Who the new version is attributed to: the unexpired intent matching (path, hash) — consumed
   * here, in the recording transaction — or else the change's own user and origin.
   */
  static Author take(Connection c, Change ch) throws SQLException {
    long time = ch.time().toEpochMilli();
    String hash = intentHash(ch.hash());
    Author found = null;
    PreparedStatement lookup = SqliteStatements.kept(c, "SELECT user, origin, change_set"
        + " FROM intents WHERE path = ? AND hash = ? AND expiry > ?");
    lookup.setString(1, ch.path());
    lookup.setString(2, hash);
    lookup.setLong(3, time);
    try (ResultSet rs = lookup.executeQuery()) {
      if (rs.next()) {
        found = new Author(rs.getString(1), Origin.fromWire(rs.getString(2)), rs.getString(3));
      }
    }
    if (found == null) {
      return new Author(ch.user(), ch.origin(), null);
    }
    PreparedStatement consume =
        SqliteStatements.kept(c, "DELETE FROM intents WHERE path = ? AND hash = ?");
    consume.setString(1, ch.path());
    consume.setString(2, hash);
    consume.executeUpdate();
    return found;
  }

  /** intents.hash is part of the key (NOT NULL): a deletion intent is stored with ''. */
  private static String intentHash(String hash) {
    return hash == null ? "" : hash;
  }
}
