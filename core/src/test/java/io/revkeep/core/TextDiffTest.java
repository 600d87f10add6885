package io.revkeep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
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

  @Test
  void two_unrelated_20000_line_versions_are_too_different_to_diff() {
    List<String> a = numbered("left ", 20_000);
    List<String> b = numbered("right ", 20_000);
    assertThatThrownBy(() -> TextDiff.unified("a", a, "b", b))
        .isInstanceOf(VersionsTooDifferentException.class)
        .hasMessage("the versions are too different to show line by line (more than 5000"
            + " changed lines)");
  }

  @Test
  void the_same_20000_lines_in_reverse_order_are_too_different_to_diff() {
    List<String> a = numbered("line ", 20_000);
    List<String> b = new ArrayList<>(a);
    Collections.reverse(b);
    assertThatThrownBy(() -> TextDiff.unified("a", a, "b", b))
        .isInstanceOf(VersionsTooDifferentException.class);
  }

  @Test
  void a_large_version_with_many_changes_within_the_budget_is_diffed_as_before() {
    List<String> a = numbered("line ", 100_000);
    List<String> b = new ArrayList<>(a);
    for (int i = 0; i < 2_000; i++) { // 2,000 changed lines: 4,000 inserted plus deleted
      b.set(i * 50, "changed " + i);
    }
    List<String> diff = TextDiff.unified("a", a, "b", b);
    assertThat(diff.stream().filter(l -> l.startsWith("-line "))).hasSize(2_000);
    assertThat(diff.stream().filter(l -> l.startsWith("+changed "))).hasSize(2_000);
    assertThat(diff).contains("@@ -48,7 +48,7 @@", " line 49", "-line 50", "+changed 1");
  }

  private static List<String> numbered(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
  }
}
