package io.revkeep.core.time;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The moments a user may name with {@code --at} or the web's time control, read against an
 * injected clock and time zone (the CLI and the web pass the system's; tests a fixed one).
 *
 * <ul>
 *   <li>an instant or offset date-time: {@code 2026-01-31T14:00:00Z}, {@code
 *       2026-01-31T14:00+01:00};
 *   <li>a local date-time in the zone: {@code 2026-01-31T14:00}, {@code 2026-01-31 14:00:30};
 *   <li>a date: {@code 2026-01-31} means the start of that day (00:00) in the zone;
 *   <li>relative to now: {@code 90s}, {@code 30m} (minutes), {@code 2h}, {@code 3d}, {@code 1w},
 *       also spelled {@code 2 hours ago}; {@code now};
 *   <li>{@code today 09:30}, {@code yesterday 14:00}; {@code yesterday} alone is now minus one
 *       day (as git reads it).
 * </ul>
 */
public final class TimeSpec {
  private static final Pattern RELATIVE = Pattern.compile(
      "(\\d{1,9})\\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?"
          + "|w|wk|wks|weeks?)(\\s+ago)?");
  private static final Pattern DAY_AND_TIME =
      Pattern.compile("(today|yesterday)(?:\\s+(\\d{1,2}:\\d{2}(?::\\d{2})?))?");

  /** What every refusal lists, so the user sees the accepted forms. */
  public static final String FORMS = "give an instant (2026-01-31T14:00:00Z), a local date-time"
      + " (2026-01-31 14:00), a date (2026-01-31), or a time relative to now (30m, 2h, 3d, 1w,"
      + " yesterday 14:00)";

  private TimeSpec() {}

  /**
   * Reads a moment.
   *
   * @throws IllegalArgumentException naming the text and the accepted forms
   */
  public static Instant parse(String text, Clock clock, ZoneId zone) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(zone, "zone");
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("no time given: " + FORMS);
    }
    String s = text.strip().toLowerCase(Locale.ROOT);
    Instant now = clock.instant();
    if (s.equals("now")) {
      return now;
    }
    Matcher rel = RELATIVE.matcher(s);
    if (rel.matches()) {
      long n = Long.parseLong(rel.group(1));
      return now.minus(unit(rel.group(2)).multipliedBy(n));
    }
    Matcher day = DAY_AND_TIME.matcher(s);
    if (day.matches()) {
      LocalDate today = LocalDate.ofInstant(now, zone);
      LocalDate date = day.group(1).equals("today") ? today : today.minusDays(1);
      if (day.group(2) == null) {
        return day.group(1).equals("today") ? date.atStartOfDay(zone).toInstant()
            : now.minus(Duration.ofDays(1));
      }
      try {
        return date.atTime(LocalTime.parse(pad(day.group(2)))).atZone(zone).toInstant();
      } catch (DateTimeException e) {
        throw refused(text);
      }
    }
    String iso = text.strip().replaceFirst("^(\\d{4}-\\d{2}-\\d{2}) +", "$1T");
    try {
      return Instant.parse(iso);
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return OffsetDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return ZonedDateTime.parse(iso).toInstant();
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDateTime.parse(iso).atZone(zone).toInstant();
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return LocalDate.parse(iso).atStartOfDay(zone).toInstant();
    } catch (DateTimeParseException e) {
      throw refused(text);
    }
  }

  /** {@link #parse} that also refuses a moment after now (a snapshot of the future). */
  public static Instant parsePast(String text, Clock clock, ZoneId zone) {
    Instant at = parse(text, clock, zone);
    if (at.isAfter(clock.instant())) {
      throw new IllegalArgumentException("the time '" + text.strip() + "' (" + at
          + ") is in the future; nothing is known about it yet");
    }
    return at;
  }

  private static String pad(String hhmm) {
    return hhmm.indexOf(':') == 1 ? "0" + hhmm : hhmm;
  }

  private static Duration unit(String u) {
    return switch (u.charAt(0)) {
      case 's' -> Duration.ofSeconds(1);
      case 'm' -> Duration.ofMinutes(1);
      case 'h' -> Duration.ofHours(1);
      case 'd' -> Duration.ofDays(1);
      default -> Duration.ofDays(7);
    };
  }

  private static IllegalArgumentException refused(String text) {
    return new IllegalArgumentException("the time '" + text.strip() + "' is not understood: "
        + FORMS);
  }
}
