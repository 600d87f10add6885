package io.revkeep.core.store;

import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** How {@link SqliteStore} keeps {@link Accounts}: the users table. */
final class SqliteAccounts implements Accounts {
  /*
   * Threads:    any caller thread; no state besides db. Each write is one BEGIN IMMEDIATE
   *             transaction, each read one statement on a read connection.
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
        return ps.executeUpdate() > 0;
      }
    });
  }

  private static User userRecord(ResultSet rs) throws SQLException {
    return new User(rs.getString(1), rs.getString(2), Role.fromWire(rs.getString(3)));
  }
}
