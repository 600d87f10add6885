package io.revkeep.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.revkeep.core.Passwords;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.store.ConflictException;
import io.revkeep.core.store.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Who is asking: the session check in front of every route, login/logout, the CSRF rule, roles,
 * the user admin API, and the first start's {@code admin}.
 *
 * <p>Rules: every route needs a session except {@code /api/health}, {@code /api/login}, the login
 * page and its assets under {@code /static/} (no data there). Without one, the API answers 401
 * and pages redirect to the login page. Every state-changing request (any method but GET/HEAD/
 * OPTIONS) except the login itself must carry the session's token in {@code X-CSRF-Token}, else
 * 403. The session cookie is HttpOnly and SameSite=Strict.
 */
final class Auth {
  private static final Logger LOG = LogManager.getLogger();

  /** The header that carries the CSRF token. */
  static final String CSRF_HEADER = "X-CSRF-Token";
  /** The file the first start writes the generated admin password into. */
  static final String INITIAL_PASSWORD_FILE = "initial-admin-password";

  private static final Set<String> PUBLIC = Set.of("/api/health", "/api/login", "/login");
  private static final String USER_ATTR = "revkeep.user";
  private static final String SESSION_ATTR = "revkeep.session";

  private final Store store;
  private final Sessions sessions;
  private final LoginLimiter limiter;

  Auth(Store store, Sessions sessions, LoginLimiter limiter) {
    this.store = store;
    this.sessions = sessions;
    this.limiter = limiter;
  }

  void register(RoutesConfig routes) {
    routes.before(this::gate);
    routes.post("/api/login", this::login);
    routes.post("/api/logout", this::logout);
    routes.get("/api/me", this::me);
    routes.get("/api/users", this::listUsers);
    routes.post("/api/users", this::addUser);
    routes.post("/api/users/update", this::updateUser);
    routes.post("/api/users/delete", this::removeUser);
  }

  /** The logged-in user of this request (set by the gate). */
  static User user(Context ctx) {
    User u = ctx.attribute(USER_ATTR);
    if (u == null) {
      throw new HttpError(401, "log in first");
    }
    return u;
  }

  static Sessions.Session session(Context ctx) {
    return ctx.attribute(SESSION_ATTR);
  }

  /** Refuses (403) unless the user may write: admins and editors. */
  static User requireEditor(Context ctx) {
    User u = user(ctx);
    if (u.role() == Role.VIEWER) {
      throw new HttpError(403, "viewers may not change files; ask an admin for the editor role");
    }
    return u;
  }

  static User requireAdmin(Context ctx) {
    User u = user(ctx);
    if (u.role() != Role.ADMIN) {
      throw new HttpError(403, "only admins manage users");
    }
    return u;
  }

  static boolean isPublic(String path) {
    return PUBLIC.contains(path) || path.startsWith("/static/");
  }

  static boolean isApi(String path) {
    return path.startsWith("/api/") || path.equals("/metrics");
  }

  private void gate(Context ctx) {
    String path = ctx.path();
    if (isPublic(path)) {
      return;
    }
    Sessions.Session s = sessions.find(ctx.cookie(Sessions.COOKIE)).orElse(null);
    User u = s == null ? null : store.user(s.user).orElse(null);
    if (u == null) {
      throw new HttpError(401, "log in first (POST /api/login)");
    }
    HandlerType m = ctx.method();
    if (m != HandlerType.GET && m != HandlerType.HEAD && m != HandlerType.OPTIONS
        && !s.csrfMatches(ctx.header(CSRF_HEADER))) {
      throw new HttpError(403, "missing or wrong " + CSRF_HEADER + " header (the token comes"
          + " with the login answer and GET /api/me)");
    }
    ctx.attribute(USER_ATTR, u);
    ctx.attribute(SESSION_ATTR, s);
  }

  private void login(Context ctx) {
    JsonNode body = Json.body(ctx);
    String name = Json.text(body, "user");
    String password = Json.text(body, "password");
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
    sessions.remove(session(ctx).id);
    ctx.header("Set-Cookie", Sessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    Json.ok(ctx, Map.of("ok", true));
  }

  private void me(Context ctx) {
    Json.ok(ctx, me(user(ctx), session(ctx)));
  }

  private static Map<String, Object> me(User u, Sessions.Session s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user", u.name());
    m.put("role", u.role().wire());
    m.put("csrf", s.csrf);
    return m;
  }

  private void listUsers(Context ctx) {
    requireAdmin(ctx);
    List<Map<String, Object>> list = store.users().stream()
        .map(u -> Map.<String, Object>of("name", u.name(), "role", u.role().wire()))
        .toList();
    Json.ok(ctx, list);
  }

  private void addUser(Context ctx) {
    requireAdmin(ctx);
    JsonNode body = Json.body(ctx);
    String name = Json.text(body, "name").trim();
    if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
      throw new HttpError(400, "a user name is 1 to 64 letters, digits or . _ @ -");
    }
    Role role = role(Json.optText(body, "role"), Role.EDITOR);
    String hash = hash(Json.text(body, "password"));
    try {
      store.addUser(new User(name, hash, role));
    } catch (ConflictException e) {
      throw new HttpError(409, "the user '" + name + "' exists already");
    }
    Json.send(ctx, 201, Map.of("name", name, "role", role.wire()));
  }

  private void updateUser(Context ctx) {
    User admin = requireAdmin(ctx);
    JsonNode body = Json.body(ctx);
    String name = Json.text(body, "name");
    User u = store.user(name).orElseThrow(() -> new HttpError(404, "no user '" + name + "'"));
    Role role = role(Json.optText(body, "role"), u.role());
    if (u.name().equals(admin.name()) && role != Role.ADMIN) {
      throw new HttpError(400, "you cannot take the admin role from yourself");
    }
    String password = Json.optText(body, "password");
    String hash = password == null ? u.passwordHash() : hash(password);
    store.updateUser(new User(u.name(), hash, role));
    if (password != null && !u.name().equals(admin.name())) {
      sessions.removeUser(u.name());
    }
    Json.ok(ctx, Map.of("name", u.name(), "role", role.wire()));
  }

  private void removeUser(Context ctx) {
    User admin = requireAdmin(ctx);
    String name = Json.text(Json.body(ctx), "name");
    if (name.equals(admin.name())) {
      throw new HttpError(400, "you cannot remove yourself");
    }
    if (!store.removeUser(name)) {
      throw new HttpError(404, "no user '" + name + "'");
    }
    sessions.removeUser(name);
    Json.ok(ctx, Map.of("removed", name));
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

  /**
   * On a store with no user at all, creates {@code admin} with a random password, prints it
   * once to {@code out} and writes it to {@code <data>/initial-admin-password} (mode 0600).
   *
   * @return the password, or null when users existed already
   */
  static String ensureAdmin(Store store, Path dataDir, PrintStream out) throws IOException {
    if (!store.users().isEmpty()) {
      return null;
    }
    String password = randomPassword();
    try {
      store.addUser(new User("admin", Passwords.hash(password.toCharArray()), Role.ADMIN));
    } catch (ConflictException e) {
      return null; // another process created it first
    }
    Files.createDirectories(dataDir);
    Path file = dataDir.resolve(INITIAL_PASSWORD_FILE);
    Files.deleteIfExists(file);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(
          PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      // raced with another writer: overwrite below, permissions are set anyway
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Files.writeString(file, password + "\n", StandardCharsets.UTF_8);
    out.println("revkeep web: created the user 'admin' with the password " + password
        + " (also in " + file + "); change it on the admin page");
    out.flush();
    LOG.info("created the first user 'admin'; its password is in {}", file);
    return password;
  }

  private static String randomPassword() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    SecureRandom r = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
