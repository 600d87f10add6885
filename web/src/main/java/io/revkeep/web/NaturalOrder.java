package io.revkeep.web;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Names as people read them, the order of the folder browser's paged listings: runs of digits
 * compare as numbers ({@code f2} before {@code f10}, {@code f999} before {@code f9990}), letters
 * without case or accents ({@code F1} beside {@code f1}, {@code é} beside {@code e}), punctuation
 * and spaces before digits and letters; names equal so far are ordered by their exact text, so
 * the order is total and the same on every request. It is meant to read like the browser's
 * {@code Intl.Collator(undefined, {numeric: true, sensitivity: 'base'})}, which the page used
 * when it sorted itself; the server sorts now, so every page of a listing agrees with the next.
 * Stateless and thread-safe.
 */
final class NaturalOrder {
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  private NaturalOrder() {}

  /**
   * The form of a name that {@link #compareFolded} compares: decomposed, without combining
   * marks, lower case. Computed once per name when a listing is sorted.
   */
  static String fold(String name) {
    String plain = name;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) >= 0x80) {
        plain = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
        break;
      }
    }
    return plain.toLowerCase(Locale.ROOT);
  }

  /** Compares two names: their folded forms naturally, then their exact text. */
  static int compare(String a, String b) {
    int c = compareFolded(fold(a), fold(b));
    return c != 0 ? c : a.compareTo(b);
  }

  /** Compares two folded names ({@link #fold}): digit runs by value, other characters by class. */
  static int compareFolded(String x, String y) {
    int i = 0;
    int j = 0;
    while (i < x.length() && j < y.length()) {
      char c = x.charAt(i);
      char d = y.charAt(j);
      if (digit(c) && digit(d)) {
        int endI = run(x, i);
        int endJ = run(y, j);
        int zi = skipZeros(x, i, endI);
        int zj = skipZeros(y, j, endJ);
        int lengths = Integer.compare(endI - zi, endJ - zj);
        if (lengths != 0) {
          return lengths; // fewer significant digits: a smaller number
        }
        for (int k = 0; k < endI - zi; k++) {
          int digits = Character.compare(x.charAt(zi + k), y.charAt(zj + k));
          if (digits != 0) {
            return digits;
          }
        }
        int zeros = Integer.compare(zi - i, zj - j); // "7" before "007"
        if (zeros != 0) {
          return zeros;
        }
        i = endI;
        j = endJ;
        continue;
      }
      if (c != d) {
        int classes = Integer.compare(kind(c), kind(d));
        return classes != 0 ? classes : Character.compare(c, d);
      }
      i++;
      j++;
    }
    return Integer.compare(x.length() - i, y.length() - j);
  }

  private static boolean digit(char c) {
    return c >= '0' && c <= '9';
  }

  /** 0: white space and punctuation; 1: digits; 2: letters and everything else. */
  private static int kind(char c) {
    return digit(c) ? 1 : Character.isLetter(c) || c >= 0x80 ? 2 : 0;
  }

  private static int run(String s, int from) {
    int k = from;
    while (k < s.length() && digit(s.charAt(k))) {
      k++;
    }
    return k;
  }

  private static int skipZeros(String s, int from, int end) {
    int k = from;
    while (k < end - 1 && s.charAt(k) == '0') {
      k++;
    }
    return k;
  }
}
