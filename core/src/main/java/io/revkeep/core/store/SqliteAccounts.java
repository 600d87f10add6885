package io.revkeep.core.store;

import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link SqliteStore} keeps {@link Accounts}: the users table. A user's removal, and the
 * creation of a user of that name, end its web sessions (web_sessions) in the same transaction.
 */
final class SqliteAccounts implements Accounts {
  /*
   * Threads:    any caller thread; no state besides db. Each write is one BEGIN IMMEDIATE
   *             transaction, each read one statement on a read connection.
   * Last admin: the guarded update and removal are one conditional statement (demote or remove
   *             only WHERE another admin EXISTS) inside that write transaction, which also
   *             excludes writers in other processes, so two admins demoting each other at once
   *             cannot both succeed.
   */

  private final SqliteConnections db;

  SqliteAccounts(SqliteConnections db) {
    this.db = db;
  }

  @Override
  public void addUser(User user) {
    Objects.requireNonNull(user, "user");
    db.write("add user " + user.name(), c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (name, password_hash,"
          + " role) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
        ps.setString(1, user.name());
        ps.setString(2, user.passwordHash());
        ps.setString(3, user.role().wire());
        if (ps.executeUpdate() == 0) {
          throw new ConflictException("user '" + user.name() + "' already exists");
        }
      }
      endSessions(c, user.name()); // left by an earlier user of that name
      return null;
    });
  }

  @Override
  public Optional<User> user(String name) {
    Objects.requireNonNull(name, "name");
    return db.read("read user " + name, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT name, password_hash, role FROM users WHERE name = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(userRecord(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<User> users() {
    return SqliteRows.list(db, "list users",
        "SELECT name, password_hash, role FROM users ORDER BY name", SqliteAccounts::userRecord);
  }

  @Override
  public boolean updateUser(User user) {
    Objects.requireNonNull(user, "user");
    return db.write("update user " + user.name(), c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE users SET password_hash = ?, role = ? WHERE name = ?")) {
        ps.setString(1, user.passwordHash());
        ps.setString(2, user.role().wire());
        ps.setString(3, user.name());
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public boolean removeUser(String name) {
    Objects.requireNonNull(name, "name");
    return db.write("remove user " + name, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE name = ?")) {
        ps.setString(1, name);
        return ps.executeUpdate() > 0 && endSessions(c, name);
      }
    });
  }

  @Override
  public boolean updateUserKeepingAnAdmin(User user) {
    Objects.requireNonNull(user, "user");
    return db.write("update user " + user.name(), c -> {
      // one conditional statement: a demotion applies only while another admin exists
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE users SET password_hash = ?, role = ? WHERE name = ? AND (? = 'admin'"
              + " OR role <> 'admin' OR " + ANOTHER_ADMIN + ")")) {
        ps.setString(1, user.passwordHash());
        ps.setString(2, user.role().wire());
        ps.setString(3, user.name());
        ps.setString(4, user.role().wire());
        return ps.executeUpdate() > 0 || refusedAsLastAdmin(c, user.name());
      }
    });
  }

  @Override
  public boolean removeUserKeepingAnAdmin(String name) {
    Objects.requireNonNull(name, "name");
    return db.write("remove user " + name, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE name = ?"
          + " AND (role <> 'admin' OR " + ANOTHER_ADMIN + ")")) {
        ps.setString(1, name);
        return ps.executeUpdate() > 0 ? endSessions(c, name) : refusedAsLastAdmin(c, name);
      }
    });
  }

  /** True in the WHERE clause of a statement on users when an admin other than that row exists. */
  private static final String ANOTHER_ADMIN = "EXISTS (SELECT 1 FROM users other"
      + " WHERE other.role = 'admin' AND other.name <> users.name)";

  /**
   * After a guarded statement changed nothing, in the same transaction: false when there is no
   * such user, else the guard refused and this throws {@link LastAdminException}.
   */
  private static boolean refusedAsLastAdmin(Connection c, String name)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM users WHERE name = ?")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          throw new LastAdminException(name);
        }
        return false;
      }
    }
  }

  /** In a user's removal (or creation): its web sessions end in the same transaction. */
  private static boolean endSessions(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM web_sessions WHERE user = ?")) {
      ps.setString(1, name);
      ps.executeUpdate();
    }
    return true;
  }

  private static User userRecord(ResultSet rs) throws SQLException {
    return new User(rs.getString(1), rs.getString(2), Role.fromWire(rs.getString(3)));
  }
}
