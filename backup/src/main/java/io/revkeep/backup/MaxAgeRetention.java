package io.revkeep.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Removes versions older than {@code [revisions] max_age}. */
public final class MaxAgeRetention implements RetentionPolicy {
  private final Duration maxAge;

  public MaxAgeRetention(Duration maxAge) {
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("max age must be positive, was " + maxAge);
    }
    this.maxAge = maxAge;
  }

  @Override
  public List<Removal> toRemove(List<Version> versions, Instant now) {
    List<Removal> out = new ArrayList<>();
    for (Version v : versions) {
      Duration age = Duration.between(v.time(), now);
      if (!v.kept() && age.compareTo(maxAge) > 0) {
        out.add(new Removal(v, "older than max_age " + RetentionPolicy.human(maxAge) + " (age "
            + RetentionPolicy.human(Duration.ofSeconds(age.toSeconds())) + ")"));
      }
    }
    return out;
  }

  @Override
  public String describe() {
    return "remove versions older than " + RetentionPolicy.human(maxAge);
  }
}
