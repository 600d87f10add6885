package io.revkeep.web;

import java.nio.charset.StandardCharsets;

/**
 * The lengths a file system allows for a name of the shared folder: each part at most
 * {@link #MAX_PART_BYTES} bytes of UTF-8, the whole at most {@link #MAX_PATH_BYTES}. A longer
 * name is refused (400) before anything is written, naming the part that is too long.
 */
final class NameLimits {
  /** The longest file or folder name (Linux, macOS, Windows: 255). */
  static final int MAX_PART_BYTES = 255;
  /** The longest path below the shared folder. */
  static final int MAX_PATH_BYTES = 4000;

  private NameLimits() {}

  /** Refuses (400) a normalised path of the shared folder that no file system would take. */
  static void check(String path) {
    if (path.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw new HttpError(400, "the path is longer than " + MAX_PATH_BYTES + " bytes");
    }
    for (String part : path.split("/")) {
      int bytes = part.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_PART_BYTES) {
        String start = part.substring(0, Math.min(part.length(), 20));
        throw new HttpError(400, "the name '" + start + "…' is " + bytes + " bytes long; a"
            + " file or folder name is at most " + MAX_PART_BYTES + " bytes");
      }
    }
  }
}
