package io.revkeep.core;

/**
 * Makes a recorded name (a path, a file name, a user name, an error message quoting one) safe to
 * print on a terminal or in a log line: characters that a terminal or a line-based reader would
 * act on are replaced by a visible escape, everything else is kept as it is, ordinary Unicode
 * (accents, CJK, emoji) included. A name containing none of them is returned unchanged, so the
 * output for ordinary names does not change.
 *
 * <p>Escaped, in the style of C and of {@code ls --quoting-style=escape}:
 *
 * <ul>
 *   <li>tab, line feed and carriage return as {@code \t}, {@code \n}, {@code \r};
 *   <li>every other C0 control (U+0000–U+001F), DEL (U+007F) and C1 control (U+0080–U+009F) as
 *       {@code \xHH}, for example ESC as {@code \x1b} and CSI as {@code \x9b};
 *   <li>the Unicode line and paragraph separators (U+2028, U+2029) and the bidirectional
 *       embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069), which reorder
 *       what is shown, as a backslash, {@code u} and four hex digits (U+202E as <code>&#92;u202e</code>).
 * </ul>
 *
 * <p>A backslash is not doubled (a name printed without escapes looks as before), so a name that
 * literally contains {@code \n} prints the same as one containing a line feed; {@code --json}
 * output, which is exact, tells them apart.
 */
public final class Printable {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Printable() {}

  /** {@link #escape} of {@code String.valueOf(value)}. */
  public static String of(Object value) {
    return escape(String.valueOf(value));
  }

  /** The text with every character listed in the class comment escaped; itself if it has none. */
  public static String escape(String text) {
    int first = firstUnsafe(text);
    if (first < 0) {
      return text;
    }
    var out = new StringBuilder(text.length() + 8).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isUnsafe(c)) {
        out.append(c);
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c <= 0x9f) {
        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf])
            .append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
      }
    }
    return out.toString();
  }

  /** Whether {@link #escape} would change the text. */
  public static boolean isSafe(String text) {
    return firstUnsafe(text) < 0;
  }

  private static int firstUnsafe(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isUnsafe(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isUnsafe(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028' || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }
}
