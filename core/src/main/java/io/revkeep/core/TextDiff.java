package io.revkeep.core;

import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Unified diffs of text versions, the same for the command line and the web: what counts as
 * text, how versions are labelled, how much context is shown.
 */
public final class TextDiff {
  /** Lines of context around each change, as diff -u. */
  public static final int CONTEXT = 3;

  /**
   * Inserted plus deleted lines past which versions are too different to show line by line:
   * the budget that bounds the time and memory of a diff whatever the input.
   */
  public static final int MAX_CHANGED_LINES = 5_000;

  private TextDiff() {}

  /** The lines of UTF-8 text without NUL bytes, or empty for anything else (binary). */
  public static Optional<List<String>> lines(byte[] bytes) {
    for (byte b : bytes) {
      if (b == 0) {
        return Optional.empty();
      }
    }
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
      return Optional.of(s.lines().toList());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  /** How a version is named in a diff header. */
  public static String label(String path, int version) {
    return path + " (version " + version + ")";
  }

  /**
   * The unified diff from {@code a} to {@code b}; empty when the lines are equal. Bounded in
   * time and memory: throws {@link VersionsTooDifferentException} when more than
   * {@link #MAX_CHANGED_LINES} lines are inserted or deleted (or the work to find out exceeds
   * the same budget), whose message is one line a caller may show.
   */
  public static List<String> unified(String labelA, List<String> a, String labelB,
      List<String> b) {
    return UnifiedDiffUtils.generateUnifiedDiff(labelA, labelB, a,
        BoundedLineDiff.diff(a, b, MAX_CHANGED_LINES), CONTEXT);
  }

  /**
   * The line changes from {@code a} to {@code b}, under the same bound as {@link #unified}
   * (throws {@link VersionsTooDifferentException} past it): for views that lay the lines out
   * themselves, such as the web's side-by-side diff.
   */
  public static Patch<String> patch(List<String> a, List<String> b) {
    return BoundedLineDiff.diff(a, b, MAX_CHANGED_LINES);
  }
}
