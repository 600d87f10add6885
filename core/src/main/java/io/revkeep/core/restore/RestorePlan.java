package io.revkeep.core.restore;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a folder restore (or the undo of a change set) would do, path by path, before anything
 * is written: the dry run prints it, the web shows it as the preview, the executor runs it.
 *
 * @param what one line: "docs as of 2026-…", "undo of change set …"
 * @param at the moment restored (null for an undo)
 * @param steps one per path, ordered by path
 */
public record RestorePlan(String what, Instant at, List<RestoreStep> steps) {

  public RestorePlan {
    steps = List.copyOf(steps);
  }

  /** How many steps of each kind (every kind present, zero included). */
  public Map<RestoreStep.Kind, Integer> counts() {
    Map<RestoreStep.Kind, Integer> counts = new EnumMap<>(RestoreStep.Kind.class);
    for (RestoreStep.Kind k : RestoreStep.Kind.values()) {
      counts.put(k, 0);
    }
    steps.forEach(s -> counts.merge(s.kind(), 1, Integer::sum));
    return counts;
  }

  /** The steps that change the shared folder. */
  public List<RestoreStep> changing() {
    return steps.stream().filter(s -> s.kind().changes()).toList();
  }

  /** The JSON form: what, at, counts by kind, steps. */
  public Map<String, Object> asJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("what", what);
    m.put("at", at);
    Map<String, Object> c = new LinkedHashMap<>();
    counts().forEach((k, n) -> c.put(k.wire(), n));
    m.put("counts", c);
    m.put("steps", steps.stream().map(RestoreStep::asJson).toList());
    return m;
  }
}
