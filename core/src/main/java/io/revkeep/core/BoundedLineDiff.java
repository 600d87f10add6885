package io.revkeep.core;

import com.github.difflib.DiffUtils;
import com.github.difflib.algorithm.DiffAlgorithmListener;
import com.github.difflib.algorithm.myers.MeyersDiff;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The line diff behind {@link TextDiff#unified}, in time and memory bounded whatever the input:
 * Myers' algorithm (java-diff-utils' MeyersDiff, the same answer as before) with a budget,
 * after which it throws {@link VersionsTooDifferentException}.
 *
 * <p>The cost of Myers grows with D, the number of inserted plus deleted lines: D rounds, round
 * d visiting d + 1 diagonals, plus the comparisons along the diagonals. So:
 * <ol>
 *   <li>equal lines are first made one shared String each, so a comparison is one reference
 *       test whatever the length of the lines (linear in the input, one hash map);
 *   <li>a lower bound of D is counted in the same pass: a line kept n times in one version and
 *       m in the other is inserted or deleted at least |n - m| times. Above the limit, the
 *       answer is "too different" at once (two unrelated texts never reach Myers);
 *   <li>otherwise Myers runs with the round number d capped at the limit and the number of
 *       comparisons capped at {@link #MAX_COMPARISONS} (reordered lines pass the lower bound).
 * </ol>
 * Memory is the input, the diagonal array of Myers (linear in the input) and the path nodes of
 * at most limit^2 / 2 diagonal visits.
 */
final class BoundedLineDiff {
  /** Line comparisons Myers may make before the versions count as too different. */
  static final long MAX_COMPARISONS = 50_000_000L;

  private BoundedLineDiff() {}

  /** The patch from {@code a} to {@code b}; VersionsTooDifferentException past the budget. */
  static Patch<String> diff(List<String> a, List<String> b, int maxChangedLines) {
    Map<String, Occurrences> seen = new HashMap<>();
    List<String> sharedA = canonical(a, seen, true);
    List<String> sharedB = canonical(b, seen, false);
    long lowerBound = 0;
    for (Occurrences o : seen.values()) {
      lowerBound += Math.abs(o.inA - o.inB);
    }
    if (lowerBound > maxChangedLines) {
      throw new VersionsTooDifferentException();
    }
    long[] comparisons = {0};
    MeyersDiff<String> myers = new MeyersDiff<>((x, y) -> {
      if (++comparisons[0] > MAX_COMPARISONS) {
        throw new VersionsTooDifferentException();
      }
      return x == y; // canonical instances: equal lines are the same String
    });
    return DiffUtils.diff(sharedA, sharedB, myers, new DiffAlgorithmListener() {
      @Override
      public void diffStart() {}

      @Override
      public void diffStep(int round, int max) {
        if (round > maxChangedLines) {
          throw new VersionsTooDifferentException();
        }
      }

      @Override
      public void diffEnd() {}
    });
  }

  /** One distinct line: its one shared instance and how often each version has it. */
  private static final class Occurrences {
    final String text;
    int inA;
    int inB;

    Occurrences(String text) {
      this.text = text;
    }
  }

  /** The lines, each replaced by the first equal line seen in either version, counted. */
  private static List<String> canonical(List<String> lines, Map<String, Occurrences> seen,
      boolean isA) {
    List<String> out = new ArrayList<>(lines.size());
    for (String line : lines) {
      Occurrences o = seen.computeIfAbsent(line, Occurrences::new);
      if (isA) {
        o.inA++;
      } else {
        o.inB++;
      }
      out.add(o.text);
    }
    return out;
  }
}
