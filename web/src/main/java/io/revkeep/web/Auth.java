package io.revkeep.web;

import com.github.benmanes.caffeine.cache.Cache;
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
import java.time.Clock;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Who is asking: the session check in front of every route, the CSRF rule, roles, and the first
 * start's {@code admin} (login and logout are {@link SessionRoutes}, the user admin API
 * {@link UserRoutes}).
 *
 * <p>Rules: every route needs a session except {@code /api/health}, {@code /api/login}, the login
 * page and its assets under {@code /static/} (no data there). Without one, the API answers 401
 * and pages redirect to the login page. Every state-changing request (any method but GET/HEAD/
 * OPTIONS) except the login itself must carry the session's token in {@code X-CSRF-Token}, else
 * 403. The session cookie is HttpOnly and SameSite=Strict.
 *
 * <p>A session's user account (its role) is read from the store at most once per
 * {@link Sessions#RECHECK_EVERY} per session (a Caffeine cache by the session's id hash;
 * request threads share it, its upkeep runs on theirs): a role changed or a user removed here
 * ends their sessions ({@link UserRoutes}), so their next login is a new session that reads the
 * account afresh; changed by another process, it takes effect within that second.
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
  /** A session's id hash → its user's account as read at most RECHECK_EVERY ago. */
  private final Cache<String, User> accounts;

  Auth(Store store, Sessions sessions, Clock clock) {
    this.store = store;
    this.sessions = sessions;
    this.accounts = RecentReads.cache(clock);
  }

  /** Puts the session check in front of every route. */
  void register(RoutesConfig routes) {
    routes.before(this::gate);
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
    User u = s == null ? null : account(s);
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

  /** The account of a session's user, read again after RECHECK_EVERY; null when none. */
  private User account(Sessions.Session s) {
    User u = accounts.getIfPresent(s.idHash);
    if (u == null) {
      u = store.user(s.user).orElse(null);
      if (u != null) {
        accounts.put(s.idHash, u);
      }
    }
    return u;
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
