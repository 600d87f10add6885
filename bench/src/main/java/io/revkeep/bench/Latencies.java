package io.revkeep.bench;

import java.util.Arrays;

/**
 * Request durations, thread-safe: each recorder adds to the end of one growing array under the
 * object's lock (a few hundred requests a second: no contention worth a lock-free structure).
 */
final class Latencies {
  private double[] millis = new double[1024];
  private int n;

  synchronized void add(long nanos) {
    if (n == millis.length) {
      millis = Arrays.copyOf(millis, n * 2);
    }
    millis[n++] = nanos / 1e6;
  }

  synchronized int count() {
    return n;
  }

  /** The p-th percentile (0–100) in ms, NaN when empty. */
  synchronized double percentile(double p) {
    if (n == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(millis, n);
    Arrays.sort(sorted);
    int i = (int) Math.ceil(p / 100 * n) - 1;
    return sorted[Math.max(0, Math.min(n - 1, i))];
  }
}
