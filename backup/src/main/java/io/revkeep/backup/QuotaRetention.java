package io.revkeep.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps the total size of the versions at or under {@code [revisions] quota} by removing the
 * oldest versions first (of any file). Kept versions count towards the total but are never
 * removed, so a quota smaller than they are is exceeded rather than broken.
 */
public final class QuotaRetention implements RetentionPolicy {
  private final long quota;

  public QuotaRetention(long quotaBytes) {
    if (quotaBytes <= 0) {
      throw new IllegalArgumentException("quota must be positive, was " + quotaBytes);
    }
    this.quota = quotaBytes;
  }

  @Override
  public List<Removal> toRemove(List<Version> versions, Instant now) {
    long total = 0;
    for (Version v : versions) {
      total += v.size();
    }
    if (total <= quota) {
      return List.of();
    }
    long before = total;
    List<Version> oldestFirst = new ArrayList<>(versions);
    oldestFirst.sort(Comparator.comparing(Version::time).thenComparing(Version::file)
        .thenComparingInt(Version::version));
    Set<Version> gone = new HashSet<>();
    for (Version v : oldestFirst) {
      if (total <= quota) {
        break;
      }
      if (!v.kept()) {
        gone.add(v);
        total -= v.size();
      }
    }
    List<Removal> out = new ArrayList<>();
    for (Version v : versions) {
      if (gone.remove(v)) {
        out.add(new Removal(v, "oldest while over the quota of " + quota + " bytes (versions"
            + " total " + before + " bytes)"));
      }
    }
    return out;
  }

  @Override
  public String describe() {
    return "keep at most " + quota + " bytes of versions, removing the oldest first";
  }
}
