package io.revkeep.web.api;

import io.revkeep.core.restore.RestoreExecutor;
import io.revkeep.core.restore.RestorePlan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bodies of the file operations: {@code POST /api/mkdir}, {@code /api/move}, {@code /api/delete}
 * and {@code /api/undo}. Each answer carries the change set of what it did, which
 * {@code /api/undo} (and {@code revkeep revert --change-set}) takes back.
 */
public final class FileOpBodies {
  private FileOpBodies() {}

  /** {@code POST /api/mkdir} and {@code POST /api/delete}: one path of the shared folder. */
  public record PathRequest(String path) {}

  /** {@code POST /api/move}: a file's or folder's path now and the free path it goes to. */
  public record MoveRequest(String from, String to) {}

  /** {@code POST /api/undo}: a change-set id, or a unique prefix of at least 4 characters. */
  public record UndoRequest(String changeSet) {}

  /**
   * A new folder made.
   *
   * @param changeSet the request's change set (folders are not versioned: no version carries
   *     it)
   */
  public record FolderMade(String path, String changeSet) {}

  /**
   * A file moved; the listener records it as one RENAME by the web user, with this change set.
   */
  public record Moved(String from, String to, String changeSet) {}

  /**
   * A folder moved: every file revkeep records below it, each one RENAME by the web user, all
   * with this change set (one undo moves them all back).
   *
   * @param folder always true: tells this answer from a file's
   * @param files how many files moved
   */
  public record FolderMoved(String from, String to, String changeSet, boolean folder,
      int files) {}

  /**
   * A folder deleted: every file revkeep records below it, all with this change set (one undo
   * recreates them), and its folders left empty.
   *
   * @param folder always true: tells this answer from a file's
   * @param files how many files were deleted
   */
  public record FolderDeleted(String path, String changeSet, boolean folder, int files) {}

  /**
   * A file deleted; its history keeps every version, and undoing the change set recreates it.
   *
   * @param version the file's last version before the delete
   */
  public record Deleted(String path, int version, String changeSet) {}

  /**
   * A change set undone.
   *
   * @param undone the full id of the change set undone
   * @param changeSet the id of the undo itself (undo it to redo)
   * @param counts how many steps of each kind the plan had
   * @param steps the plan, as {@code POST /api/restore-folder} shows one
   */
  public record Undone(String undone, String changeSet, Map<String, Integer> counts,
      List<RestoreBodies.PlanStep> steps, int moved, int written, int removed) {
    public static Undone of(String undone, RestorePlan plan, RestoreExecutor.Result r) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      plan.counts().forEach((kind, n) -> counts.put(kind.wire(), n));
      return new Undone(undone, r.changeSet(), counts,
          plan.steps().stream().map(RestoreBodies.PlanStep::of).toList(), r.moved(), r.written(),
          r.removed());
    }
  }
}
