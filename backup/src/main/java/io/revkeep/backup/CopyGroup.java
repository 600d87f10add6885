package io.revkeep.backup;

import io.revkeep.core.BatchSync;
import io.revkeep.core.ParallelFsync;
import io.revkeep.core.model.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The backup's group commit: events handled one after another during a burst, whose copies are
 * written and checked as temporary files ({@link CopyWriter#stage}) and then made durable
 * together — every temp made durable, then renamed into place, then each touched folder made
 * durable once — instead of one folder fsync per copy. Only after {@link #commit} returns may
 * the daemon count the group's events as durable (record entries, durableSeq, the feed's ack),
 * in their order.
 *
 * <p>How a group is made durable is {@link BatchSync}'s: a small group's temps and folders are
 * fsynced from many threads at once ({@link ParallelFsync}: the file system then writes one
 * journal commit for many of them, where one thread waits for a commit per file — 256 new 4 KiB
 * files took 250–400 ms one after another and about 20 ms from 16 threads); a large group's by
 * one syncfs of the backup folder's file system each.
 */
final class CopyGroup {
  /*
   * Threads:    used under BackupDaemon's groupLock only (the delivery thread, and the cursor
   *             thread when the delivery thread is idle, and close()); the counters are read by
   *             any thread. commit() hands the temps to ParallelFsync's threads and waits for
   *             all of them (or syncs the file system once, BatchSync); a group with one temp
   *             is fsynced on the caller's thread.
   * State:      staged: the events since the last commit, ascending seq, each with its copy's
   *             temporary file (null when nothing is left to make durable: a copy already in
   *             place, a DELETE, bytes gone); synced: whether every temp is durable, renamed:
   *             how many of them a commit that failed part-way already renamed (a retry goes on
   *             from there; one that failed while syncing syncs them all again).
   * Invariants: no temp is renamed before every temp of the group is durable, and commit
   *             returns only once every renamed copy's folder is durable; so whatever a crash
   *             leaves, a name that exists holds complete bytes, and the rest are temporary
   *             files removed at the next start (BackupFolder.removeLeftovers) and written again
   *             when the feed is replayed from the cursor. A target holds the event's seq, so no
   *             two staged copies share one, and nothing stands there (CopyWriter.stage checked
   *             it, and the group's owner is the folder's one writer of copies).
   * Shutdown:   discard() removes the temps of a group that will not be committed; the fsync
   *             threads are ParallelFsync's (they end when idle).
   */

  /** Copies in one group at most. */
  static final int MAX_COPIES = 256;
  /** Bytes of copies in one group at most (a group with one larger copy holds it alone). */
  static final long MAX_BYTES = 64L << 20;

  /**
   * One handled event waiting for the commit.
   *
   * @param event the event
   * @param name its copy's name relative to the backup root, or null when it has none (a
   *     DELETE, bytes gone)
   * @param target where the copy goes
   * @param temp the written and checked temporary file to rename to target, or null when the
   *     copy is already durable in place (or there is none)
   */
  record Staged(Event event, String name, Path target, Path temp) {
    /** An event with nothing to make durable. */
    static Staged done(Event event, String name) {
      return new Staged(event, name, null, null);
    }
  }

  private final List<Staged> staged = new ArrayList<>();
  private long bytes;
  private boolean synced;
  private int renamed;
  /** Syncs the commits made: fsyncs of files and folders, and syncfs calls. */
  final AtomicLong fsyncs = new AtomicLong();
  /** Commits that made at least one event durable. */
  final AtomicLong commits = new AtomicLong();

  void add(Staged s) {
    staged.add(s);
    if (s.temp() != null) {
      bytes += s.event().size();
    }
  }

  boolean isEmpty() {
    return staged.isEmpty();
  }

  /** Whether the group is as large as it may grow. */
  boolean full() {
    return staged.size() >= MAX_COPIES || bytes >= MAX_BYTES;
  }

  /**
   * Makes every staged copy durable and returns the staged events, in order; the group is empty
   * after. On failure the group stays as it is and a later call goes on where this one stopped.
   */
  List<Staged> commit() throws IOException {
    List<Path> temps = new ArrayList<>();
    Set<Path> folders = new LinkedHashSet<>();
    for (Staged s : staged) {
      if (s.temp() != null) {
        temps.add(s.temp());
        folders.add(s.target().getParent());
      }
    }
    // the temps are in the backup folder, one file system: a large group syncs it twice
    try (BatchSync sync = BatchSync.begin(temps.isEmpty() ? null : temps.get(0).getParent(),
        temps.size())) {
      if (!synced) {
        fsyncs.addAndGet(sync.durable(temps));
        synced = true;
      }
      for (; renamed < staged.size(); renamed++) {
        Staged s = staged.get(renamed);
        if (s.temp() != null) {
          Files.move(s.temp(), s.target(), StandardCopyOption.ATOMIC_MOVE);
        }
      }
      fsyncs.addAndGet(sync.durable(folders));
    }
    List<Staged> done = List.copyOf(staged);
    clear();
    if (!done.isEmpty()) {
      commits.incrementAndGet();
    }
    return done;
  }

  /** Removes the temporary files of the copies not yet renamed and empties the group. */
  void discard() throws IOException {
    try {
      for (int i = renamed; i < staged.size(); i++) {
        Path temp = staged.get(i).temp();
        if (temp != null) {
          Files.deleteIfExists(temp);
        }
      }
    } finally {
      clear();
    }
  }

  private void clear() {
    staged.clear();
    bytes = 0;
    synced = false;
    renamed = 0;
  }
}
