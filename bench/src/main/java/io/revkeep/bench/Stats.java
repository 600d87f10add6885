package io.revkeep.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles and medians over plain numbers (nearest rank; no interpolation). */
final class Stats {
  private Stats() {}

  /** The {@code p}-th percentile (0–100) of {@code values} by nearest rank; NaN when empty. */
  static double percentile(double[] values, double p) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double median(List<Double> values) {
    return percentile(values.stream().mapToDouble(Double::doubleValue).toArray(), 50);
  }

  private static final long BASE_NANO = System.nanoTime();
  private static final java.time.Instant BASE_WALL = java.time.Instant.now();

  /** A {@code System.nanoTime()} reading as wall-clock epoch milliseconds (sub-ms precision). */
  static double wallMillis(long nanoTime) {
    return BASE_WALL.getEpochSecond() * 1e3 + BASE_WALL.getNano() / 1e6
        + (nanoTime - BASE_NANO) / 1e6;
  }

  static double millis(long nanos) {
    return nanos / 1e6;
  }
}
