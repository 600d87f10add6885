package io.revkeep.backup;

import io.revkeep.config.ConfigLoader;
import io.revkeep.core.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * How a backup copy is named: {@code <path>.<version>.s<seq><suffix>}, e.g.
 * {@code docs/report.docx.3.s1204.rev} for version 3 of docs/report.docx, recorded as event 1204.
 *
 * <p>Why the seq is in the name: a path and a version number do not name one version. Rename
 * a.txt to b.txt (its history follows it) and create a new a.txt: the new file's version 1 has the
 * path and number of the old file's version 1. The event seq is unique per version (the store
 * hands each out once), so no two versions can ever want the same name, and a name once written
 * is never wanted by other bytes. Path and version stay first so a person browsing the folder
 * still sees what a copy is; the {@code s} says the last number is a seq, not a version.
 *
 * <p>Why the names cannot collide with each other or with the layout before them ({@code
 * <path>.<version><suffix>}, see {@link Migration}): read from the end, after the fixed suffix, a
 * name ends in {@code .s<digits>} (the seq) preceded by {@code .<digits>} (the version), and the
 * rest is the path; so the name gives back its path, version and seq, and two versions never share
 * one. An old-layout name, suffix removed, ends in {@code .<digits>}, never in {@code .s<digits>}:
 * no old name equals a new one, whatever the paths.
 *
 * <p>Stateless; names only (the folder checks where they lead: {@link BackupFolder}).
 */
final class CopyNames {
  /** Between the version and the seq; a name with it is never an old-layout name. */
  private static final String SEQ_MARK = ".s";
  /** The longest file name (one segment) Linux file systems take, in bytes. */
  private static final int NAME_MAX = 255;

  private CopyNames() {}

  /** The copy's name, relative to the backup root: {@code <path>.<version>.s<seq><suffix>}. */
  static String of(String path, int version, long seq, String suffix) {
    return prefix(path, version, seq) + suffix;
  }

  /** The name the layout before the seq gave a copy: {@code <path>.<version><suffix>}. */
  static String oldLayout(String path, int version, String suffix) {
    return path + "." + version + suffix;
  }

  /**
   * The start every copy name of this version has, whatever the suffix. A file name so long that
   * the name would not fit the file system's 255 bytes (with room for any suffix the config
   * allows) keeps its first bytes and a short hash of the whole name instead of the rest: {@code
   * <start>~<8 hex>.<version>.s<seq>}. Otherwise the backup could never write that copy and
   * would stop at it; the record keeps the full path, and the name still ends in its version and
   * seq.
   */
  static String prefix(String path, int version, long seq) {
    String tail = "." + version + SEQ_MARK + seq;
    int slash = path.lastIndexOf('/');
    String folder = path.substring(0, slash + 1);
    String name = path.substring(slash + 1);
    int room = NAME_MAX - ConfigLoader.MAX_SUFFIX_BYTES - utf8(tail);
    if (utf8(name) <= room) {
      return path + tail;
    }
    String mark = "~" + Sha256.of(name.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
    return folder + startWithin(name, room - utf8(mark)) + mark + tail;
  }

  /** The longest start of {@code s} whose UTF-8 form has at most {@code bytes} bytes. */
  private static String startWithin(String s, int bytes) {
    int used = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int n = utf8(new String(Character.toChars(cp)));
      if (used + n > bytes) {
        break;
      }
      used += n;
      i += Character.charCount(cp);
    }
    return s.substring(0, i);
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Whether a file name (one segment) has the shape of an old-layout copy: with {@code suffix}
   * removed it ends in {@code .<digits>}. A name of this layout never has that shape.
   */
  static boolean isOldLayout(String fileName, String suffix) {
    if (!fileName.endsWith(suffix)) {
      return false;
    }
    String stem = fileName.substring(0, fileName.length() - suffix.length());
    int dot = stem.lastIndexOf('.');
    if (dot <= 0 || dot == stem.length() - 1) {
      return false; // "<path>." needs a non-empty path before the dot and a version after it
    }
    for (int i = dot + 1; i < stem.length(); i++) {
      char c = stem.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
