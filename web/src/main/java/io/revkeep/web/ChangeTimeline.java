package io.revkeep.web;

import io.revkeep.web.api.FolderBodies.ChangeTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What the page's time slider gets of a folder's change times: the newest few, or — to reach
 * the first change of a folder of any age — a spread over the whole history or over a range of
 * it (the slider zoomed in), at most {@code limit} times, the oldest and the newest of the range
 * always among them. Zooming in until a range holds no more than {@code limit} times gives every
 * change time of the range, so every moment a version was recorded is a step of the slider.
 */
final class ChangeTimeline {
  private ChangeTimeline() {}

  /**
   * @param newestFirst every change time under the folder, newest first (distinct)
   * @param from the oldest time wanted (inclusive), or null
   * @param to the newest time wanted (inclusive), or null
   * @param spread spread the times over the range instead of taking its newest
   * @param ranged whether the request named a range or a spread (then the answer says how many
   *     times the range holds)
   */
  static ChangeTimes select(String dir, List<Instant> newestFirst, Instant from, Instant to,
      int limit, boolean spread, boolean ranged) {
    List<Instant> range = new ArrayList<>();
    for (Instant t : newestFirst) {
      if ((from == null || !t.isBefore(from)) && (to == null || !t.isAfter(to))) {
        range.add(t);
      }
    }
    List<Instant> chosen;
    if (range.size() <= limit) {
      chosen = range;
    } else if (!spread) {
      chosen = range.subList(0, limit);
    } else {
      chosen = new ArrayList<>(limit);
      int n = range.size();
      for (int i = 0; i < limit; i++) {
        // evenly by position: i = 0 is the newest, i = limit - 1 the oldest; distinct as n > limit
        chosen.add(range.get(limit == 1 ? 0 : (int) Math.round((double) i * (n - 1) / (limit - 1))));
      }
    }
    return new ChangeTimes(dir, List.copyOf(chosen), ranged ? range.size() : null);
  }
}
