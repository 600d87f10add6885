package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.Passwords;
import io.revkeep.core.model.User;
import io.revkeep.core.store.Store;
import io.revkeep.web.api.AccountBodies.LoggedOut;
import io.revkeep.web.api.AccountBodies.LoginRequest;
import io.revkeep.web.api.AccountBodies.Me;
import java.time.Duration;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code POST /api/login}, {@code POST /api/logout} and {@code GET /api/me}: a session starts
 * with the right password (failures are rate-limited by {@link LoginLimiter}) and its answer
 * carries the CSRF token; the session cookie is HttpOnly and SameSite=Strict.
 *
 * @param limiter refuses logins after too many failures
 */
record SessionRoutes(Store store, Sessions sessions, LoginLimiter limiter) {
  private static final Logger LOG = LogManager.getLogger();

  void register(RoutesConfig routes) {
    routes.post("/api/login", this::login);
    routes.post("/api/logout", this::logout);
    routes.get("/api/me", this::me);
  }

  private void login(Context ctx) {
    LoginRequest body = Json.body(ctx, LoginRequest.class);
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
    if (u == null || !Passwords.matches(password.toCharArray(), u.passwordHash())) {
      limiter.failed(name, address);
      LOG.info("failed login for '{}' from {}", name, address);
      throw new HttpError(401, "wrong user name or password");
    }
    limiter.succeeded(name);
    Sessions.Session old = sessions.find(ctx.cookie(Sessions.COOKIE)).orElse(null);
    if (old != null) {
      sessions.remove(old.id);
    }
    Sessions.Session s = sessions.create(u.name());
    ctx.header("Set-Cookie", Sessions.COOKIE + "=" + s.id
        + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + Sessions.IDLE_TIMEOUT.toSeconds());
    Json.ok(ctx, me(u, s));
  }

  private void logout(Context ctx) {
    sessions.remove(Auth.session(ctx).id);
    ctx.header("Set-Cookie", Sessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    Json.ok(ctx, new LoggedOut(true));
  }

  private void me(Context ctx) {
    Json.ok(ctx, me(Auth.user(ctx), Auth.session(ctx)));
  }

  private static Me me(User u, Sessions.Session s) {
    return new Me(u.name(), u.role().wire(), s.csrf);
  }
}
