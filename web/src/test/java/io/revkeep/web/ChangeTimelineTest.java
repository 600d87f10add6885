package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.web.api.FolderBodies.ChangeTimes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeTimelineTest {
  private static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

  /** n change times a day apart, newest first. */
  private static List<Instant> days(int n) {
    List<Instant> out = new ArrayList<>();
    for (int i = n - 1; i >= 0; i--) {
      out.add(T0.plusSeconds(86_400L * i));
    }
    return out;
  }

  @Test
  void without_a_range_the_newest_come_as_before() {
    ChangeTimes t = ChangeTimeline.select("d", days(10), null, null, 3, false, false);
    assertThat(t.times()).containsExactly(T0.plusSeconds(86_400L * 9), T0.plusSeconds(86_400L * 8),
        T0.plusSeconds(86_400L * 7));
    assertThat(t.total()).isNull();
  }

  @Test
  void a_spread_reaches_the_first_change_and_zooming_in_reaches_every_change() {
    List<Instant> all = days(2000); // more than five years, a change a day
    ChangeTimes whole = ChangeTimeline.select("d", all, null, null, 500, true, true);
    assertThat(whole.total()).isEqualTo(2000);
    assertThat(whole.times()).hasSize(500).doesNotHaveDuplicates();
    assertThat(whole.times().get(0)).isEqualTo(all.get(0));
    assertThat(whole.times().get(499)).isEqualTo(T0); // the very first change
    assertThat(whole.times()).isSortedAccordingTo(java.util.Comparator.reverseOrder());
    // zoomed in on the range between two neighbours of the spread: every change in it
    Instant from = whole.times().get(499);
    Instant to = whole.times().get(497);
    ChangeTimes zoomed = ChangeTimeline.select("d", all, from, to, 500, true, true);
    assertThat(zoomed.times()).containsExactlyElementsOf(all.stream()
        .filter(t -> !t.isBefore(from) && !t.isAfter(to)).toList());
    assertThat(zoomed.total()).isEqualTo(zoomed.times().size());
  }
}
