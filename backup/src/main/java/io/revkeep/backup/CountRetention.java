package io.revkeep.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the newest {@code count} versions of each file ({@code [revisions] count}); 0 keeps all.
 * Kept versions (pinned, current, not backed up yet) stay in any case and count among the newest.
 */
public final class CountRetention implements RetentionPolicy {
  private final int count;

  public CountRetention(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be at least 0, was " + count);
    }
    this.count = count;
  }

  @Override
  public List<Removal> toRemove(List<Version> versions, Instant now) {
    if (count == 0) {
      return List.of();
    }
    Map<String, List<Version>> byFile = new HashMap<>();
    for (Version v : versions) {
      byFile.computeIfAbsent(v.file(), f -> new ArrayList<>()).add(v);
    }
    Set<Version> gone = new HashSet<>();
    for (List<Version> history : byFile.values()) {
      history.sort(Comparator.comparingInt(Version::version).reversed());
      for (int i = count; i < history.size(); i++) {
        if (!history.get(i).kept()) {
          gone.add(history.get(i));
        }
      }
    }
    List<Removal> out = new ArrayList<>();
    for (Version v : versions) {
      if (gone.contains(v)) {
        out.add(new Removal(v, "not among the newest " + count + " versions of " + v.file()));
      }
    }
    return out;
  }

  @Override
  public String describe() {
    return count == 0 ? "keep every version" : "keep the newest " + count + " versions of each file";
  }
}
