package io.revkeep.cli;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Figures as a person reads them on a terminal: sizes in B, KiB, MiB…, times in the local zone
 * with its offset. {@code --json} prints exact bytes and ISO instants instead.
 */
final class Human {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss xx").withZone(ZoneId.systemDefault());
  private static final String[] UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB"};

  private Human() {}

  /** 812 B, 1.2 KiB, 3.4 GiB. */
  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, UNITS[unit]);
  }

  /** 2026-01-31 14:00:05 +0100 in the local zone. */
  static String time(Instant t) {
    return TIME.format(t);
  }
}
