package io.revkeep.web;

import java.util.HashMap;
import java.util.Map;

/**
 * At most a few CPU-heavy requests of one kind (diffs) per user at once: one more is refused
 * with 429 and a message saying why, at once, instead of queueing work on the server's threads.
 * Other users are not affected.
 *
 * <pre>{@code
 * try (PerUserLimit.Permit p = diffs.enter(user.name())) {
 *   ... the heavy work ...
 * }
 * }</pre>
 */
final class PerUserLimit {
  /*
   * Threads:    any request thread; enter and leave hold "this" for a map step only.
   * State:      user name → requests of this kind running now; a user with none has no entry
   *             (the map holds at most the users running one now).
   * Invariants: a count never exceeds max; every successful enter is paired with exactly one
   *             close of its Permit (try-with-resources).
   */

  /** Ends one request's share; closing twice counts once. */
  interface Permit extends AutoCloseable {
    @Override
    void close();
  }

  private final int max;
  private final String what;
  // @GuardedBy("this")
  private final Map<String, Integer> running = new HashMap<>();

  /**
   * @param max requests of this kind one user may run at once
   * @param what the requests, plural, as the refusal names them ("diffs")
   */
  PerUserLimit(int max, String what) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1, was " + max);
    }
    this.max = max;
    this.what = what;
  }

  /** Takes a share for {@code user}, or refuses (429) when it runs {@code max} already. */
  Permit enter(String user) {
    synchronized (this) {
      int n = running.getOrDefault(user, 0);
      if (n >= max) {
        throw new HttpError(429, "you have " + n + " " + what + " running already; wait until"
            + " one finishes, then ask again");
      }
      running.put(user, n + 1);
    }
    return new Permit() {
      private boolean closed;

      @Override
      public void close() {
        synchronized (PerUserLimit.this) {
          if (!closed) {
            closed = true;
            running.computeIfPresent(user, (u, n) -> n <= 1 ? null : n - 1);
          }
        }
      }
    };
  }

  /** Requests of this kind {@code user} runs now. */
  synchronized int running(String user) {
    return running.getOrDefault(user, 0);
  }
}
