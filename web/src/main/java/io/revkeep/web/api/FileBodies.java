package io.revkeep.web.api;

import io.revkeep.core.model.VersionRecord;
import java.time.Instant;
import java.util.List;

/** Bodies of {@code GET /api/history} and {@code GET /api/diff}. */
public final class FileBodies {
  private FileBodies() {}

  /**
   * Every version of one file, oldest first.
   *
   * @param deleted whether the file is deleted now
   */
  public record History(String path, boolean deleted, List<HistoryEntry> versions) {}

  /**
   * One version: the fields of {@link VersionRecord#asJson()} and whether its bytes are kept.
   *
   * @param hash null for a deletion
   * @param origin fs, web or cli
   * @param action CREATE, MODIFY, RENAME, DELETE…
   * @param changeSet the multi-file operation it belongs to, or null
   * @param available whether the vault still holds its bytes (false for a deletion)
   */
  public record HistoryEntry(String path, int version, String hash, long size, Instant time,
      String user, String origin, String action, String changeSet, boolean available) {
    public static HistoryEntry of(VersionRecord v, boolean available) {
      return new HistoryEntry(v.path(), v.version(), v.hash(), v.size(), v.time(), v.user(),
          v.origin().wire(), v.action().name(), v.changeSet(), available);
    }
  }

  /**
   * Two versions compared.
   *
   * @param binary true when either is not text (then {@code diff} is empty)
   * @param identical whether they have the same content
   * @param diff a unified diff, lines joined by "\n"
   */
  public record Diff(String path, int from, int to, boolean binary, boolean identical,
      String diff) {}
}
