package io.revkeep.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
  @Test
  void ordinary_names_are_returned_unchanged_unicode_included() {
    for (String name : new String[] {"report.txt", "a b/c d.txt", "Ünïcödé 日本語 🎉.md", "back\\slash", ""}) {
      assertThat(Printable.escape(name)).isSameAs(name);
      assertThat(Printable.isSafe(name)).isTrue();
    }
  }

  @Test
  void a_newline_that_would_forge_a_row_is_escaped() {
    assertThat(Printable.escape("evil\nroot.txt  v1  0  2026-01-01 00:00:00 admin"))
        .isEqualTo("evil\\nroot.txt  v1  0  2026-01-01 00:00:00 admin")
        .doesNotContain("\n");
  }

  @Test
  void terminal_escape_sequences_lose_their_escape_character() {
    assertThat(Printable.escape("x\u001b[2J\u001b]0;owned\u0007.txt"))
        .isEqualTo("x\\x1b[2J\\x1b]0;owned\\x07.txt");
  }

  @Test
  void every_c0_del_and_c1_control_is_escaped_tab_and_returns_by_name() {
    assertThat(Printable.escape("\t\r\n")).isEqualTo("\\t\\r\\n");
    assertThat(Printable.escape("\u0000\u0008\u001f\u007f\u0080\u009b\u009f"))
        .isEqualTo("\\x00\\x08\\x1f\\x7f\\x80\\x9b\\x9f");
    for (char c = 0; c < 0xa0; c++) {
      boolean control = c < 0x20 || c >= 0x7f;
      assertThat(Printable.isSafe(String.valueOf(c))).as("U+%04X", (int) c).isEqualTo(!control);
    }
    assertThat(Printable.isSafe("\u00a0é")).isTrue();
  }

  @Test
  void line_separators_and_bidi_overrides_are_escaped() {
    assertThat(Printable.escape("a\u2028b\u202egnp.exe\u2066"))
        .isEqualTo("a\\u2028b\\u202egnp.exe\\u2066");
  }

  @Test
  void of_escapes_any_value_and_null() {
    assertThat(Printable.of(java.nio.file.Path.of("/x/a\nb"))).isEqualTo("/x/a\\nb");
    assertThat(Printable.of(null)).isEqualTo("null");
  }
}
