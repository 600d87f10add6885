package io.revkeep.core.restore;

import io.revkeep.core.store.Store;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Works out, from the store alone, what putting a folder back as it was at a moment — or undoing
 * a change set — means for every path. Nothing is written here; {@link RestoreExecutor} runs the
 * plan. Both the CLI ({@code restore DIR --at}, {@code revert --change-set}) and the web use it,
 * so the preview a user sees is exactly what runs. Files renamed or moved since are followed by
 * their identity and moved back ({@link FolderPlanner}, {@link UndoPlanner}).
 */
public final class RestorePlanner {
  private final FolderPlanner folders;
  private final UndoPlanner undos;

  /**
   * @param hasBytes whether the vault still holds the content with this hash (retention may
   *     have removed old versions' bytes)
   */
  public RestorePlanner(Store store, Predicate<String> hasBytes) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(hasBytes, "hasBytes");
    this.folders = new FolderPlanner(store, hasBytes);
    this.undos = new UndoPlanner(store, hasBytes);
  }

  /**
   * The plan for putting {@code dir} back as it was at {@code at}.
   *
   * @param dir the folder restored ("" is the whole shared folder), normalized
   * @param dest where the tree is put: null puts it back in place (files renamed or moved since
   *     are moved back), else this folder (normalized), where every file is written as a copy
   * @param exact whether files under the target that did not exist at {@code at} are removed
   */
  public RestorePlan folderAt(String dir, Instant at, String dest, boolean exact) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(at, "at");
    return folders.plan(dir, at, dest, exact);
  }

  /**
   * The plan that undoes a change set: every file it wrote gets the content it had just before
   * (or is removed again if the change set created it), every file it removed comes back, every
   * file it moved goes back. A file changed again since the change set is left alone (its newer
   * content is not the change set's to take back).
   *
   * @throws IllegalArgumentException if no version carries that change-set id
   */
  public RestorePlan undo(String changeSetId) {
    return undos.plan(changeSetId);
  }
}
