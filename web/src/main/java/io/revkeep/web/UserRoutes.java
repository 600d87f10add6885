package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.Passwords;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.store.ConflictException;
import io.revkeep.core.store.LastAdminException;
import io.revkeep.core.store.Store;
import io.revkeep.web.api.AccountBodies.NewUser;
import io.revkeep.web.api.AccountBodies.Removed;
import io.revkeep.web.api.AccountBodies.UserEntry;
import io.revkeep.web.api.AccountBodies.UserName;
import io.revkeep.web.api.AccountBodies.UserUpdate;

/**
 * The user admin API, for admins only: {@code GET /api/users}, {@code POST /api/users} (add),
 * {@code /api/users/update} (role, password) and {@code /api/users/delete}. A user whose
 * password or role changes or who is removed loses its sessions (they log in again, with a new
 * session id); an admin cannot demote or remove itself. Every change reaches the store through
 * one method, {@code commitAccountChange}.
 *
 * @param sessions the sessions a changed or removed user loses
 */
record UserRoutes(Store store, Sessions sessions) {
  void register(RoutesConfig routes) {
    routes.get("/api/users", this::listUsers);
    routes.post("/api/users", this::addUser);
    routes.post("/api/users/update", this::updateUser);
    routes.post("/api/users/delete", this::removeUser);
  }

  private void listUsers(Context ctx) {
    Auth.requireAdmin(ctx);
    Json.ok(ctx, store.users().stream().map(UserEntry::of).toList());
  }

  private void addUser(Context ctx) {
    Auth.requireAdmin(ctx);
    NewUser body = Json.body(ctx, NewUser.class);
    String name = Json.required(body.name(), "name").trim();
    if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
      throw new HttpError(400, "a user name is 1 to 64 letters, digits or . _ @ -");
    }
    Role role = role(Json.optional(body.role()), Role.EDITOR);
    String hash = hash(Json.required(body.password(), "password"));
    try {
      store.addUser(new User(name, hash, role));
    } catch (ConflictException e) {
      throw new HttpError(409, "the user '" + name + "' exists already");
    }
    Json.send(ctx, 201, UserEntry.of(name, role));
  }

  private void updateUser(Context ctx) {
    User admin = Auth.requireAdmin(ctx);
    UserUpdate body = Json.body(ctx, UserUpdate.class);
    String name = Json.required(body.name(), "name");
    User u = store.user(name).orElseThrow(() -> new HttpError(404, "no user '" + name + "'"));
    Role role = role(Json.optional(body.role()), u.role());
    if (u.name().equals(admin.name()) && role != Role.ADMIN) {
      throw new HttpError(400, "you cannot take the admin role from yourself");
    }
    String password = Json.optional(body.password());
    String hash = password == null ? u.passwordHash() : hash(password);
    if (!commitAccountChange(u.name(), new User(u.name(), hash, role))) {
      throw new HttpError(404, "no user '" + name + "'");
    }
    if ((password != null || role != u.role()) && !u.name().equals(admin.name())) {
      sessions.removeUser(u.name()); // a new password or role: log in again
    }
    Json.ok(ctx, UserEntry.of(u.name(), role));
  }

  private void removeUser(Context ctx) {
    User admin = Auth.requireAdmin(ctx);
    String name = Json.required(Json.body(ctx, UserName.class).name(), "name");
    if (name.equals(admin.name())) {
      throw new HttpError(400, "you cannot remove yourself");
    }
    if (!commitAccountChange(name, null)) {
      throw new HttpError(404, "no user '" + name + "'");
    }
    sessions.removeUser(name);
    Json.ok(ctx, new Removed(name));
  }

  /**
   * The one store call of a role or password change and of a removal. The store checks "at
   * least one admin remains" and makes the change in one atomic step, so two admins demoting or
   * removing each other at the same moment cannot leave none (409 for the one refused).
   *
   * @param replacement the account as it is to be, or null to remove the user
   * @return false when there is no user {@code name}
   */
  private boolean commitAccountChange(String name, User replacement) {
    try {
      return replacement == null ? store.removeUserKeepingAnAdmin(name)
          : store.updateUserKeepingAnAdmin(replacement);
    } catch (LastAdminException e) {
      throw new HttpError(409, e.getMessage());
    }
  }

  private static Role role(String wire, Role dflt) {
    if (wire == null) {
      return dflt;
    }
    try {
      return Role.fromWire(wire);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage());
    }
  }

  private static String hash(String password) {
    String problem = Passwords.problem(password.toCharArray());
    if (problem != null) {
      throw new HttpError(400, problem);
    }
    return Passwords.hash(password.toCharArray());
  }
}
