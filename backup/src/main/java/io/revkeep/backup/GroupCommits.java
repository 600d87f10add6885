package io.revkeep.backup;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Event;
import io.revkeep.core.retry.Backoff;
import io.revkeep.feed.FeedClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * How the backup's events become durable copies: each event's copy is staged ({@link
 * CopyWriter#stage}) into the open {@link CopyGroup}, and the group is committed — its copies
 * made durable together, then their record entries added, then {@link #durable} and the feed's
 * ack moved to its last seq — when it is full, when the feed knows of no later event (a lone
 * event commits at once), before a failed copy waits for its retry, when the delivery thread
 * is idle ({@link #commitIfIdle}) and at close ({@link #commitOrDiscard}). BackupDaemon's design
 * comment tells the whole backup; this is its group-commit part.
 */
final class GroupCommits {
  /*
   * Threads:    the feed client's delivery thread (handle), the backup's scheduler thread
   *             (commitIfIdle) and close (commitOrDiscard), each under lock; durable is read by
   *             any thread.
   * State:      group (guarded by lock): the events handled since the last commit, their
   *             copies written and checked as temporary files. durable (volatile; written under
   *             lock only): the last seq whose copy is durable and whose record entry is added.
   * Invariants: a group's record entries are added and durable and the ack move only after
   *             CopyGroup.commit returned (every copy fsynced, renamed, its folder fsynced); in
   *             seq order, as the delivery thread handles events. A failed commit keeps the
   *             group for the next attempt (from where it stopped).
   * Shutdown:   commitOrDiscard (close, once the delivery thread is stopped) commits the open
   *             group or removes its temps.
   */
  private static final Logger LOG = LogManager.getLogger(GroupCommits.class);

  private final ReentrantLock lock = new ReentrantLock();
  // @GuardedBy("lock")
  private final CopyGroup group = new CopyGroup();
  private final CopyWriter copies;
  private final RecordWriter record;
  private final FeedClient client;
  private final Backoff retry;
  private final CountDownLatch closing;
  private final Path root;
  private volatile long durable;

  /**
   * @param durable the last seq already durable (the cursor, at most the record's highest)
   * @param closing opens when the backup stops: ends retry waits
   * @param root the backup folder, for the logs
   */
  GroupCommits(long durable, CopyWriter copies, RecordWriter record, FeedClient client,
      Backoff retry, CountDownLatch closing, Path root) {
    this.durable = durable;
    this.copies = copies;
    this.record = record;
    this.client = client;
    this.retry = retry;
    this.closing = closing;
    this.root = root;
  }

  /** The last seq whose copy is durable and whose record entry is added. */
  long durable() {
    return durable;
  }

  /** Groups committed since start. */
  long groups() {
    return group.commits.get();
  }

  /** The fsyncs of copies and their folders made since start. */
  long fsyncs() {
    return group.fsyncs.get();
  }

  /** One event from the feed (the delivery thread, in seq order): staged, maybe committed. */
  void handle(Event e) throws IOException {
    lock.lock();
    try {
      group.add(e.action() != Action.DELETE && e.hash() != null
          ? copies.stageRetrying(e, retry, closing, this::commitQuietly)
          : CopyGroup.Staged.done(e, null));
      if (group.full() || client.serverLast() <= e.seq()) {
        commitRetrying();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Commits a group the delivery thread left open, unless it is busy (then it commits it). */
  void commitIfIdle() {
    if (lock.tryLock()) {
      try {
        commitQuietly();
      } finally {
        lock.unlock();
      }
    }
  }

  /** At close: commits the open group, or removes its temps when that fails. */
  void commitOrDiscard() {
    if (!lock.tryLock()) { // the delivery thread outlived client.close(): it keeps them
      return;
    }
    try {
      commit();
    } catch (IOException | RuntimeException e) {
      LOG.error("backup: cannot make the last copies durable in {}: {}; they are written again"
          + " at the next start", root, e.toString());
      try {
        group.discard();
      } catch (IOException gone) {
        LOG.warn("backup: cannot remove temporary copies: {}", gone.toString());
      }
    } finally {
      lock.unlock();
    }
  }

  /** Commits the group, retried with backoff until it succeeds or close(). Under lock. */
  private void commitRetrying() throws IOException {
    Backoff.Attempts attempts = retry.attempts();
    while (true) {
      try {
        commit();
        return;
      } catch (IOException failure) {
        if (closing.getCount() == 0) {
          throw failure;
        }
        Duration wait = attempts.failed();
        LOG.error("backup: cannot make copies durable in {}: {}; retrying in {} ms",
            root, failure.getMessage(), wait.toMillis());
        CopyWriter.waitBeforeRetry(closing, wait);
      }
    }
  }

  /** Commits the group once; a failure is logged (the group stays for the next attempt). */
  private void commitQuietly() {
    try {
      commit();
    } catch (IOException | RuntimeException e) {
      LOG.error("backup: cannot make copies durable in {}: {}", root, e.toString());
    }
  }

  /** Makes the group durable, then records its events and moves durable and the ack past them. */
  private void commit() throws IOException {
    if (group.isEmpty()) {
      return;
    }
    long last = 0;
    for (CopyGroup.Staged s : group.commit()) {
      copies.committed(s);
      record.add(RecordedVersion.of(s.event(), s.name())); // nothing for a seq already recorded
      last = s.event().seq();
    }
    durable = last;
    client.ack(last);
  }
}
