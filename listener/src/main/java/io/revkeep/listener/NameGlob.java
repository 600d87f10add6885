package io.revkeep.listener;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;

/**
 * One {@code ignore} glob, matched against a file's name. Most globs are a literal start and end
 * around one {@code *} ({@code *.swp}, {@code ~$*}, {@code lu*.tmp}; a bracket of one character,
 * {@code [#]}, is that character): those are matched with {@code startsWith}/{@code endsWith},
 * since a reconcile asks for every file of the tree; any other glob goes to the platform's
 * {@link PathMatcher}, whose syntax it follows. Immutable.
 */
final class NameGlob {
  /** The literal start and end, or null when the glob is not of that simple form. */
  private final String prefix;
  private final String suffix;
  private final boolean exact;
  private final PathMatcher matcher;

  private NameGlob(String prefix, String suffix, boolean exact, PathMatcher matcher) {
    this.prefix = prefix;
    this.suffix = suffix;
    this.exact = exact;
    this.matcher = matcher;
  }

  static NameGlob of(String glob) {
    String literal = literal(glob);
    if (literal != null) {
      int star = literal.indexOf('\u0000');
      if (star < 0) {
        return new NameGlob(literal, "", true, null);
      }
      if (literal.indexOf('\u0000', star + 1) < 0) {
        return new NameGlob(literal.substring(0, star), literal.substring(star + 1), false, null);
      }
    }
    return new NameGlob(null, null, false,
        FileSystems.getDefault().getPathMatcher("glob:" + glob));
  }

  /**
   * The glob with each {@code *} as NUL (no file name holds one) and each one-character bracket
   * as its character; null if it uses anything else ({@code ? { } \ **}, ranges, negation).
   */
  private static String literal(String glob) {
    StringBuilder out = new StringBuilder(glob.length());
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
            return null;
          }
          out.append('\u0000');
        }
        case '[' -> {
          if (i + 2 < glob.length() && glob.charAt(i + 2) == ']'
              && "!^-\\[]/".indexOf(glob.charAt(i + 1)) < 0) {
            out.append(glob.charAt(i + 1));
            i += 2;
          } else {
            return null;
          }
        }
        case '?', '{', '}', ']', '\\', '/', '\u0000' -> {
          return null;
        }
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** Whether matches() needs the name as a Path (a glob the platform matches). */
  boolean usesPathMatcher() {
    return matcher != null;
  }

  /**
   * The first character every matching name starts with, else the last one every matching name
   * ends with, as {@code "^c"} or {@code "$c"}; null when no such character is known (a glob
   * the platform matches, or {@code *}). Lets a filter rule most names out at once.
   */
  String screen() {
    if (matcher != null) {
      return null;
    }
    if (!prefix.isEmpty()) {
      return "^" + prefix.charAt(0);
    }
    return suffix.isEmpty() ? null : "$" + suffix.charAt(suffix.length() - 1);
  }

  /** Whether {@code name} (a file name, no folder) matches. */
  boolean matches(String name, Path namePath) {
    if (matcher != null) {
      return matcher.matches(namePath);
    }
    if (exact) {
      return name.equals(prefix);
    }
    return name.length() >= prefix.length() + suffix.length() && name.startsWith(prefix)
        && name.endsWith(suffix);
  }
}
