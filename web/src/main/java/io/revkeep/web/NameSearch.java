package io.revkeep.web;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The matches of one name search, kept as they stream past: a file whose name contains the text
 * (case-insensitive), and every folder on its way below the searched folder whose name does.
 * Keeps the first {@code limit} by path (a sorted map trimmed at its end), so a search over
 * 100,000 paths holds at most {@code limit + 1} matches and each path costs a few
 * comparisons. One request's; not thread-safe.
 *
 * @param <T> what a file match carries (its record or version)
 */
final class NameSearch<T> {
  private final String needle;
  private final int skip;
  private final int limit;
  /** Path to the file's value, or null for a folder. */
  private final TreeMap<String, T> kept = new TreeMap<>();
  private boolean truncated;

  /**
   * @param text what names must contain
   * @param dir the folder searched ("" for the root): its own name and those above it are not
   *     matched
   */
  NameSearch(String text, String dir, int limit) {
    this.needle = text.toLowerCase(Locale.ROOT);
    this.skip = dir.isEmpty() ? 0 : dir.length() + 1;
    this.limit = limit;
  }

  /** Looks at one file's path (under the searched folder). */
  void file(String path, T value) {
    int start = skip;
    for (int slash; (slash = path.indexOf('/', start)) >= 0; start = slash + 1) {
      if (contains(path, start, slash)) {
        keep(path.substring(0, slash), null);
      }
    }
    if (contains(path, start, path.length())) {
      keep(path, value);
    }
  }

  /**
   * Looks at one folder's path (under the searched folder, as the disk holds it): matched by its
   * own name; the folders above it are looked at on their own.
   */
  void folder(String path) {
    int start = path.lastIndexOf('/') + 1;
    if (start >= skip && contains(path, start, path.length())) {
      keep(path, null);
    }
  }

  private boolean contains(String path, int from, int to) {
    return path.substring(from, to).toLowerCase(Locale.ROOT).contains(needle);
  }

  private void keep(String path, T value) {
    if (kept.containsKey(path)) {
      return; // a folder met again
    }
    if (kept.size() == limit && path.compareTo(kept.lastKey()) > 0) {
      truncated = true;
      return;
    }
    kept.put(path, value);
    if (kept.size() > limit) {
      kept.pollLastEntry();
      truncated = true;
    }
  }

  /** The matches kept, by path: a file's value, or null for a folder. */
  Map<String, T> matches() {
    return kept;
  }

  /** Whether more matched than the limit. */
  boolean truncated() {
    return truncated;
  }
}
