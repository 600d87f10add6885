package io.revkeep.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The body of {@code GET /api/diff/sides}: two versions side by side, words marked. */
public final class CompareBodies {
  private CompareBodies() {}

  /**
   * Two versions compared line by line for a two-column view.
   *
   * @param binary true when either is not text (then {@code rows} is empty)
   * @param identical whether they have the same content
   * @param rows the lines to show, in order; long runs of equal lines are one {@code skip} row
   */
  public record SideBySide(String path, int from, int to, boolean binary, boolean identical,
      List<Row> rows) {}

  /**
   * One row of the two columns.
   *
   * @param kind {@code same}, {@code change} (both sides, words marked), {@code del} (left only),
   *     {@code add} (right only) or {@code skip} (equal lines left out)
   * @param left the old version's line, absent for {@code add} and {@code skip}
   * @param right the new version's line, absent for {@code del} and {@code skip}
   * @param skipped for {@code skip}: how many equal lines are left out
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Row(String kind, Side left, Side right, Integer skipped) {}

  /**
   * One side's line.
   *
   * @param line its number in its version, from 1
   * @param parts its text in pieces; a changed piece differs from the other side
   */
  public record Side(int line, List<Part> parts) {}

  /** A piece of a line's text, and whether it is changed. */
  public record Part(String text, boolean changed) {}
}
