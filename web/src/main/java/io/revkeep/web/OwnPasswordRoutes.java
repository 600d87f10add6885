package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.Passwords;
import io.revkeep.core.model.User;
import io.revkeep.core.store.LastAdminException;
import io.revkeep.core.store.Store;
import io.revkeep.web.api.AccountBodies.PasswordChange;
import io.revkeep.web.api.AccountBodies.PasswordChanged;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code POST /api/me/password {old, new}}: any logged-in user changes their own password. The
 * old one must match (a wrong one counts as a failed login of that name from that address, in
 * the same {@link LoginLimiter} as the login, so this route cannot be used to guess it); the new
 * one follows the rules of the admin's user routes ({@link Passwords#problem}). The user's other
 * sessions end; this one stays. Jetty's request threads call it concurrently; its state is the
 * limiter's, which guards itself.
 *
 * @param limiter the login's limiter
 * @param passwords checks the old password (bcrypt in the server)
 */
record OwnPasswordRoutes(Store store, Sessions sessions, LoginLimiter limiter,
    PasswordCheck passwords) {
  private static final Logger LOG = LogManager.getLogger();

  void register(RoutesConfig routes) {
    routes.post("/api/me/password", this::change);
  }

  private void change(Context ctx) {
    User u = Auth.user(ctx);
    PasswordChange body = Json.body(ctx, PasswordChange.class);
    String old = Json.required(body.old(), "old");
    String fresh = Json.required(body.newPassword(), "new");
    String address = ctx.ip();
    Duration wait = limiter.retryAfter(u.name(), address);
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      ctx.header("Retry-After", Long.toString(seconds));
      throw new HttpError(429, "too many wrong passwords; try again in " + seconds + " s");
    }
    if (!passwords.matches(old.toCharArray(), u.passwordHash())) {
      limiter.failed(u.name(), address);
      LOG.info("wrong old password in a password change of '{}' from {}", u.name(), address);
      throw new HttpError(403, "the old password is wrong; nothing was changed");
    }
    limiter.succeeded(u.name(), address);
    String problem = Passwords.problem(fresh.toCharArray());
    if (problem != null) {
      throw new HttpError(400, problem);
    }
    if (fresh.equals(old)) {
      throw new HttpError(400, "the new password is the old one; choose another");
    }
    // read again just before the write, so a role an admin changed meanwhile is kept
    User now = store.user(u.name()).orElseThrow(() -> new HttpError(401, "log in first"));
    boolean changed;
    try {
      changed = store.updateUserKeepingAnAdmin(new User(now.name(),
          Passwords.hash(fresh.toCharArray()), now.role()));
    } catch (LastAdminException e) {
      throw new HttpError(409, e.getMessage()); // the role is unchanged: not expected
    }
    if (!changed) {
      throw new HttpError(401, "log in first");
    }
    sessions.removeOthers(u.name(), Auth.session(ctx));
    LOG.info("{} changed their password", u.name());
    Json.ok(ctx, new PasswordChanged(u.name(), true));
  }
}
