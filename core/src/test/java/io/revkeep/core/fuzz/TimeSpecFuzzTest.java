package io.revkeep.core.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.revkeep.core.time.TimeSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Fuzzes {@link TimeSpec}: any text parses to an instant or is refused with an
 * IllegalArgumentException carrying a one-line message; never another exception (an arithmetic
 * overflow, a DateTimeException). Seeds: TimeSpecFuzzTestInputs/ in the test resources.
 */
class TimeSpecFuzzTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-06-15T12:00:00Z"), ZoneOffset.UTC);
  private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

  @FuzzTest(maxDuration = "5s")
  void a_time_parses_or_is_refused_with_one_line(FuzzedDataProvider data) {
    boolean past = data.consumeBoolean();
    String text = data.consumeRemainingAsString();
    try {
      Instant at = past ? TimeSpec.parsePast(text, CLOCK, ZONE) : TimeSpec.parse(text, CLOCK, ZONE);
      assertThat(at).isNotNull();
      if (past) {
        assertThat(at).isBeforeOrEqualTo(CLOCK.instant());
      }
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).isNotBlank().doesNotContain("Exception");
    }
  }
}
