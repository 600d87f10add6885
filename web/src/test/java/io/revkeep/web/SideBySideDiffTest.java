package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.TextDiff;
import io.revkeep.core.VersionsTooDifferentException;
import io.revkeep.web.api.CompareBodies.Part;
import io.revkeep.web.api.CompareBodies.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SideBySideDiffTest {
  private static String changedWords(List<Part> parts) {
    return parts.stream().filter(Part::changed).map(Part::text).collect(Collectors.joining("|"));
  }

  private static String text(List<Part> parts) {
    return parts.stream().map(Part::text).collect(Collectors.joining());
  }

  @Test
  void a_changed_line_marks_only_the_words_that_changed_on_each_side() {
    List<Row> rows = SideBySideDiff.rows(
        List.of("title", "the quick brown fox jumps", "end"),
        List.of("title", "the quick red fox leaps", "end"));

    assertThat(rows).extracting(Row::kind).containsExactly("same", "change", "same");
    Row change = rows.get(1);
    assertThat(change.left().line()).isEqualTo(2);
    assertThat(change.right().line()).isEqualTo(2);
    assertThat(text(change.left().parts())).isEqualTo("the quick brown fox jumps");
    assertThat(text(change.right().parts())).isEqualTo("the quick red fox leaps");
    assertThat(changedWords(change.left().parts())).isEqualTo("brown|jumps");
    assertThat(changedWords(change.right().parts())).isEqualTo("red|leaps");
  }

  @Test
  void lines_added_and_removed_stand_on_one_side_with_their_own_numbers() {
    List<Row> rows = SideBySideDiff.rows(List.of("a", "gone", "b"), List.of("a", "b", "new", "c"));

    assertThat(rows).extracting(Row::kind).containsExactly("same", "del", "same", "add", "add");
    assertThat(rows.get(1).left().line()).isEqualTo(2);
    assertThat(rows.get(1).right()).isNull();
    assertThat(rows.get(3).right().line()).isEqualTo(3);
    assertThat(rows.get(3).left()).isNull();
    assertThat(rows.get(2).left().line()).isEqualTo(3);
    assertThat(rows.get(2).right().line()).isEqualTo(2);
  }

  @Test
  void equal_lines_far_from_a_change_collapse_into_a_skip_row() {
    List<String> a = IntStream.rangeClosed(1, 30).mapToObj(i -> "line " + i).toList();
    List<String> b = new ArrayList<>(a);
    b.set(14, "line fifteen");

    List<Row> rows = SideBySideDiff.rows(a, b);

    assertThat(rows).extracting(Row::kind).containsExactly("skip", "same", "same", "same",
        "change", "same", "same", "same", "skip");
    assertThat(rows.get(0).skipped()).isEqualTo(11);
    assertThat(rows.get(8).skipped()).isEqualTo(12);
    assertThat(changedWords(rows.get(4).right().parts())).isEqualTo("fifteen");
  }

  @Test
  void equal_versions_have_no_rows_and_names_with_markup_stay_text() {
    assertThat(SideBySideDiff.rows(List.of("x"), List.of("x"))).isEmpty();
    List<Row> rows = SideBySideDiff.rows(List.of("<b>a & \"q\"</b> é"),
        List.of("<b>a & 'q'</b> é"));
    assertThat(text(rows.get(0).right().parts())).isEqualTo("<b>a & 'q'</b> é");
  }

  @Test
  void a_very_long_line_is_marked_whole_instead_of_diffed_word_by_word() {
    String longA = "w ".repeat(SideBySideDiff.MAX_WORD_DIFF_CHARS);
    String longB = longA + "x";
    Row row = SideBySideDiff.rows(List.of(longA), List.of(longB)).get(0);
    assertThat(row.kind()).isEqualTo("change");
    assertThat(row.left().parts()).containsExactly(new Part(longA, true));
    assertThat(row.right().parts()).containsExactly(new Part(longB, true));
  }

  @Test
  void versions_too_different_are_refused_with_the_line_diff_s_bound() {
    List<String> a = IntStream.range(0, TextDiff.MAX_CHANGED_LINES + 1)
        .mapToObj(i -> "a" + i).toList();
    List<String> b = IntStream.range(0, TextDiff.MAX_CHANGED_LINES + 1)
        .mapToObj(i -> "b" + i).toList();
    assertThatThrownBy(() -> SideBySideDiff.rows(a, b))
        .isInstanceOf(VersionsTooDifferentException.class);
  }
}
