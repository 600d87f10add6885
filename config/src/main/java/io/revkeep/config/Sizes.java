package io.revkeep.config;

import java.util.Locale;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes in bytes written as in the INI file: {@code 1048576}, {@code 512K}, {@code 4G} (base 1024). */
final class Sizes {
  private static final String UNITS = "KMGT";
  /** Digits, then an optional unit, optionally followed by B or iB: 4G, 4 GB, 4GiB. */
  private static final Pattern SIZE =
      Pattern.compile("([0-9]{1,19})\\s*(?:([KMGT])(?:i?B)?|B)?", Pattern.CASE_INSENSITIVE);

  private Sizes() {}

  /** The number of bytes {@code text} stands for, or empty if it is not a size or too big. */
  static OptionalLong parse(String text) {
    Matcher m = SIZE.matcher(text);
    if (!m.matches()) {
      return OptionalLong.empty();
    }
    try {
      long value = Long.parseLong(m.group(1));
      int shift = m.group(2) == null ? 0 : 10 * (UNITS.indexOf(m.group(2).toUpperCase(Locale.ROOT)) + 1);
      if (value > (Long.MAX_VALUE >> shift)) {
        return OptionalLong.empty();
      }
      return OptionalLong.of(value << shift);
    } catch (NumberFormatException tooLong) {
      return OptionalLong.empty();
    }
  }

  /** {@code bytes} with the largest unit that keeps it exact: 4294967296 → 4G, 1500 → 1500. */
  static String format(long bytes) {
    int unit = 0;
    while (bytes != 0 && bytes % 1024 == 0 && unit < UNITS.length()) {
      bytes /= 1024;
      unit++;
    }
    return unit == 0 ? Long.toString(bytes) : bytes + UNITS.substring(unit - 1, unit);
  }
}
