package io.revkeep.listener;

import io.revkeep.core.paths.SharedRoot;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Collection;
import java.util.List;

/**
 * Which paths the listener never versions: names matching an {@code ignore} glob, revkeep's own
 * temporary names, and folders revkeep keeps its data in (if they lie inside the shared tree).
 * Immutable and thread-safe.
 */
final class PathFilter {
  private final List<PathMatcher> ignore;
  private final List<Path> excludedTrees;

  /**
   * @param ignoreGlobs globs matched against the last name segment, e.g. {@code *.swp}
   * @param excludedTrees absolute folders never watched (data, vault, staging)
   */
  PathFilter(Collection<String> ignoreGlobs, Collection<Path> excludedTrees) {
    this.ignore = ignoreGlobs.stream()
        .map(String::trim)
        .filter(g -> !g.isEmpty())
        .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g))
        .toList();
    this.excludedTrees = excludedTrees.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  /** Whether this absolute path is never versioned nor watched. */
  boolean ignored(Path path) {
    for (Path tree : excludedTrees) {
      if (path.startsWith(tree)) {
        return true;
      }
    }
    Path name = path.getFileName();
    if (name == null) {
      return false;
    }
    if (name.toString().startsWith(SharedRoot.TEMP_PREFIX)) {
      return true;
    }
    for (PathMatcher m : ignore) {
      if (m.matches(name)) {
        return true;
      }
    }
    return false;
  }
}
