package io.revkeep.listener;

import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.FileVersions.FileStat;
import io.revkeep.core.store.Store;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Compares a folder tree on disk with the store and reports every path that may differ: files
 * whose size or modification time differ from the store's record (or that have none), and
 * records whose file is gone. Registers every folder it walks with the watcher first, so a file
 * created while the walk runs is either walked or watched. Called only by the settler thread.
 * While the store is unavailable it can only walk (walkWithoutStore).
 */
final class Reconciler {

  /** Registers a folder with the watcher before its entries are listed. */
  interface Registrar {
    void register(Path dir) throws IOException;
  }

  private static final Logger LOG = LogManager.getLogger();

  private final SharedRoot root;
  private final Store store;
  private final PathFilter filter;
  private final Registrar registrar;

  Reconciler(SharedRoot root, Store store, PathFilter filter, Registrar registrar) {
    this.root = root;
    this.store = store;
    this.filter = filter;
    this.registrar = registrar;
  }

  /**
   * Walks {@code dir} (absolute, inside the root) and passes each path that may have changed to
   * {@code touch}. Symbolic links are not followed.
   *
   * @return how many files were walked
   * @throws io.revkeep.core.store.StoreException when the store cannot be read (nothing was
   *     walked)
   */
  long reconcile(Path dir, Consumer<Path> touch) {
    Map<String, FileStat> known = new HashMap<>();
    // only path, size and mtime: reading whole records was most of a large tree's reconcile
    store.forEachLiveFileStat(root.relativize(dir), s -> known.put(s.path(), s));
    return walk(dir, known, touch);
  }

  /**
   * Walks {@code dir} without asking the store (it is unavailable): registers every folder with
   * the watcher, and passes every file to {@code touch}, or none when it is null (the folders
   * are only registered, so later changes are seen; the comparison waits for the store).
   *
   * @return how many files were walked
   */
  long walkWithoutStore(Path dir, Consumer<Path> touch) {
    return walk(dir, new HashMap<>(), touch == null ? p -> { } : touch);
  }

  private long walk(Path dir, Map<String, FileStat> known, Consumer<Path> touch) {
    long[] walked = {0};
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
          if (filter.ignored(d)) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          try {
            registrar.register(d);
          } catch (IOException e) {
            // keep walking: its files are still compared now, only live changes are not seen
            LOG.error("{}", e.getMessage());
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (!attrs.isRegularFile() || filter.ignored(file)) {
            return FileVisitResult.CONTINUE;
          }
          walked[0]++;
          FileStat r = known.remove(root.relativize(file));
          if (r == null || r.fsSize() != attrs.size()
              || r.fsMtime() != attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)) {
            touch.accept(file);
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          if (!(e instanceof NoSuchFileException)) {
            LOG.warn("cannot read {} while reconciling: {}", file, e.toString());
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      // the folder itself is gone: every record under it is reported below
    } catch (IOException e) {
      LOG.error("reconciling {} failed: {}", dir, e.getMessage());
    }
    for (FileStat gone : known.values()) {
      touch.accept(root.resolve(gone.path()));
    }
    return walked[0];
  }
}
