package io.revkeep.listener;

import io.revkeep.core.paths.SharedRoot;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Which paths the listener never versions: names matching an {@code ignore} glob, revkeep's own
 * temporary names, and folders revkeep keeps its data in (if they lie inside the shared tree).
 * Immutable and thread-safe.
 */
final class PathFilter {
  private final List<NameGlob> ignore;
  /** The globs no first or last character screens (NameGlob.screen): always tried. */
  private final List<NameGlob> unscreened;
  /** The first characters, and the last ones, a name needs to match one of the other globs. */
  private final String firstChars;
  private final String lastChars;
  private final List<Path> excludedTrees;

  /**
   * @param ignoreGlobs globs matched against the last name segment, e.g. {@code *.swp}
   * @param excludedTrees absolute folders never watched (data, vault, staging)
   */
  PathFilter(Collection<String> ignoreGlobs, Collection<Path> excludedTrees) {
    this.ignore = ignoreGlobs.stream()
        .map(String::trim)
        .filter(g -> !g.isEmpty())
        .map(NameGlob::of)
        .toList();
    this.unscreened = ignore.stream().filter(g -> g.screen() == null).toList();
    StringBuilder first = new StringBuilder();
    StringBuilder last = new StringBuilder();
    for (NameGlob g : ignore) {
      String screen = g.screen();
      if (screen != null) {
        (screen.charAt(0) == '^' ? first : last).append(screen.charAt(1));
      }
    }
    this.firstChars = first.toString();
    this.lastChars = last.toString();
    this.excludedTrees = excludedTrees.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  /**
   * Whether this absolute path's name can be recorded: its bytes are what its text encodes back
   * to. revkeep stores names as text (UTF-8); a name whose bytes are not valid UTF-8 reads as
   * text with U+FFFD in place of them, which names another file (or none), so it could be
   * listed but never downloaded or restored — it is not versioned instead, and the recorder
   * says why. Under a JVM whose file-name encoding is not UTF-8 (see
   * {@link #fileNameEncodingIsUtf8}), every name outside that encoding is refused alike.
   */
  static boolean hasStorableName(Path absolute) {
    try {
      return Path.of(absolute.toString()).equals(absolute);
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** Whether the JVM reads and writes file names as UTF-8 (its locale says so). */
  static boolean fileNameEncodingIsUtf8() {
    String encoding = System.getProperty("sun.jnu.encoding", "");
    return encoding.equalsIgnoreCase("UTF-8") || encoding.equalsIgnoreCase("UTF8");
  }

  /** Whether this absolute path is never versioned nor watched. */
  boolean ignored(Path path) {
    for (Path tree : excludedTrees) {
      if (path.startsWith(tree)) {
        return true;
      }
    }
    Path name = path.getFileName();
    return name != null && ignoredName(name.toString(), path);
  }

  /** {@link #ignored} of a path whose last name the caller already has (a folder's listing). */
  boolean ignored(Path path, String name) {
    for (Path tree : excludedTrees) {
      if (path.startsWith(tree)) {
        return true;
      }
    }
    return ignoredName(name, path);
  }

  /** Whether the last name of {@code path}, {@code text}, is ignored. */
  private boolean ignoredName(String text, Path path) {
    if (text.startsWith(SharedRoot.TEMP_PREFIX)) {
      return true;
    }
    // a reconcile asks for every file: most names start and end with characters no glob needs
    boolean screened = text.isEmpty() || firstChars.indexOf(text.charAt(0)) >= 0
        || lastChars.indexOf(text.charAt(text.length() - 1)) >= 0;
    Path name = null; // as a Path only for a glob the platform matches (NameGlob)
    for (NameGlob g : screened ? ignore : unscreened) {
      if (g.usesPathMatcher() && name == null) {
        name = path.getFileName();
      }
      if (g.matches(text, name)) {
        return true;
      }
    }
    return false;
  }
}
