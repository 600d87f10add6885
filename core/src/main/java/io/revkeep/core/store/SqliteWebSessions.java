package io.revkeep.core.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** How {@link SqliteStore} keeps {@link WebSessions}: the web_sessions table (schema step 6). */
final class SqliteWebSessions implements WebSessions {
  /*
   * Threads:    any caller thread; no state besides db. Each write is one statement in one
   *             BEGIN IMMEDIATE transaction (db.write), each read one statement on a read
   *             connection, so processes sharing the file see each other's sessions at once.
   *             The sweep deletes and counts in one transaction.
   */

  private final SqliteConnections db;

  SqliteWebSessions(SqliteConnections db) {
    this.db = db;
  }

  @Override
  public void addWebSession(WebSession s) {
    Objects.requireNonNull(s, "session");
    db.write("add a web session of " + s.user(), c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO web_sessions (id_hash, user,"
          + " csrf, created, last_seen) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id_hash) DO NOTHING")) {
        ps.setString(1, s.idHash());
        ps.setString(2, s.user());
        ps.setString(3, s.csrf());
        ps.setLong(4, s.created().toEpochMilli());
        ps.setLong(5, s.lastSeen().toEpochMilli());
        if (ps.executeUpdate() == 0) {
          throw new ConflictException("a web session with this id exists");
        }
      }
      return null;
    });
  }

  @Override
  public Optional<WebSession> webSession(String idHash) {
    Objects.requireNonNull(idHash, "idHash");
    return db.read("read a web session", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT user, csrf, created, last_seen"
          + " FROM web_sessions WHERE id_hash = ?")) {
        ps.setString(1, idHash);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? Optional.of(new WebSession(idHash, rs.getString(1), rs.getString(2),
                  Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4))))
              : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean touchWebSession(String idHash, Instant lastSeen) {
    Objects.requireNonNull(idHash, "idHash");
    Objects.requireNonNull(lastSeen, "lastSeen");
    return db.write("touch a web session", c -> {
      try (PreparedStatement ps = c.prepareStatement("UPDATE web_sessions SET last_seen ="
          + " MAX(last_seen, ?) WHERE id_hash = ?")) {
        ps.setLong(1, lastSeen.toEpochMilli());
        ps.setString(2, idHash);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public boolean removeWebSession(String idHash) {
    Objects.requireNonNull(idHash, "idHash");
    return db.write("end a web session", c -> {
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM web_sessions WHERE id_hash = ?")) {
        ps.setString(1, idHash);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public int removeWebSessions(String user, String keepIdHash) {
    Objects.requireNonNull(user, "user");
    return db.write("end the web sessions of " + user, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM web_sessions WHERE user = ?"
          + " AND id_hash IS NOT ?")) {
        ps.setString(1, user);
        ps.setString(2, keepIdHash);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public int sweepWebSessions(Instant idleBefore) {
    Objects.requireNonNull(idleBefore, "idleBefore");
    return db.write("sweep idle web sessions", c -> {
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM web_sessions WHERE last_seen < ?")) {
        ps.setLong(1, idleBefore.toEpochMilli());
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM web_sessions");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }
}
