package io.revkeep.listener;

import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.Consumer;

/**
 * Compares a folder tree on disk with the store and reports every path that may differ: files
 * whose size or modification time differ from the store's record (or that have none), and
 * records whose file is gone. Registers every folder it walks with the watcher before listing
 * it, so a file created while the walk runs is either walked or watched. Called only by the
 * settler thread, which is also the only thread that receives the reported paths; the folders
 * are walked by a few threads of one {@link ParallelReconcile} per call, folder by folder (the
 * store's records of one folder beside that folder's listing), so memory follows the largest
 * folder, not the tree. While the store is unavailable it can only walk (walkWithoutStore).
 */
final class Reconciler {

  /** Registers a folder with the watcher before its entries are listed; thread-safe. */
  interface Registrar {
    void register(Path dir) throws IOException;
  }

  /** Walking threads per call: the store's read connections (SqliteConnections) are 4. */
  static final int MAX_THREADS = 4;

  private final SharedRoot root;
  private final Store store;
  private final PathFilter filter;
  private final Registrar registrar;
  private final int threads;

  Reconciler(SharedRoot root, Store store, PathFilter filter, Registrar registrar) {
    this(root, store, filter, registrar,
        Math.min(MAX_THREADS, Math.max(2, Runtime.getRuntime().availableProcessors())));
  }

  Reconciler(SharedRoot root, Store store, PathFilter filter, Registrar registrar, int threads) {
    this.root = root;
    this.store = store;
    this.filter = filter;
    this.registrar = registrar;
    this.threads = threads;
  }

  /**
   * Walks {@code dir} (absolute, inside the root) and passes each path that may have changed to
   * {@code touch}, on the calling thread. Symbolic links are not followed. A record under a
   * folder that is gone, ignored, replaced by a file or cannot be listed is reported.
   *
   * @return how many files were walked
   * @throws io.revkeep.core.store.StoreException when the store cannot be read (some folders
   *     may have been walked and some paths reported: a later reconcile compares them again)
   */
  long reconcile(Path dir, Consumer<Path> touch) {
    return walk(dir, store, touch);
  }

  /**
   * Walks {@code dir} without asking the store (it is unavailable): registers every folder with
   * the watcher, and passes every file to {@code touch}, or none when it is null (the folders
   * are only registered, so later changes are seen; the comparison waits for the store).
   *
   * @return how many files were walked
   */
  long walkWithoutStore(Path dir, Consumer<Path> touch) {
    return walk(dir, null, touch);
  }

  /**
   * The walk of both: with {@code compareWith} null nothing is compared and every file is
   * reported (to {@code touch}, when not null).
   */
  private long walk(Path dir, Store compareWith, Consumer<Path> touch) {
    String rel = root.relativize(dir);
    BasicFileAttributes start = attributes(dir);
    if (start == null || !start.isDirectory() || filter.ignored(dir)) {
      // nothing to walk: whatever the store has beneath it is gone from the tree
      long walked = 0;
      if (start != null && start.isRegularFile() && !filter.ignored(dir)) {
        walked = 1;
        if (touch != null) {
          touch.accept(dir);
        }
      }
      if (compareWith != null) {
        compareWith.forEachLiveFileStat(rel, s -> touch.accept(root.resolve(s.path())));
      }
      return walked;
    }
    return new ParallelReconcile(root, compareWith, filter, registrar, threads, touch)
        .run(dir, rel);
  }

  /** The path's own attributes (a link's, not its target's), or null if it cannot be read. */
  private static BasicFileAttributes attributes(Path path) {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return null;
    }
  }
}
