package io.revkeep.core.write;

import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Which paths of the shared folder a writer may target, decided from the path alone (the file
 * system is consulted later, relative to opened folders): a path revkeep would store (no
 * {@code ..}, not absolute, no NUL — {@link SharedRoot#normalize}; for a name typed anew also no
 * control character, backslash or drive prefix — {@link SharedRoot#normalizeNew}, see
 * {@link Naming}), one a file system takes (each name at most {@link #MAX_NAME_BYTES}, the whole at most
 * {@link #MAX_PATH_BYTES} bytes of UTF-8), no segment
 * with revkeep's temporary prefix (the listener never versions those), not a name the
 * {@code [listener] ignore} patterns match (it would never become a version), and not inside
 * revkeep's own folders (data, backup) should they lie in the shared folder. Immutable and
 * thread-safe.
 */
public final class TargetRules {
  /** The longest file or folder name (Linux, macOS, Windows: 255). */
  public static final int MAX_NAME_BYTES = 255;
  /** The longest path below the shared folder. */
  public static final int MAX_PATH_BYTES = 4000;

  /**
   * Where a target's names come from, which decides whether a control character is taken: the
   * listener records every name the file system allows, and a recorded name must be restorable;
   * new names are held to a stricter policy.
   */
  public enum Naming {
    /**
     * Typed anew by a user for a file that may not exist yet (an upload, a destination typed on
     * the web): {@link SharedRoot#normalizeNew}.
     */
    NEW,
    /**
     * A path the store recorded, written back (a restore, a revert, a folder restore's steps),
     * or given on the command line, whose user can make any name in the folder anyway:
     * {@link SharedRoot#normalize}, every name the file system allows.
     */
    RECORDED
  }

  private final SharedRoot root;
  private final List<String> globs;
  private final List<PathMatcher> ignore;
  private final List<Path> ownFolders;

  /**
   * @param ignoreGlobs the {@code [listener] ignore} patterns, matched against file names
   * @param ownFolders revkeep's own folders (data, backup), absolute
   */
  public TargetRules(SharedRoot root, List<String> ignoreGlobs, List<Path> ownFolders) {
    this.root = root;
    this.globs = ignoreGlobs.stream().map(String::trim).filter(g -> !g.isEmpty()).toList();
    this.ignore = globs.stream()
        .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    this.ownFolders = ownFolders.stream().map(p -> p.toAbsolutePath().normalize()).toList();
  }

  /**
   * The stored form of a target path whose names are typed anew ({@link Naming#NEW}).
   *
   * @throws BadPathException naming what is wrong with it
   */
  public String check(String userPath) throws BadPathException {
    return check(userPath, Naming.NEW);
  }

  /**
   * The stored form of a target path whose names come from {@code naming}.
   *
   * @throws BadPathException naming what is wrong with it
   */
  public String check(String userPath, Naming naming) throws BadPathException {
    String path = naming == Naming.NEW ? SharedRoot.normalizeNew(userPath)
        : SharedRoot.normalize(userPath);
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw new BadPathException("the path is longer than " + MAX_PATH_BYTES + " bytes");
    }
    String[] segments = path.split("/");
    for (String segment : segments) {
      int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_NAME_BYTES) {
        throw new BadPathException("the name '" + segment.substring(0, Math.min(
            segment.length(), 20)) + "…' is " + bytes + " bytes long; a file or folder name is"
            + " at most " + MAX_NAME_BYTES + " bytes");
      }
    }
    for (String segment : segments) {
      if (segment.startsWith(SharedRoot.TEMP_PREFIX)) {
        throw new BadPathException("'" + path + "' uses a revkeep temporary name ("
            + SharedRoot.TEMP_PREFIX + "…), which is never versioned; choose another");
      }
    }
    Path name = Path.of(segments[segments.length - 1]);
    for (int i = 0; i < ignore.size(); i++) {
      if (ignore.get(i).matches(name)) {
        throw new BadPathException("'" + path + "' matches the [listener] ignore pattern '"
            + globs.get(i) + "': revkeep does not version it; choose another name");
      }
    }
    Path abs = root.path().resolve(path).normalize();
    for (Path own : ownFolders) {
      if (abs.startsWith(own)) {
        throw new BadPathException("'" + path + "' lies in revkeep's own folder '"
            + root.relativize(own) + "'");
      }
    }
    return path;
  }
}
