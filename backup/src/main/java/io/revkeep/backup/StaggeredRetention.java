package io.revkeep.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Staggered thinning, as Syncthing's {@code staggered.go}: the older a version, the fewer of its
 * neighbours are kept. Each file's versions are walked from the oldest; a version is removed when
 * it is closer than the step of its age's interval to the last version kept before it.
 */
public final class StaggeredRetention implements RetentionPolicy {

  /** An age range and the spacing of the versions kept in it. */
  record Interval(Duration step, Duration end) {}

  /**
   * The intervals, by age (a version's age is now − its time):
   *
   * <pre>
   *   age up to    keep one version per
   *   1 hour       30 seconds
   *   1 day        1 hour
   *   30 days      1 day
   *   forever      1 week            (use max_age to bound it)
   * </pre>
   */
  static final List<Interval> INTERVALS = List.of(
      new Interval(Duration.ofSeconds(30), Duration.ofHours(1)),
      new Interval(Duration.ofHours(1), Duration.ofDays(1)),
      new Interval(Duration.ofDays(1), Duration.ofDays(30)),
      new Interval(Duration.ofDays(7), Duration.ofSeconds(Long.MAX_VALUE)));

  @Override
  public List<Removal> toRemove(List<Version> versions, Instant now) {
    Map<String, List<Version>> byFile = new HashMap<>();
    for (Version v : versions) {
      byFile.computeIfAbsent(v.file(), f -> new ArrayList<>()).add(v);
    }
    Map<Version, String> gone = new HashMap<>();
    for (List<Version> history : byFile.values()) {
      history.sort(Comparator.comparing(Version::time).thenComparingInt(Version::version));
      Version previous = null; // the last version kept, walking from the oldest
      for (Version v : history) {
        if (previous == null || v.kept()) {
          previous = v;
          continue;
        }
        Duration age = Duration.between(v.time(), now);
        Interval in = intervalOf(age);
        Duration gap = Duration.between(previous.time(), v.time());
        if (gap.compareTo(in.step()) < 0) {
          gone.put(v, "within " + RetentionPolicy.human(in.step()) + " of v" + previous.version()
              + " (versions aged up to " + endText(in) + " are kept one per "
              + RetentionPolicy.human(in.step()) + ")");
        } else {
          previous = v;
        }
      }
    }
    List<Removal> out = new ArrayList<>();
    Set<Version> seen = new HashSet<>();
    for (Version v : versions) {
      String reason = gone.get(v);
      if (reason != null && seen.add(v)) {
        out.add(new Removal(v, reason));
      }
    }
    return out;
  }

  private static Interval intervalOf(Duration age) {
    for (Interval i : INTERVALS) {
      if (age.compareTo(i.end()) < 0) {
        return i;
      }
    }
    return INTERVALS.get(INTERVALS.size() - 1);
  }

  private static String endText(Interval i) {
    return i == INTERVALS.get(INTERVALS.size() - 1) ? "any age" : RetentionPolicy.human(i.end());
  }

  @Override
  public String describe() {
    return "staggered: one version per 30s for an hour, per hour for a day, per day for 30 days,"
        + " per week after";
  }
}
