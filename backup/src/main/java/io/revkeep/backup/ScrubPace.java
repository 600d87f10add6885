package io.revkeep.backup;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps the background scrub's reads at a rate: after each block read, waits until the bytes read
 * since the pass began would take that long at {@code bytesPerSecond}. A pause longer than a
 * second (a wait for retention, a slow disk) is not made up by a burst: the count starts again.
 * The wait ends early when {@code stop} opens. One per pass; used by the scrub thread only.
 */
final class ScrubPace {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final long bytesPerSecond;
  private final LongSupplier nanoTime;
  private final CountDownLatch stop;
  private long start;
  private long bytes;

  /**
   * @param nanoTime a monotonic time in nanoseconds ({@code System::nanoTime})
   * @param stop opened when the scrub is to stop
   */
  ScrubPace(long bytesPerSecond, LongSupplier nanoTime, CountDownLatch stop) {
    if (bytesPerSecond < 1) {
      throw new IllegalArgumentException("scrub rate must be at least 1 byte/s");
    }
    this.bytesPerSecond = bytesPerSecond;
    this.nanoTime = nanoTime;
    this.stop = stop;
    this.start = nanoTime.getAsLong();
  }

  /**
   * Counts {@code n} bytes read and waits as long as the rate asks.
   *
   * @return false when the scrub is to stop
   */
  boolean read(long n) throws InterruptedException {
    bytes += n;
    long due = start + (long) ((double) bytes * NANOS_PER_SECOND / bytesPerSecond);
    long now = nanoTime.getAsLong();
    if (now - due > NANOS_PER_SECOND) {
      start = now; // fell behind by more than a second: no burst to catch up
      bytes = 0;
      return stop.getCount() > 0;
    }
    long wait = due - now;
    if (wait <= 0) {
      return stop.getCount() > 0;
    }
    return !stop.await(wait, TimeUnit.NANOSECONDS);
  }
}
