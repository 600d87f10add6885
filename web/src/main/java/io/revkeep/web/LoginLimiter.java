package io.revkeep.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Limits failed logins per user name and per client address: after {@link #MAX_FAILURES}
 * failures within {@link #WINDOW}, further attempts with that name or from that address are
 * refused until the oldest failure leaves the window.
 */
final class LoginLimiter {
  /*
   * Threads:  any request thread; every method holds "this" for its whole step (check and
   *           record are separate calls, but a refusal never depends on a stale check: a burst of
   *           parallel attempts can pass the check together at most once per request thread,
   *           and bcrypt makes each one cost ~0.25 s).
   * State:    key ("user:NAME" or "addr:IP") → times of recent failures, oldest first; keys with
   *           no failure inside the window are dropped when next touched and by prune().
   * Testing:  LoginLimiterTest drives it with a fixed, advanced Clock.
   */

  /** Failures allowed per key within the window. */
  static final int MAX_FAILURES = 5;
  /** The sliding window. */
  static final Duration WINDOW = Duration.ofMinutes(1);
  /** Keys kept at most (an attacker rotating names cannot grow memory without bound). */
  private static final int MAX_KEYS = 100_000;

  private final Clock clock;
  // @GuardedBy("this")
  private final Map<String, Deque<Instant>> failures = new HashMap<>();

  LoginLimiter(Clock clock) {
    this.clock = clock;
  }

  /** How long the caller must wait before trying again, or {@link Duration#ZERO} if it may try. */
  synchronized Duration retryAfter(String user, String address) {
    Instant now = clock.instant();
    Duration a = wait(key("user", user), now);
    Duration b = wait(key("addr", address), now);
    return a.compareTo(b) >= 0 ? a : b;
  }

  synchronized void failed(String user, String address) {
    Instant now = clock.instant();
    if (failures.size() >= MAX_KEYS) {
      prune(now);
    }
    for (String k : new String[] {key("user", user), key("addr", address)}) {
      failures.computeIfAbsent(k, x -> new ArrayDeque<>()).addLast(now);
    }
  }

  /** A successful login clears the name's failures (not the address's). */
  synchronized void succeeded(String user) {
    failures.remove(key("user", user));
  }

  private Duration wait(String key, Instant now) {
    Deque<Instant> times = failures.get(key);
    if (times == null) {
      return Duration.ZERO;
    }
    while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
      times.removeFirst();
    }
    if (times.isEmpty()) {
      failures.remove(key);
      return Duration.ZERO;
    }
    if (times.size() < MAX_FAILURES) {
      return Duration.ZERO;
    }
    Instant free = times.peekFirst().plus(WINDOW);
    return Duration.between(now, free);
  }

  private void prune(Instant now) {
    failures.values().removeIf(t -> t.isEmpty() || !t.peekLast().plus(WINDOW).isAfter(now));
  }

  private static String key(String kind, String value) {
    return kind + ":" + (value == null ? "" : value);
  }
}
