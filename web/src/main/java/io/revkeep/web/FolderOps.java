package io.revkeep.web;

import io.revkeep.core.model.FileRecord;
import io.revkeep.core.store.Store;
import io.revkeep.core.write.WriteOp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The operations of a whole folder's move or delete, for one request of core's one writer (one
 * change set): every file revkeep records live below the folder is moved ({@link WriteOp.Move},
 * one RENAME each, so every history follows its file) or removed ({@link WriteOp.Remove}); a
 * move makes the folder's empty folders again at the target ({@link WriteOp.MakeFolder}, folders
 * are not versioned); then every folder of the source, deepest first, is removed if it is empty
 * by then ({@link WriteOp.RemoveFolder}). What revkeep does not version (ignored names, a file
 * not recorded yet) stays where it was, and so does the folder holding it. Stateless.
 */
final class FolderOps {
  /** The most files one folder operation moves or deletes (one request; say so beyond). */
  static final int MAX_FILES = 20_000;

  /** A folder's planned operations and how many files they move or remove. */
  record Plan(List<WriteOp> ops, int files) {}

  private FolderOps() {}

  /** The live records below {@code folder} (at any depth). */
  static List<FileRecord> liveBelow(Store store, String folder) {
    return store.files(folder, true, false).stream()
        .filter(f -> !f.deleted() && f.path().startsWith(folder + "/")).toList();
  }

  /**
   * The folders at and below {@code folder} on disk, deepest first (links not followed); none
   * when no folder is there, or the way to it goes through a link (not a folder of the share).
   */
  static List<String> foldersOnDisk(Path root, String folder) throws IOException {
    Path top = root.resolve(folder);
    if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)
        || !top.toRealPath().equals(root.toRealPath().resolve(folder))) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(top)) {
      return all.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted(Comparator.comparingInt(FolderOps::depth).reversed()
              .thenComparing(Comparator.reverseOrder()))
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** Moves every live file below {@code from} to the same place below {@code to}. */
  static Plan move(List<FileRecord> live, List<String> folders, String from, String to) {
    requireFew(live.size(), "moved");
    List<WriteOp> ops = new ArrayList<>();
    for (FileRecord f : live) {
      ops.add(new WriteOp.Move(f.path(), to + f.path().substring(from.length())));
    }
    for (String folder : folders) {
      if (isEmptyLeaf(folder, folders, live)) {
        ops.add(new WriteOp.MakeFolder(to + folder.substring(from.length())));
      }
    }
    folders.forEach(folder -> ops.add(new WriteOp.RemoveFolder(folder)));
    return new Plan(ops, live.size());
  }

  /** Removes every live file below the folder, then its folders left empty. */
  static Plan delete(List<FileRecord> live, List<String> folders) {
    requireFew(live.size(), "deleted");
    List<WriteOp> ops = new ArrayList<>();
    live.forEach(f -> ops.add(new WriteOp.Remove(f.path())));
    folders.forEach(folder -> ops.add(new WriteOp.RemoveFolder(folder)));
    return new Plan(ops, live.size());
  }

  /** A folder with no folder inside and no live file below: made again at a move's target. */
  private static boolean isEmptyLeaf(String folder, List<String> folders, List<FileRecord> live) {
    String prefix = folder + "/";
    return folders.stream().noneMatch(other -> other.startsWith(prefix))
        && live.stream().noneMatch(f -> f.path().startsWith(prefix));
  }

  private static void requireFew(int files, String done) {
    if (files > MAX_FILES) {
      throw new HttpError(400, "the folder holds " + files + " files; at most " + MAX_FILES
          + " are " + done + " at once: do it for its subfolders");
    }
  }

  private static int depth(String path) {
    return (int) path.chars().filter(c -> c == '/').count();
  }
}
