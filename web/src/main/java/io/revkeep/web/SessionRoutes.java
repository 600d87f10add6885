package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.model.User;
import io.revkeep.core.store.Store;
import io.revkeep.web.api.AccountBodies.LoggedOut;
import io.revkeep.web.api.AccountBodies.LoggedOutEverywhere;
import io.revkeep.web.api.AccountBodies.LoginRequest;
import io.revkeep.web.api.AccountBodies.Me;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code POST /api/login}, {@code POST /api/logout}, {@code POST /api/me/logout-everywhere} and
 * {@code GET /api/me}: a session starts
 * with the right password (failures are rate-limited by {@link LoginLimiter}) and its answer
 * carries the CSRF token; the session cookie is HttpOnly and SameSite=Strict. A login gets a new
 * session id (any session the request carried ends). A known and an unknown name cost the same:
 * the password is checked once, against the user's hash or a dummy one of the same cost.
 *
 * @param limiter refuses logins after too many failures of a name from an address
 * @param admission bounds the logins handled at once and their body's size
 * @param passwords checks a password against a hash (bcrypt in the server)
 */
record SessionRoutes(Store store, Sessions sessions, LoginLimiter limiter,
    LoginAdmission admission, PasswordCheck passwords) {
  private static final Logger LOG = LogManager.getLogger();

  void register(RoutesConfig routes) {
    routes.post("/api/login", this::login);
    routes.post("/api/logout", this::logout);
    routes.post("/api/me/logout-everywhere", this::logoutEverywhere);
    routes.get("/api/me", this::me);
  }

  private void login(Context ctx) {
    admission.admit(ctx, text -> login(ctx, Json.parse(text, LoginRequest.class)));
  }

  private void login(Context ctx, LoginRequest body) {
    String name = Json.required(body.user(), "user");
    String password = Json.required(body.password(), "password");
    String address = ctx.ip();
    Duration wait = limiter.retryAfter(name, address);
    if (!wait.isZero()) {
      long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
      ctx.header("Retry-After", Long.toString(seconds));
      throw new HttpError(429, "too many failed logins; try again in " + seconds + " s");
    }
    User u = store.user(name).orElse(null);
    boolean matches = passwords.matches(password.toCharArray(),
        u == null ? PasswordCheck.DUMMY_HASH : u.passwordHash());
    if (u == null || !matches) {
      limiter.failed(name, address);
      LOG.info("failed login for '{}' from {}", name, address);
      throw new HttpError(401, "wrong user name or password");
    }
    limiter.succeeded(name, address);
    Sessions.Session old = sessions.find(ctx.cookie(Sessions.COOKIE)).orElse(null);
    if (old != null) {
      sessions.remove(old);
    }
    Sessions.Created s = sessions.create(u.name());
    ctx.header("Set-Cookie", Sessions.COOKIE + "=" + s.cookie()
        + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + Sessions.IDLE_TIMEOUT.toSeconds());
    Json.ok(ctx, me(u, s.session()));
  }

  private void logout(Context ctx) {
    sessions.remove(Auth.session(ctx));
    clearCookie(ctx);
    Json.ok(ctx, new LoggedOut(true));
  }

  /** Every session of the caller ends, this one included, on every web server of the store. */
  private void logoutEverywhere(Context ctx) {
    User u = Auth.user(ctx);
    int ended = sessions.removeUser(u.name());
    clearCookie(ctx);
    LOG.info("{} logged out everywhere ({} sessions ended)", u.name(), ended);
    Json.ok(ctx, new LoggedOutEverywhere(true, ended));
  }

  private static void clearCookie(Context ctx) {
    ctx.header("Set-Cookie", Sessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
  }

  private void me(Context ctx) {
    Json.ok(ctx, me(Auth.user(ctx), Auth.session(ctx)));
  }

  private static Me me(User u, Sessions.Session s) {
    return new Me(u.name(), u.role().wire(), s.csrf);
  }
}
