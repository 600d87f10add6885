package io.revkeep.core.store;

import io.revkeep.core.model.Lock;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** How {@link SqliteStore} keeps {@link Locks}: the locks table, one row per locked path. */
final class SqliteLocks implements Locks {
  /*
   * Threads:    any caller thread; no state besides db. tryLock reads the holder and writes in
   *             one BEGIN IMMEDIATE transaction, so take-or-renew is atomic across processes.
   */

  private final SqliteConnections db;

  SqliteLocks(SqliteConnections db) {
    this.db = db;
  }

  @Override
  public Lock tryLock(Lock lock, Instant now) {
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(now, "now");
    return db.write("lock " + lock.path(), c -> {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT owner, expiry FROM locks WHERE path = ?")) {
        ps.setString(1, lock.path());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            Lock held = new Lock(lock.path(), rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)));
            if (!held.owner().equals(lock.owner()) && !held.expiredAt(now)) {
              return held;
            }
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO locks (path, owner, expiry)"
          + " VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET owner = excluded.owner,"
          + " expiry = excluded.expiry")) {
        ps.setString(1, lock.path());
        ps.setString(2, lock.owner());
        ps.setLong(3, lock.expiry().toEpochMilli());
        ps.executeUpdate();
      }
      return new Lock(lock.path(), lock.owner(),
          Instant.ofEpochMilli(lock.expiry().toEpochMilli()));
    });
  }

  @Override
  public Optional<Lock> lock(String path, Instant now) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(now, "now");
    return db.read("read lock " + path, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT owner, expiry FROM locks WHERE path = ? AND expiry > ?")) {
        ps.setString(1, path);
        ps.setLong(2, now.toEpochMilli());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? Optional.of(new Lock(path, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
              : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean unlock(String path, String owner) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(owner, "owner");
    return db.write("unlock " + path, c -> {
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM locks WHERE path = ? AND owner = ?")) {
        ps.setString(1, path);
        ps.setString(2, owner);
        return ps.executeUpdate() > 0;
      }
    });
  }
}
