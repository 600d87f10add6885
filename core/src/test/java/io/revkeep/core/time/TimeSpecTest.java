package io.revkeep.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeSpecTest {
  /** Wednesday 2026-11-25 10:15:30 in Berlin (UTC+1 in November). */
  private static final Instant NOW = Instant.parse("2026-11-25T09:15:30Z");
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "now                       | 2026-11-25T09:15:30Z",
      "2026-01-31T14:00:00Z      | 2026-01-31T14:00:00Z",
      "2026-01-31T14:00+03:00    | 2026-01-31T11:00:00Z",
      "2026-01-31T14:00          | 2026-01-31T13:00:00Z",
      "2026-01-31 14:00:30       | 2026-01-31T13:00:30Z",
      "2026-07-01 14:00          | 2026-07-01T12:00:00Z",
      "2026-01-31                | 2026-01-30T23:00:00Z",
      "90s                       | 2026-11-25T09:14:00Z",
      "30m                       | 2026-11-25T08:45:30Z",
      "2h                        | 2026-11-25T07:15:30Z",
      "2 hours ago               | 2026-11-25T07:15:30Z",
      "3d                        | 2026-11-22T09:15:30Z",
      "1w                        | 2026-11-18T09:15:30Z",
      "yesterday                 | 2026-11-24T09:15:30Z",
      "yesterday 14:00           | 2026-11-24T13:00:00Z",
      "today 9:30                | 2026-11-25T08:30:00Z",
      "today                     | 2026-11-24T23:00:00Z",
      "  YESTERDAY 14:00         | 2026-11-24T13:00:00Z"})
  void reads_every_documented_form(String text, String expected) {
    assertThat(TimeSpec.parse(text, CLOCK, BERLIN)).isEqualTo(Instant.parse(expected));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  ", "last tuesday", "2026-13-01", "yesterday 25:00", "3 lightyears",
      "2026-01-31 14", "-2h"})
  void refuses_anything_else_naming_the_text_and_the_forms(String text) {
    assertThatThrownBy(() -> TimeSpec.parse(text, CLOCK, BERLIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2026-01-31 14:00")
        .hasMessageContaining(text.isBlank() ? "no time given" : "'" + text.strip() + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"2027-01-01", "2026-11-25T09:16:00Z"})
  void parse_past_refuses_the_future(String text) {
    assertThatThrownBy(() -> TimeSpec.parsePast(text, CLOCK, BERLIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("in the future");
    assertThat(TimeSpec.parsePast("2h", CLOCK, BERLIN)).isBefore(NOW);
  }
}
