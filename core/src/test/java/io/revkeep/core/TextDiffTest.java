package io.revkeep.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextDiffTest {
  @Test
  void utf8_without_nul_is_text_and_anything_else_is_binary() {
    assertThat(TextDiff.lines("a\nb\n".getBytes(StandardCharsets.UTF_8))).contains(List.of("a", "b"));
    assertThat(TextDiff.lines("grüße".getBytes(StandardCharsets.UTF_8))).contains(List.of("grüße"));
    assertThat(TextDiff.lines(new byte[] {'a', 0, 'b'})).isEmpty();
    assertThat(TextDiff.lines(new byte[] {(byte) 0xff, (byte) 0xfe})).isEmpty();
  }

  @Test
  void unified_diff_has_labelled_headers_and_hunks_and_nothing_for_equal_text() {
    List<String> a = List.of("apples", "bananas", "cherries");
    List<String> b = List.of("apples", "BANANAS", "cherries");
    assertThat(TextDiff.unified(TextDiff.label("f.txt", 1), a, TextDiff.label("f.txt", 2), b))
        .containsExactly("--- f.txt (version 1)", "+++ f.txt (version 2)", "@@ -1,3 +1,3 @@",
            " apples", "-bananas", "+BANANAS", " cherries");
    assertThat(TextDiff.unified("x", a, "y", a)).isEmpty();
  }
}
