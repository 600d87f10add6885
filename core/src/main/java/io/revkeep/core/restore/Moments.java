package io.revkeep.core.restore;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.VersionRecord;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** How plans name moments and the moves a file made, in their reasons. */
final class Moments {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private Moments() {}

  static String time(Instant t) {
    return TIME.format(t);
  }

  /**
   * "renamed to b.txt at …" (same folder) or "moved to d/b.txt at …", naming the last rename
   * after version {@code sinceVersion} in the file's history, and how many there were.
   */
  static String movedSince(List<VersionRecord> history, int sinceVersion, String from,
      String nowPath) {
    VersionRecord last = null;
    int count = 0;
    for (VersionRecord v : history) {
      if (v.version() > sinceVersion && v.action() == Action.RENAME) {
        last = v;
        count++;
      }
    }
    String verb = parent(from).equals(parent(nowPath)) ? "renamed to " : "moved to ";
    return verb + nowPath + (last == null ? "" : (count > 1 ? " (moved " + count
        + " times, last at " : " at ") + time(last.time()) + (count > 1 ? ")" : ""));
  }

  /** The newest version at or before {@code at} (null when none is). */
  static VersionRecord versionAt(List<VersionRecord> history, Instant at) {
    VersionRecord found = null;
    for (VersionRecord v : history) {
      if (!v.time().isAfter(at)) {
        found = v;
      }
    }
    return found;
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
