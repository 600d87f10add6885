package io.revkeep.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongUnaryOperator;

/**
 * How long to wait before the next attempt at something that failed: the first delay, doubling
 * after each failure up to a ceiling, optionally spread by a random fraction so that a crowd of
 * clients that failed together does not retry together. An immutable value; the count of
 * failures is the caller's (a field of the retrying thread, or {@link Attempts}).
 *
 * <p>Every retry loop in revkeep (the listener's catch-up, the daemons' start-up waits for their
 * store, the feed client's reconnects, the stores' own connection retries) takes its delays from
 * one of these, so the policy reads the same everywhere and is tested once.
 *
 * @param first the delay after the first failure; positive
 * @param max the ceiling; at least {@code first}
 * @param jitter a fraction in [0, 1]: each delay is lengthened by up to this part of itself
 */
public record Backoff(Duration first, Duration max, double jitter) {

  public Backoff {
    Objects.requireNonNull(first, "first");
    Objects.requireNonNull(max, "max");
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException(
          "backoff must satisfy 0 < first <= max, was " + first + ", " + max);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("backoff jitter must lie in [0, 1], was " + jitter);
    }
  }

  /** Doubling from {@code first} to {@code max}, without jitter. */
  public static Backoff exponential(Duration first, Duration max) {
    return new Backoff(first, max, 0);
  }

  /** The same bounds, each delay lengthened by up to {@code fraction} of itself at random. */
  public Backoff withJitter(double fraction) {
    return new Backoff(first, max, fraction);
  }

  /**
   * The delay after the {@code failures}-th failure in a row (1 for the first): {@code first ×
   * 2^(failures−1)}, at most {@code max}, without jitter. Never overflows.
   */
  public Duration delay(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures counts from 1, was " + failures);
    }
    long firstNanos = first.toNanos();
    long maxNanos = max.toNanos();
    int shift = Math.min(failures - 1, 62);
    long d = firstNanos > (maxNanos >> shift) ? maxNanos : firstNanos << shift;
    return Duration.ofNanos(Math.min(d, maxNanos));
  }

  /**
   * {@link #delay(int)} lengthened by jitter; {@code random} maps a bound {@code n >= 1} to a
   * value in [0, n) (for example {@code n -> ThreadLocalRandom.current().nextLong(n)}), so tests
   * pass a fixed one.
   */
  public Duration delay(int failures, LongUnaryOperator random) {
    Duration d = delay(failures);
    long spread = (long) (d.toNanos() * jitter);
    return spread <= 0 ? d : d.plusNanos(random.applyAsLong(spread + 1));
  }

  /** A fresh failure counter for one retrying thread. */
  public Attempts attempts() {
    return new Attempts(this);
  }

  /**
   * The failures in a row of one retrying activity. Not thread-safe: owned by the one thread
   * that retries (or guarded by its owner's lock).
   */
  public static final class Attempts {
    private final Backoff backoff;
    private int failures;

    private Attempts(Backoff backoff) {
      this.backoff = backoff;
    }

    /** Counts one more failure and returns how long to wait before the next attempt. */
    public Duration failed() {
      if (failures < Integer.MAX_VALUE) {
        failures++;
      }
      return backoff.delay(failures);
    }

    /** Like {@link #failed()}, with the backoff's jitter drawn from {@code random}. */
    public Duration failed(LongUnaryOperator random) {
      if (failures < Integer.MAX_VALUE) {
        failures++;
      }
      return backoff.delay(failures, random);
    }

    /** An attempt succeeded: the next failure waits {@code first} again. */
    public void succeeded() {
      failures = 0;
    }

    /** Failures in a row so far. */
    public int failures() {
      return failures;
    }
  }
}
