package io.revkeep.core.paths;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The shared folder and the rules for paths inside it. Paths revkeep stores are relative to the
 * root, '/'-separated, with no leading slash and no empty, {@code .} or {@code ..} segment.
 * Immutable and thread-safe.
 */
public final class SharedRoot {

  /** Prefix of the temporary names revkeep's own writers use; the listener never versions them. */
  public static final String TEMP_PREFIX = ".revkeep-tmp-";

  private final Path root;

  /** {@code root} must exist; symbolic links in it are resolved once here. */
  public SharedRoot(Path root) {
    try {
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("the shared folder " + root + " cannot be opened: " + e, e);
    }
  }

  public Path path() {
    return root;
  }

  /** The stored form of an absolute path under the root; "" for the root itself. */
  public String relativize(Path absolute) {
    Path rel = root.relativize(absolute);
    StringBuilder sb = new StringBuilder();
    for (Path part : rel) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(part);
    }
    return sb.toString();
  }

  /** Whether an absolute, normalized path lies inside the root (or is the root). */
  public boolean contains(Path absolute) {
    return absolute.startsWith(root);
  }

  /**
   * Checks a path given by a user (CLI argument, upload name, API parameter) and returns its
   * stored form. Accepts {@code \} as a separator and ignores a leading {@code ./}, repeated
   * slashes and a trailing slash; refuses what could leave the root.
   *
   * @throws BadPathException naming what is wrong: absolute paths, {@code ..} segments, NUL or
   *     control characters, an empty path
   */
  public static String normalize(String userPath) throws BadPathException {
    if (userPath == null || userPath.isBlank()) {
      throw new BadPathException("the path is empty");
    }
    for (int i = 0; i < userPath.length(); i++) {
      char c = userPath.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new BadPathException("the path '" + printable(userPath)
            + "' contains a control character (code " + (int) c + ")");
      }
    }
    String p = userPath.replace('\\', '/');
    if (p.startsWith("/") || p.matches("^[A-Za-z]:/.*")) {
      throw new BadPathException("the path '" + userPath
          + "' is absolute; give it relative to the shared folder");
    }
    StringBuilder sb = new StringBuilder();
    for (String seg : p.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        throw new BadPathException("the path '" + userPath + "' contains '..'");
      }
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(seg);
    }
    if (sb.length() == 0) {
      throw new BadPathException("the path '" + userPath + "' names the shared folder itself");
    }
    if (sb.toString().isBlank()) { // " /" as " ": refused as blank, as " " itself is
      throw new BadPathException("the path is empty");
    }
    return sb.toString();
  }

  /**
   * Like {@link #normalize} for folder arguments: blank, {@code .} and {@code /} name the root,
   * which is returned as "".
   */
  public static String normalizeDir(String userPath) throws BadPathException {
    if (userPath == null || userPath.isBlank() || userPath.replace('\\', '/').matches("[/.]?/?")) {
      return "";
    }
    return normalize(userPath);
  }

  /** Resolves a stored path for reading (no checks beyond {@link #normalize}). */
  public Path resolve(String stored) {
    return stored.isEmpty() ? root : root.resolve(stored);
  }

  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return sb.toString();
  }
}
