package io.revkeep.core.store;

import io.revkeep.core.model.User;
import java.util.List;
import java.util.Optional;

/** The users who may log in to the web, with their password hashes and roles. Thread-safe. */
public interface Accounts {

  /**
   * Adds a user; {@link ConflictException} if the name is taken. Web sessions left under that
   * name (by an earlier user of it) end.
   */
  void addUser(User user);

  /** The user with this name, if any. */
  Optional<User> user(String name);

  /** All users, ordered by name. */
  List<User> users();

  /** Replaces password hash and role; false if there is no such user. */
  boolean updateUser(User user);

  /** false if there was no such user. The user's web sessions ({@link WebSessions}) end too. */
  boolean removeUser(String name);

  /**
   * As {@link #updateUser}, but refused with {@link LastAdminException} when it would take the
   * admin role from the only admin. The check and the change are one atomic step in the store,
   * so two admins demoting each other at the same moment cannot both succeed.
   */
  boolean updateUserKeepingAnAdmin(User user);

  /**
   * As {@link #removeUser}, but refused with {@link LastAdminException} when it would remove the
   * only admin; the check and the removal are one atomic step in the store.
   */
  boolean removeUserKeepingAnAdmin(String name);
}
