package io.revkeep.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Several policies one after the other: each sees only the versions the earlier ones kept (so a
 * quota counts what count or staggered left). A version is removed once, with the reason of the
 * first policy that removed it.
 */
public final class CombinedRetention implements RetentionPolicy {
  private final List<RetentionPolicy> steps;

  public CombinedRetention(List<RetentionPolicy> steps) {
    this.steps = List.copyOf(steps);
  }

  @Override
  public List<Removal> toRemove(List<Version> versions, Instant now) {
    List<Version> left = new ArrayList<>(versions);
    List<Removal> out = new ArrayList<>();
    for (RetentionPolicy step : steps) {
      List<Removal> removed = step.toRemove(left, now);
      Set<Version> gone = new HashSet<>();
      for (Removal r : removed) {
        if (!r.version().kept() && gone.add(r.version())) {
          out.add(r);
        }
      }
      left.removeIf(gone::contains);
    }
    List<Removal> inInputOrder = new ArrayList<>(out.size());
    for (Version v : versions) {
      for (Removal r : out) {
        if (r.version() == v) {
          inInputOrder.add(r);
        }
      }
    }
    return inInputOrder.size() == out.size() ? inInputOrder : out;
  }

  @Override
  public String describe() {
    return steps.stream().map(RetentionPolicy::describe).collect(Collectors.joining("; then "));
  }
}
