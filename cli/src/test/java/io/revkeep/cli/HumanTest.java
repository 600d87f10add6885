package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Human sizes and the colour rule. */
class HumanTest {
  @Test
  void sizes_read_as_a_person_says_them() {
    assertThat(Human.size(0)).isEqualTo("0 B");
    assertThat(Human.size(1023)).isEqualTo("1023 B");
    assertThat(Human.size(1536)).isEqualTo("1.5 KiB");
    assertThat(Human.size(20L * 1024 * 1024)).isEqualTo("20 MiB");
    assertThat(Human.size(3L * 1024 * 1024 * 1024 + 1)).isEqualTo("3.0 GiB");
  }

  @Test
  void colour_only_on_a_terminal_without_no_color_unless_asked() {
    assertThat(Terminal.colour("auto", Map.of(), true)).isTrue();
    assertThat(Terminal.colour("auto", Map.of(), false)).isFalse();
    assertThat(Terminal.colour("auto", Map.of("NO_COLOR", "1"), true)).isFalse();
    assertThat(Terminal.colour("auto", Map.of("TERM", "dumb"), true)).isFalse();
    assertThat(Terminal.colour("always", Map.of("NO_COLOR", "1"), false)).isTrue();
    assertThat(Terminal.colour("never", Map.of(), true)).isFalse();
  }
}
