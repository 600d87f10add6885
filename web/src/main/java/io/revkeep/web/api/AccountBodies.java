package io.revkeep.web.api;

import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;

/** Bodies of login, logout, {@code /api/me} and the user admin API ({@code /api/users…}). */
public final class AccountBodies {
  private AccountBodies() {}

  /** {@code POST /api/login}. */
  public record LoginRequest(String user, String password) {}

  /**
   * The logged-in user (the login's answer and {@code GET /api/me}).
   *
   * @param role the role's wire name: admin, editor or viewer
   * @param csrf the token every state-changing request carries in {@code X-CSRF-Token}
   */
  public record Me(String user, String role, String csrf) {}

  /** {@code POST /api/logout}'s answer: {@code {"ok": true}}. */
  public record LoggedOut(boolean ok) {}

  /**
   * {@code POST /api/me/logout-everywhere}'s answer: every session of the caller ended, this one
   * included.
   *
   * @param ended how many sessions ended
   */
  public record LoggedOutEverywhere(boolean ok, int ended) {}

  /** One user as listed, created or updated (never its password). */
  public record UserEntry(String name, String role) {
    public static UserEntry of(String name, Role role) {
      return new UserEntry(name, role.wire());
    }

    public static UserEntry of(User u) {
      return of(u.name(), u.role());
    }
  }

  /** {@code POST /api/users}: a new user; the role defaults to editor. */
  public record NewUser(String name, String password, String role) {}

  /** {@code POST /api/users/update}: a new role, a new password, or both (null: unchanged). */
  public record UserUpdate(String name, String role, String password) {}

  /** {@code POST /api/users/delete}. */
  public record UserName(String name) {}

  /** {@code POST /api/users/delete}'s answer. */
  public record Removed(String removed) {}

  /** {@code POST /api/me/password}: the logged-in user's password now, and the new one. */
  public record PasswordChange(String old, @com.fasterxml.jackson.annotation.JsonProperty("new")
      String newPassword) {}

  /** {@code POST /api/me/password}'s answer: the user whose password changed. */
  public record PasswordChanged(String user, boolean changed) {}
}
