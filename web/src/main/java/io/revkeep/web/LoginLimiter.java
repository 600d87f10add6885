package io.revkeep.web;

import io.revkeep.core.retry.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Limits failed logins per account AND address together, so neither one person's typos nor an
 * attacker can lock an account out for everyone: after {@link #MAX_FAILURES} failures of one
 * name from one address, that pair waits a back-off that doubles with each further failure
 * (from {@link #BACKOFF_FIRST} to {@link #BACKOFF_MAX}); the same name from another address is
 * not affected. An address that fails {@link #MAX_ADDRESS_FAILURES} times within
 * {@link #WINDOW}, whatever the names, is refused for every name until its oldest failure leaves
 * the window (it guesses names; only that address waits).
 */
final class LoginLimiter {
  /*
   * Threads:  any request thread; every method holds "this" for its whole step (check and
   *           record are separate calls, but a refusal never depends on a stale check: a burst of
   *           parallel attempts can pass the check together at most once per request thread,
   *           and bcrypt makes each one cost ~0.25 s).
   * State:    per (name, address) pair: failures in a row and the last one's time (forgotten
   *           FORGET after the last failure, or at a success of that pair); per address: the
   *           times of its failures inside WINDOW, oldest first. Entries past their time are
   *           dropped when next touched and by prune().
   * Testing:  LoginLimiterTest drives it with a fixed, advanced Clock and two addresses.
   */

  /** Failures of one name from one address before it must wait. */
  static final int MAX_FAILURES = 5;
  /** Failures of one address (any names) within the window before it must wait. */
  static final int MAX_ADDRESS_FAILURES = 30;
  /** The sliding window of the per-address limit. */
  static final Duration WINDOW = Duration.ofMinutes(1);
  /** The wait after the MAX_FAILURES-th failure of a pair; doubles with each further one. */
  static final Duration BACKOFF_FIRST = Duration.ofSeconds(30);
  /** The longest wait of a pair. */
  static final Duration BACKOFF_MAX = Duration.ofMinutes(15);
  /** A pair's failures are forgotten this long after its last one. */
  static final Duration FORGET = Duration.ofHours(1);
  /** Keys kept at most (an attacker rotating names cannot grow memory without bound). */
  private static final int MAX_KEYS = 100_000;
  private static final Backoff BACKOFF = Backoff.exponential(BACKOFF_FIRST, BACKOFF_MAX);

  /** Failures in a row of one name from one address. */
  private record Streak(int failures, Instant last) {}

  private final Clock clock;
  // @GuardedBy("this")
  private final Map<String, Streak> pairs = new HashMap<>();
  // @GuardedBy("this")
  private final Map<String, Deque<Instant>> addresses = new HashMap<>();

  LoginLimiter(Clock clock) {
    this.clock = clock;
  }

  /** How long the caller must wait before trying again, or {@link Duration#ZERO} if it may try. */
  synchronized Duration retryAfter(String user, String address) {
    Instant now = clock.instant();
    Duration a = pairWait(pair(user, address), now);
    Duration b = addressWait(value(address), now);
    return a.compareTo(b) >= 0 ? a : b;
  }

  synchronized void failed(String user, String address) {
    Instant now = clock.instant();
    if (pairs.size() + addresses.size() >= MAX_KEYS) {
      prune(now);
    }
    String key = pair(user, address);
    Streak s = current(key, now);
    pairs.put(key, new Streak(s == null ? 1 : s.failures() + 1, now));
    addresses.computeIfAbsent(value(address), x -> new ArrayDeque<>()).addLast(now);
  }

  /** A successful login clears that name's failures from that address (not the address's). */
  synchronized void succeeded(String user, String address) {
    pairs.remove(pair(user, address));
  }

  private Streak current(String key, Instant now) {
    Streak s = pairs.get(key);
    if (s != null && !s.last().plus(FORGET).isAfter(now)) {
      pairs.remove(key);
      return null;
    }
    return s;
  }

  private Duration pairWait(String key, Instant now) {
    Streak s = current(key, now);
    if (s == null || s.failures() < MAX_FAILURES) {
      return Duration.ZERO;
    }
    Instant free = s.last().plus(BACKOFF.delay(s.failures() - MAX_FAILURES + 1));
    return free.isAfter(now) ? Duration.between(now, free) : Duration.ZERO;
  }

  private Duration addressWait(String key, Instant now) {
    Deque<Instant> times = addresses.get(key);
    if (times == null) {
      return Duration.ZERO;
    }
    while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
      times.removeFirst();
    }
    if (times.isEmpty()) {
      addresses.remove(key);
      return Duration.ZERO;
    }
    if (times.size() < MAX_ADDRESS_FAILURES) {
      return Duration.ZERO;
    }
    return Duration.between(now, times.peekFirst().plus(WINDOW));
  }

  private void prune(Instant now) {
    pairs.values().removeIf(s -> !s.last().plus(FORGET).isAfter(now));
    addresses.values().removeIf(t -> t.isEmpty() || !t.peekLast().plus(WINDOW).isAfter(now));
  }

  private static String pair(String user, String address) {
    return value(user) + "\u0000" + value(address);
  }

  private static String value(String s) {
    return s == null ? "" : s;
  }
}
