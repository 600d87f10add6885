package io.revkeep.web;

import com.github.benmanes.caffeine.cache.Cache;
import io.revkeep.core.Sha256;
import io.revkeep.core.store.StoreException;
import io.revkeep.core.store.WebSession;
import io.revkeep.core.store.WebSessions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Logged-in sessions, kept in the store ({@link WebSessions}): they survive a restart of the
 * web, and every web server on the store accepts them. The cookie is 256 random bits; the store
 * keeps only its SHA-256, the user, the CSRF token and when it was made and last used. A session
 * unused for {@link #IDLE_TIMEOUT} (by the injected clock) is gone. A session read from the
 * store is trusted for {@link #RECHECK_EVERY} before it is read again (a thousand requests a
 * second of one page do not each read the store): a logout, or a session ended, on this web
 * server takes effect at once, on another one sharing the store within that second. The user's
 * role is not kept here ({@link Auth} reads it).
 */
final class Sessions {
  /*
   * Threads:    any request thread, and the status publisher (size). The store holds the
   *             sessions; here only `recent`, the rows read in the last RECHECK_EVERY by
   *             cookie (a Caffeine cache: its own locking; expiry by the injected clock; its
   *             upkeep runs on the calling thread, so it owns no thread), and when the last
   *             sweep ran and what it counted (atomics). `ends` counts the times this server
   *             ended sessions, each counted after the store's rows are gone; a row is kept
   *             with the count read before it was read, and is trusted only while the count
   *             is still that: so once an end here has returned, no lookup here trusts a row
   *             read before it (a lookup racing the end, which read the row before the store
   *             dropped it, keeps it under the old count), and every other kept row is read
   *             once more. A session another server ends is read again within RECHECK_EVERY.
   *             Rows of ended sessions are also dropped from `recent` (memory only).
   * Writes:     a request writes its session's last use only when the stored one is at least
   *             TOUCH_EVERY old, so a busy page does not write the store on every request; the
   *             idle timeout is therefore judged up to TOUCH_EVERY early, never late.
   * Sweep:      at most once per SWEEP_EVERY, by the thread that wins the compare-and-set on
   *             the time of the next sweep (from create or size), idle sessions are deleted
   *             from the store, which counts the rest: size() is that count (plus the logins
   *             made here since). A store that does not answer leaves the count as it was.
   * Shutdown:   nothing to stop; the sessions stay in the store for the next start.
   */

  private static final Logger LOG = LogManager.getLogger();

  /** The session cookie's name. */
  static final String COOKIE = "revkeep_session";
  /** A session unused this long is forgotten. */
  static final Duration IDLE_TIMEOUT = Duration.ofHours(12);
  /** A session's last use is written to the store at most this often. */
  static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
  /** Idle sessions are deleted from the store at most this often. */
  static final Duration SWEEP_EVERY = Duration.ofMinutes(1);
  /** A session read from the store is read again after this long. */
  static final Duration RECHECK_EVERY = Duration.ofSeconds(1);
  /** The most sessions kept read at once (one per browser active in the last second). */
  static final int MAX_RECENT = 100_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** One login, as one request sees it. */
  static final class Session {
    /** The SHA-256 of the cookie's value: the session's key in the store. */
    final String idHash;
    final String user;
    final String csrf;

    Session(String idHash, String user, String csrf) {
      this.idHash = idHash;
      this.user = user;
      this.csrf = csrf;
    }

    /** Constant-time comparison of a presented CSRF token. */
    boolean csrfMatches(String presented) {
      return presented != null && MessageDigest.isEqual(
          csrf.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** A new login: the cookie's value (never stored) and the session. */
  record Created(String cookie, Session session) {}

  private final WebSessions store;
  private final Clock clock;
  private final AtomicLong nextSweepMillis = new AtomicLong(Long.MIN_VALUE);
  private final AtomicInteger counted = new AtomicInteger();
  /** How many times this server ended sessions (see the design comment). */
  private final AtomicLong ends = new AtomicLong();
  /** Cookie value → the session's row as read from the store at most RECHECK_EVERY ago. */
  private final Cache<String, Read> recent;

  /** A session's row as read from the store, and the count of ends here before the read. */
  private record Read(WebSession row, long ends) {}

  Sessions(WebSessions store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.recent = RecentReads.cache(clock);
  }

  Created create(String user) {
    Instant now = clock.instant();
    sweepIfDue(now);
    String cookie = randomToken();
    WebSession s = new WebSession(hash(cookie), user, randomToken(), now, now);
    store.addWebSession(s);
    counted.incrementAndGet();
    return new Created(cookie, new Session(s.idHash(), s.user(), s.csrf()));
  }

  /** The live session of a cookie's value; empty for no, a malformed, an unknown or an idle one. */
  Optional<Session> find(String cookie) {
    if (!wellFormed(cookie)) {
      return Optional.empty(); // not one of ours: no need to ask the store
    }
    Read read = recent.getIfPresent(cookie);
    if (read == null || read.ends() != ends.get()) { // not read, or an end here since
      long endsBefore = ends.get();
      WebSession row = store.webSession(hash(cookie)).orElse(null);
      if (row == null) {
        recent.invalidate(cookie);
        return Optional.empty(); // not kept: a guessed cookie is not worth memory
      }
      read = new Read(row, endsBefore);
      recent.put(cookie, read);
    }
    WebSession s = read.row();
    String idHash = s.idHash();
    Instant now = clock.instant();
    if (s.idleAt(now, IDLE_TIMEOUT)) {
      store.removeWebSession(idHash);
      recent.invalidate(cookie);
      return Optional.empty();
    }
    if (!s.lastSeen().plus(TOUCH_EVERY).isAfter(now)) {
      if (!store.touchWebSession(idHash, now)) {
        recent.invalidate(cookie);
        return Optional.empty(); // ended meanwhile
      }
      recent.put(cookie, new Read(new WebSession(idHash, s.user(), s.csrf(), s.created(), now),
          read.ends()));
    }
    return Optional.of(new Session(idHash, s.user(), s.csrf()));
  }

  void remove(Session s) {
    store.removeWebSession(s.idHash);
    ends.incrementAndGet();
    recent.asMap().values().removeIf(r -> r.row().idHash().equals(s.idHash));
  }

  /** Ends every session of a user (removed, password reset, or logged out everywhere). */
  int removeUser(String user) {
    int removed = store.removeWebSessions(user, null);
    ends.incrementAndGet();
    recent.asMap().values().removeIf(r -> r.row().user().equals(user));
    return removed;
  }

  /** Ends every session of a user but one (the user changed their own password in it). */
  int removeOthers(String user, Session keep) {
    int removed = store.removeWebSessions(user, keep.idHash);
    ends.incrementAndGet();
    recent.asMap().values().removeIf(r -> r.row().user().equals(user)
        && !r.row().idHash().equals(keep.idHash));
    return removed;
  }

  /** How many sessions the store held at the last sweep (at most {@link #SWEEP_EVERY} ago). */
  int size() {
    sweepIfDue(clock.instant());
    return counted.get();
  }

  private void sweepIfDue(Instant now) {
    long due = nextSweepMillis.get();
    long nowMillis = now.toEpochMilli();
    if (nowMillis >= due
        && nextSweepMillis.compareAndSet(due, nowMillis + SWEEP_EVERY.toMillis())) {
      try {
        counted.set(store.sweepWebSessions(now.minus(IDLE_TIMEOUT)));
      } catch (StoreException e) {
        // the store does not answer: the status and metrics keep the last count, and the
        // next sweep is a minute away (health says the store is down)
        LOG.debug("sweeping idle sessions: {}", e.getMessage());
      }
    }
  }

  /** The store's key of a cookie's value. */
  static String hash(String cookie) {
    return Sha256.of(cookie.getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean wellFormed(String cookie) {
    if (cookie == null || cookie.length() != 64) {
      return false;
    }
    for (int i = 0; i < cookie.length(); i++) {
      char ch = cookie.charAt(i);
      if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  static String randomToken() {
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }
}
