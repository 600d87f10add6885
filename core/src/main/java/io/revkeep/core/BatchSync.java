package io.revkeep.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;

/**
 * Makes the files and folders of one batch durable: a few by fsyncing each ({@link
 * ParallelFsync}), many by one {@code syncfs} of their file system ({@link FileSystemSync}).
 * On this machine 256 new 4 KiB files took 35–50 ms to fsync from 16 threads and their ~160
 * folders 24 ms more; one syncfs each time took 2–12 ms (bench/RESULTS.md, "the burst,
 * 2026-12-02 afternoon"). A syncfs also writes out whatever else is dirty on that file system,
 * so a single change (the latency path) keeps its fsyncs, which wait for its own bytes alone.
 *
 * <p>Used twice per batch by the vault's commit and the backup's group commit: once for the
 * temporary copies before any is renamed, once for the folders after the renames. Every path
 * handed to one batch must be on the file system of the folder it was opened with.
 */
public final class BatchSync implements AutoCloseable {
  /*
   * Threads:    one owner (the committing thread); not shared.
   * State:      fs, the syncfs handle of a large batch, or null for fsyncs one by one (also
   *             once the kernel refused syncfs: FileSystemSync.RefusedException).
   * Invariants: durable() returns normally only once every path handed to it is durable.
   * Shutdown:   close() closes the handle; used in a try-with-resources.
   */
  /** A batch of at least this many files is made durable by syncfs. */
  public static final int SYNCFS_FROM = 32;

  private FileSystemSync fs;

  private BatchSync(FileSystemSync fs) {
    this.fs = fs;
  }

  /**
   * Begins making a batch of {@code files} files durable, all on the file system of {@code
   * folder}. The syncfs handle (for a large batch) is opened now, so it reports write errors
   * of anything written before it that nobody has seen.
   */
  public static BatchSync begin(Path folder, int files) throws IOException {
    boolean many = files >= SYNCFS_FROM && FileSystemSync.available();
    return new BatchSync(many ? FileSystemSync.open(folder) : null);
  }

  /** How batches are made durable here, for a start-up log line. */
  public static String describe() {
    return FileSystemSync.available()
        ? "batches of " + SYNCFS_FROM + " files or more by one syncfs, smaller ones by fsyncs"
        : "by fsyncs (no syncfs: " + FileSystemSync.unavailableBecause() + ")";
  }

  /** Whether this batch is made durable by syncfs. */
  public boolean bySyncfs() {
    return fs != null;
  }

  /**
   * Makes every path (files or folders) durable, with everything written to them so far.
   *
   * @return the syncs it took: one per path, or one syncfs (none for no paths)
   */
  public int durable(Collection<Path> paths) throws IOException {
    if (paths.isEmpty()) {
      return 0;
    }
    if (fs != null) {
      try {
        fs.sync();
        return 1;
      } catch (FileSystemSync.RefusedException refused) {
        fs.close(); // not a write error: this batch, and every later one, by fsyncs
        fs = null;
      }
    }
    ParallelFsync.fsyncAll(paths);
    return paths.size();
  }

  @Override
  public void close() {
    if (fs != null) {
      fs.close();
    }
  }
}
