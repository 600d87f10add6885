package io.revkeep.web;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import com.github.difflib.patch.Patch;
import io.revkeep.core.TextDiff;
import io.revkeep.web.api.CompareBodies.Part;
import io.revkeep.web.api.CompareBodies.Row;
import io.revkeep.web.api.CompareBodies.Side;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two text versions laid out in two columns, with the changed words marked inside changed lines
 * (the web's compare view). Lines come from {@link TextDiff#patch} with its bound (versions too
 * different throw its exception); a changed line paired with its new form is diffed again word
 * by word, within a budget: a line longer than {@link #MAX_WORD_DIFF_CHARS}, or any line once
 * {@link #WORD_BUDGET_CHARS} characters were word-diffed, is marked changed as a whole. Equal
 * lines farther than {@link TextDiff#CONTEXT} from a change collapse into one {@code skip} row.
 * Stateless; any thread.
 */
final class SideBySideDiff {
  /** Lines longer than this are not diffed word by word. */
  static final int MAX_WORD_DIFF_CHARS = 2_000;
  /** Characters word-diffed per comparison at most. */
  static final int WORD_BUDGET_CHARS = 400_000;

  /** Words, runs of white space, and single other characters: the units marked changed. */
  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_]+|\\s+|.",
      Pattern.UNICODE_CHARACTER_CLASS | Pattern.DOTALL);

  private int budget = WORD_BUDGET_CHARS;

  private SideBySideDiff() {}

  /** The rows from {@code a} (left) to {@code b} (right); empty when the lines are equal. */
  static List<Row> rows(List<String> a, List<String> b) {
    return new SideBySideDiff().layout(a, b);
  }

  private List<Row> layout(List<String> a, List<String> b) {
    Patch<String> patch = TextDiff.patch(a, b);
    if (patch.getDeltas().isEmpty()) {
      return List.of();
    }
    List<Row> all = new ArrayList<>();
    int ia = 0;
    int ib = 0;
    for (AbstractDelta<String> d : patch.getDeltas()) {
      int sa = d.getSource().getPosition();
      while (ia < sa) {
        all.add(same(a, ia++, ib++));
      }
      List<String> src = d.getSource().getLines();
      List<String> tgt = d.getTarget().getLines();
      int paired = d.getType() == DeltaType.CHANGE ? Math.min(src.size(), tgt.size()) : 0;
      for (int i = 0; i < paired; i++) {
        all.add(changed(src.get(i), ia++ + 1, tgt.get(i), ib++ + 1));
      }
      for (int i = paired; i < src.size(); i++) {
        all.add(new Row("del", whole(ia++ + 1, src.get(i), true), null, null));
      }
      for (int i = paired; i < tgt.size(); i++) {
        all.add(new Row("add", null, whole(ib++ + 1, tgt.get(i), true), null));
      }
    }
    while (ia < a.size()) {
      all.add(same(a, ia++, ib++));
    }
    return collapse(all);
  }

  private static Row same(List<String> a, int ia, int ib) {
    return new Row("same", whole(ia + 1, a.get(ia), false), whole(ib + 1, a.get(ia), false), null);
  }

  private static Side whole(int line, String text, boolean changed) {
    return new Side(line, List.of(new Part(text, changed)));
  }

  /** A line and its new form, the words that differ marked on each side. */
  private Row changed(String left, int ll, String right, int rl) {
    int cost = left.length() + right.length();
    if (left.length() > MAX_WORD_DIFF_CHARS || right.length() > MAX_WORD_DIFF_CHARS
        || cost > budget) {
      return new Row("change", whole(ll, left, true), whole(rl, right, true), null);
    }
    budget -= cost;
    List<String> ta = tokens(left);
    List<String> tb = tokens(right);
    boolean[] ca = new boolean[ta.size()];
    boolean[] cb = new boolean[tb.size()];
    for (AbstractDelta<String> d : DiffUtils.diff(ta, tb).getDeltas()) {
      mark(ca, d.getSource().getPosition(), d.getSource().size());
      mark(cb, d.getTarget().getPosition(), d.getTarget().size());
    }
    return new Row("change", new Side(ll, parts(ta, ca)), new Side(rl, parts(tb, cb)), null);
  }

  private static void mark(boolean[] changed, int from, int n) {
    for (int i = from; i < from + n; i++) {
      changed[i] = true;
    }
  }

  private static List<String> tokens(String line) {
    List<String> out = new ArrayList<>();
    Matcher m = TOKEN.matcher(line);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** Adjacent tokens with the same mark joined into one part. */
  private static List<Part> parts(List<String> tokens, boolean[] changed) {
    List<Part> out = new ArrayList<>();
    StringBuilder run = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      if (i > 0 && changed[i] != changed[i - 1]) {
        out.add(new Part(run.toString(), changed[i - 1]));
        run.setLength(0);
      }
      run.append(tokens.get(i));
    }
    if (!tokens.isEmpty()) {
      out.add(new Part(run.toString(), changed[tokens.size() - 1]));
    }
    return out;
  }

  /** Keeps CONTEXT equal lines around each change; longer runs become one skip row. */
  private static List<Row> collapse(List<Row> all) {
    int n = all.size();
    boolean[] keep = new boolean[n];
    for (int i = 0; i < n; i++) {
      if (!all.get(i).kind().equals("same")) {
        for (int j = Math.max(0, i - TextDiff.CONTEXT); j <= Math.min(n - 1, i + TextDiff.CONTEXT);
            j++) {
          keep[j] = true;
        }
      }
    }
    List<Row> out = new ArrayList<>();
    int skipped = 0;
    for (int i = 0; i < n; i++) {
      if (keep[i]) {
        if (skipped > 0) {
          out.add(new Row("skip", null, null, skipped));
          skipped = 0;
        }
        out.add(all.get(i));
      } else {
        skipped++;
      }
    }
    if (skipped > 0) {
      out.add(new Row("skip", null, null, skipped));
    }
    return out;
  }
}
