package io.revkeep.backup;

import io.revkeep.backup.RecordSegments.Kind;
import io.revkeep.backup.RecordSegments.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The backup daemon's end of the record ({@link BackupRecord}): each event it handled becomes a
 * {@link RecordedVersion}, kept in memory until the daemon moves its cursor, then written as one
 * segment ({@link RecordSegments}) before the cursor is — so the cursor never claims an event the
 * record lacks.
 */
final class RecordWriter {
  /*
   * Threads:    add() under the daemon's groupLock (one at a time: its delivery thread, or the
   *             cursor thread or close() committing a group); flushUpTo() on the daemon's cursor
   *             thread (under its cursorLock, so one flush at a time) and at close.
   * State:      pending (guarded by lock): entries added and not yet in a durable segment,
   *             ascending seq. highestAdded (volatile; written under groupLock only): the
   *             highest seq recorded or pending; at open, the highest a segment's name covers.
   * Invariants: a seq is added at most once (a replay of an event already recorded adds
   *             nothing); flushUpTo(s) returns only when every entry up to s is in a segment that
   *             is durable, and takes entries out of pending only after that, so a failed write
   *             (disk full) is retried whole by the next flush.
   * Shutdown:   nothing to close; what is pending and not flushed is lost with the process, and
   *             the cursor never passed it: the events are replayed and recorded again.
   */

  private static final Logger LOG = LogManager.getLogger(RecordWriter.class);

  private final Path dir;
  private final Object lock = new Object();
  // @GuardedBy("lock")
  private final List<RecordedVersion> pending = new ArrayList<>();
  private volatile long highestAdded;
  /** The last reason a merge failed, logged once (the flushing thread only). */
  private String lastMergeFailure;

  private RecordWriter(Path dir, long highest) {
    this.dir = dir;
    this.highestAdded = highest;
  }

  /**
   * Opens the record of a backup folder for writing: creates its folder, removes segments a crash
   * during a merge left beside the merged one, and finds the highest seq recorded.
   */
  static RecordWriter open(BackupFolder folder) throws IOException {
    Path dir = folder.recordDir();
    Files.createDirectories(dir);
    int tidied = RecordCompaction.tidy(dir);
    if (tidied > 0) {
      LOG.info("backup: removed {} record segments a merged segment holds (an interrupted"
          + " merge)", tidied);
    }
    long highest = 0;
    for (Segment s : RecordSegments.list(dir)) {
      if (s.kind() == Kind.VERSIONS) {
        highest = Math.max(highest, s.last());
      }
    }
    return new RecordWriter(dir, highest);
  }

  /** The highest seq recorded or about to be; 0 for an empty record. */
  long highestRecorded() {
    return highestAdded;
  }

  /** Records one handled event, unless its seq already is (a replay). Under groupLock only. */
  void add(RecordedVersion v) {
    if (v.seq() <= highestAdded) {
      return;
    }
    synchronized (lock) {
      pending.add(v);
    }
    highestAdded = v.seq();
  }

  /** Makes every entry up to {@code seq} durable: one new segment for those still pending. */
  void flushUpTo(long seq) throws IOException {
    List<RecordedVersion> batch = new ArrayList<>();
    synchronized (lock) {
      for (RecordedVersion v : pending) {
        if (v.seq() > seq) {
          break;
        }
        batch.add(v);
      }
    }
    if (batch.isEmpty()) {
      return;
    }
    List<String> lines = new ArrayList<>(batch.size());
    batch.forEach(v -> lines.add(RecordLines.encode(v)));
    RecordSegments.writeVersions(dir, batch.get(0).seq(), batch.get(batch.size() - 1).seq(),
        lines);
    synchronized (lock) {
      pending.subList(0, batch.size()).clear();
    }
    try {
      RecordCompaction.versions(dir);
      lastMergeFailure = null;
    } catch (IOException e) {
      // the entries are durable as they are; merging them can wait for the next flush
      if (!String.valueOf(e.getMessage()).equals(lastMergeFailure)) {
        LOG.warn("backup: cannot merge the record's segments in {}: {}", dir, e.getMessage());
      }
      lastMergeFailure = String.valueOf(e.getMessage());
    }
  }
}
