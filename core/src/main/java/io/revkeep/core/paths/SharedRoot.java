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
  /** The root's text and a '/' (how a path under it begins); null where '/' is not the separator. */
  private final String rootPrefix;

  /** {@code root} must exist; symbolic links in it are resolved once here. */
  public SharedRoot(Path root) {
    try {
      this.root = root.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("the shared folder " + root + " cannot be opened: " + e, e);
    }
    String text = this.root.toString();
    this.rootPrefix = !this.root.getFileSystem().getSeparator().equals("/") ? null
        : text.endsWith("/") ? text : text + "/";
  }

  public Path path() {
    return root;
  }

  /**
   * The stored form of an absolute path under the root; "" for the root itself. A normalized
   * path under the root (a walk's, once per file of a reconcile) is cut from its text.
   */
  public String relativize(Path absolute) {
    String text = absolute.toString();
    if (rootPrefix != null && text.length() > rootPrefix.length()
        && text.startsWith(rootPrefix)) {
      String rest = text.substring(rootPrefix.length());
      if (!hasDotSegment(rest)) {
        return rest;
      }
    }
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

  /** Whether a '/'-separated relative path has a "." or ".." segment (relativize resolves). */
  private static boolean hasDotSegment(String rel) {
    int start = 0;
    while (start <= rel.length()) {
      int end = rel.indexOf('/', start);
      if (end < 0) {
        end = rel.length();
      }
      int len = end - start;
      if ((len == 1 || len == 2) && rel.startsWith(len == 1 ? "." : "..", start)) {
        return true;
      }
      start = end + 1;
    }
    return false;
  }

  /** Whether an absolute, normalized path lies inside the root (or is the root). */
  public boolean contains(Path absolute) {
    return absolute.startsWith(root);
  }

  /**
   * Checks a path that names a recorded file or folder — a command-line argument, an API
   * parameter, a path the store holds — and returns its stored form. Every name a file system
   * allows is accepted, control characters, backslashes and spaces included, because the listener
   * records them all and each must stay listable, downloadable and restorable. A leading
   * {@code ./}, {@code .} segments, repeated slashes and a trailing slash are ignored (no name can
   * hold them).
   *
   * @throws BadPathException naming what is wrong: an empty path, a NUL character, text that is
   *     not valid Unicode (an unpaired surrogate, which has no UTF-8 form), an absolute path, a
   *     {@code ..} segment, the shared folder itself
   */
  public static String normalize(String userPath) throws BadPathException {
    if (userPath == null || userPath.isEmpty()) {
      throw new BadPathException("the path is empty");
    }
    for (int i = 0; i < userPath.length(); i++) {
      char c = userPath.charAt(i);
      if (c == 0) {
        throw new BadPathException("the path '" + userPath + "' contains a NUL character,"
            + " which no file name can hold");
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < userPath.length()
            && Character.isLowSurrogate(userPath.charAt(i + 1));
        if (!paired) {
          throw new BadPathException("the path '" + userPath.replace(c, '\uFFFD')
              + "' is not valid Unicode (an unpaired surrogate), so not a UTF-8 name");
        }
        i++;
      }
    }
    if (userPath.startsWith("/")) {
      throw new BadPathException("the path '" + userPath
          + "' is absolute; give it relative to the shared folder");
    }
    StringBuilder sb = new StringBuilder();
    for (String seg : userPath.split("/")) {
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
    return sb.toString();
  }

  /**
   * Like {@link #normalize} for folder arguments: empty, {@code .}, {@code ./} and {@code /}
   * name the root, which is returned as "".
   */
  public static String normalizeDir(String userPath) throws BadPathException {
    if (userPath == null || userPath.matches("[/.]?/?")) {
      return "";
    }
    return normalize(userPath);
  }

  /**
   * Checks a path a user types anew, for a file or folder revkeep is to create (an upload's
   * name, a destination typed on the web): {@link #normalize}, and, as a policy for new names,
   * no control character, no backslash (a Windows folder separator), no drive prefix such as
   * {@code C:}, and not only spaces. Recorded paths that hold these stay valid
   * ({@link #normalize}); revkeep only does not make new ones.
   *
   * @throws BadPathException naming what is wrong
   */
  public static String normalizeNew(String userPath) throws BadPathException {
    String stored = normalize(userPath);
    requireNewName(stored);
    return stored;
  }

  /** Like {@link #normalizeNew} for folder arguments: "" for the root. */
  public static String normalizeNewDir(String userPath) throws BadPathException {
    String stored = normalizeDir(userPath);
    if (!stored.isEmpty()) {
      requireNewName(stored);
    }
    return stored;
  }

  /** Refuses what {@link #normalizeNew} refuses beyond {@link #normalize}. */
  private static void requireNewName(String stored) throws BadPathException {
    for (int i = 0; i < stored.length(); i++) {
      char c = stored.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        throw new BadPathException("the name '" + stored + "' contains a control character"
            + " (code " + (int) c + "); a new file or folder is not given one: choose another");
      }
      if (c == '\\') {
        throw new BadPathException("the name '" + stored + "' contains a backslash, a folder"
            + " separator on Windows; use '/' between folders, or choose another name");
      }
    }
    if (stored.matches("^[A-Za-z]:(/.*)?")) {
      throw new BadPathException("the path '" + stored + "' looks absolute (a drive); give it"
          + " relative to the shared folder");
    }
    for (String segment : stored.split("/")) {
      if (segment.isBlank()) {
        throw new BadPathException("the path '" + stored + "' has a name of only spaces;"
            + " choose another");
      }
    }
  }

  /** Resolves a stored path for reading (no checks beyond {@link #normalize}). */
  public Path resolve(String stored) {
    return stored.isEmpty() ? root : root.resolve(stored);
  }
}
