package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The {@code PATH@REV} grammar, parsed with a fixed clock. */
class RevisionTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-02-01T12:00:00Z"),
      ZoneOffset.UTC);

  private static Revision parse(String arg) {
    return Revision.parse(arg, NOW, ZoneId.of("UTC"));
  }

  @Test
  void a_number_is_a_version_and_minus_n_is_n_before_the_newest() {
    Revision three = parse("docs/report.txt@3");
    assertThat(three.path).isEqualTo("docs/report.txt");
    assertThat(three.kind).isEqualTo(Revision.Kind.NUMBER);
    assertThat(three.n).isEqualTo(3);
    Revision back = parse("report.txt@-2");
    assertThat(back.kind).isEqualTo(Revision.Kind.BACK);
    assertThat(back.n).isEqualTo(2);
  }

  @Test
  void a_time_is_the_version_in_force_then() {
    Revision t = parse("a.txt@2026-01-31 14:00");
    assertThat(t.kind).isEqualTo(Revision.Kind.TIME);
    assertThat(t.at).isEqualTo(Instant.parse("2026-01-31T14:00:00Z"));
    assertThat(parse("a.txt@2h").at).isEqualTo(Instant.parse("2026-02-01T10:00:00Z"));
  }

  @Test
  void an_at_sign_that_starts_no_revision_is_part_of_the_name() {
    assertThat(parse("mail/user@host.txt").path).isEqualTo("mail/user@host.txt");
    assertThat(parse("mail/user@host.txt").given()).isFalse();
    assertThat(parse("plain.txt").path).isEqualTo("plain.txt");
    Revision escaped = parse("odd@3@");
    assertThat(escaped.path).isEqualTo("odd@3");
    assertThat(escaped.given()).isFalse();
  }

  @Test
  void a_time_in_the_future_is_refused() {
    assertThatThrownBy(() -> parse("a.txt@2027-01-01")).isInstanceOf(UserError.class)
        .hasMessageContaining("in the future");
  }
}
