package io.revkeep.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Logged-in sessions, in memory: a random id (the cookie) → user name and CSRF token. A restart
 * logs everyone out. The user's role is not kept here: it is read from the store on every
 * request, so a role change or a removed user takes effect at once.
 */
final class Sessions {
  /*
   * Threads:    any request thread; the map is concurrent and a Session is immutable except for
   *             lastSeen (volatile, last writer wins: it only extends the idle timeout).
   * Invariants: an id is 256 random bits; a session idle for IDLE_TIMEOUT is gone.
   */

  /** The session cookie's name. */
  static final String COOKIE = "revkeep_session";
  /** A session unused this long is forgotten. */
  static final Duration IDLE_TIMEOUT = Duration.ofHours(12);

  private static final SecureRandom RANDOM = new SecureRandom();

  /** One login. */
  static final class Session {
    final String id;
    final String user;
    final String csrf;
    volatile Instant lastSeen;

    Session(String id, String user, String csrf, Instant now) {
      this.id = id;
      this.user = user;
      this.csrf = csrf;
      this.lastSeen = now;
    }

    /** Constant-time comparison of a presented CSRF token. */
    boolean csrfMatches(String presented) {
      return presented != null && MessageDigest.isEqual(
          csrf.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
  }

  private final Clock clock;
  private final Map<String, Session> byId = new ConcurrentHashMap<>();

  Sessions(Clock clock) {
    this.clock = clock;
  }

  Session create(String user) {
    Instant now = clock.instant();
    if (byId.size() > 10_000) {
      expire(now);
    }
    Session s = new Session(randomToken(), user, randomToken(), now);
    byId.put(s.id, s);
    return s;
  }

  Optional<Session> find(String id) {
    if (id == null) {
      return Optional.empty();
    }
    Session s = byId.get(id);
    if (s == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (s.lastSeen.plus(IDLE_TIMEOUT).isBefore(now)) {
      byId.remove(id, s);
      return Optional.empty();
    }
    s.lastSeen = now;
    return Optional.of(s);
  }

  void remove(String id) {
    if (id != null) {
      byId.remove(id);
    }
  }

  /** Ends every session of a user (removed, or password changed). */
  void removeUser(String user) {
    byId.values().removeIf(s -> s.user.equals(user));
  }

  /** Ends every session of a user but one (the user changed their own password in it). */
  void removeOthers(String user, String keepId) {
    byId.values().removeIf(s -> s.user.equals(user) && !s.id.equals(keepId));
  }

  int size() {
    return byId.size();
  }

  private void expire(Instant now) {
    for (Iterator<Session> it = byId.values().iterator(); it.hasNext(); ) {
      if (it.next().lastSeen.plus(IDLE_TIMEOUT).isBefore(now)) {
        it.remove();
      }
    }
  }

  static String randomToken() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }
}
