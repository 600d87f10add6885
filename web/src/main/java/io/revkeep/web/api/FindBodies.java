package io.revkeep.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/** Answers of {@code GET /api/search} (names) and {@code GET /api/deleted} (the trash). */
public final class FindBodies {
  private FindBodies() {}

  /**
   * Files and folders whose name contains {@code q}.
   *
   * @param at the moment searched, or null for now
   * @param hits ordered by path, at most the limit
   * @param truncated true when more matched than the limit
   */
  public record SearchAnswer(String q, String dir, Instant at, List<Hit> hits,
      boolean truncated) {}

  /**
   * One match: a file (with its version then or now) or a folder (holding files then or now).
   *
   * @param type "file" or "folder"
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Hit(String name, String path, String type, Long size, Integer version,
      Instant modified, String user) {
    public static Hit folder(String path) {
      return new Hit(path.substring(path.lastIndexOf('/') + 1), path, "folder", null, null,
          null, null);
    }
  }

  /**
   * Deleted files, newest deletion first.
   *
   * @param truncated true when more were deleted than the limit
   */
  public record DeletedAnswer(String dir, List<DeletedFile> files, boolean truncated) {}

  /**
   * One deleted file with its last version (the one to restore).
   *
   * @param deleted when it was deleted
   * @param deletedBy who deleted it
   * @param last its last version with content; null when none is known
   */
  public record DeletedFile(String name, String path, Instant deleted, String deletedBy,
      String changeSet, LastVersion last) {}

  /** A version, as {@code POST /api/restore} takes it back. */
  public record LastVersion(int version, String hash, long size, Instant time, String user) {}

  /**
   * {@code GET /api/folder}: the folder as the shared folder holds it now.
   *
   * @param exists whether the folder stands there (every segment a real folder, not a link)
   * @param folders its sub-folders' names, sorted, at most 1,000 (new empty ones too)
   */
  public record FolderOnDiskAnswer(String dir, boolean exists, List<String> folders) {}
}
