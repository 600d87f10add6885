package io.revkeep.listener;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.retry.Backoff;
import io.revkeep.core.store.Store;
import io.revkeep.core.store.StoreException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Records what the {@link PendingJournal} holds once the store answers again: oldest segment
 * first, one store transaction per segment, each resulting event published like any other,
 * exactly once even if a previous attempt (or a previous run) committed and then failed to
 * trim. Also tracks the outage itself: since when the store is unavailable, one clear log line
 * when it starts and one when it ends.
 */
final class CatchUp implements Settler.StoreGate, AutoCloseable {
  /*
   * Threads:    one thread, "revkeep-catch-up", owned by this class; started by the daemon once
   *             the feed runs, stopped by close(). failed() is called by the settler thread and
   *             by the daemon's start; unavailableSince() by status, from any thread.
   * Why a thread of its own (not the settler's ticks): a store that is down often makes each
   *             call wait for its timeout (SQLite's busy timeout, a Couchbase KV timeout). On the
   *             settler those waits would stop it from reading settled files, so a file changing
   *             twice during one wait would lose a state. Here only this thread waits; the
   *             settler keeps capturing into the vault and the journal without asking the store.
   * Order:      the journal's gate makes the two threads take turns on the store and the feed:
   *             the settler records directly only while the gate is open (the journal is empty),
   *             and this thread records only journaled changes, so at any moment at most one of
   *             them records and publishes. The gate opens only after this thread has published
   *             the last segment's events (under the journal's lock: happens-before), so events
   *             reach FeedServer.publish in seq order, as it requires, and the changes of each
   *             path reach the store in the order they were seen.
   * State:      downSince (AtomicReference: set by the first failure of an outage, CAS, so the
   *             outage is logged once; cleared by this thread when the store answers); the
   *             failures in a row (Backoff.Attempts), owned by this thread.
   * Backoff:    MIN_BACKOFF doubling to maxBackoff after each failed attempt, reset by a success
   *             (one Backoff, which the daemon's start-up wait for the store uses too).
   * Exactly once: see alreadyRecorded().
   * Shutdown:   close() stops the thread (flag + interrupt: a backoff wait or a journal wait ends
   *             at once, a store call in flight fails or finishes) and joins it. What was not
   *             replayed stays in the journal for the next start.
   * Testing:    StoreOutageIT (a real SQLite file held locked by another connection; kill and
   *             restart; a full journal), CatchUpTest (replaying a segment twice).
   */

  private static final Logger LOG = LogManager.getLogger();

  /** First wait after a failed attempt. */
  static final Duration MIN_BACKOFF = Duration.ofMillis(100);
  /** Longest wait between two attempts. */
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final PendingJournal journal;
  private final Store store;
  private final Consumer<Event> published;
  private final Clock clock;
  private final Backoff backoff;
  private final AtomicReference<Instant> downSince = new AtomicReference<>();
  private final LoopThread thread;

  CatchUp(PendingJournal journal, Store store, Consumer<Event> published, Clock clock,
      Duration maxBackoff) {
    this.journal = journal;
    this.store = store;
    this.published = published;
    this.clock = clock;
    this.backoff = Backoff.exponential(MIN_BACKOFF,
        maxBackoff.compareTo(MIN_BACKOFF) < 0 ? MIN_BACKOFF : maxBackoff);
    this.thread = new LoopThread("revkeep-catch-up", this::run);
  }

  void start() {
    thread.start();
  }

  boolean alive() {
    return thread.alive();
  }

  @Override
  public boolean isOpen() {
    return journal.isOpen();
  }

  @Override
  public boolean failing() {
    return downSince.get() != null;
  }

  /** Since when the store has been failing, or null while it answers. */
  Instant unavailableSince() {
    return downSince.get();
  }

  /** The delays between attempts at the store: this thread's, and the daemon's start-up wait. */
  Backoff backoff() {
    return backoff;
  }

  /** How retries are announced in the log. */
  String retryDescription() {
    return "retrying every " + seconds(backoff.first().toNanos()) + "–"
        + seconds(backoff.max().toNanos()) + " s (doubling)";
  }

  /**
   * The store failed: close the journal's gate (every later change is journaled behind the
   * pending ones) and note the outage; the first failure of an outage is logged as one clear
   * error line. Any thread.
   */
  @Override
  public void failed(StoreException e) {
    journal.hold();
    if (downSince.compareAndSet(null, clock.instant())) {
      LOG.error("store {} unreachable: {}; {}, changes are kept in {}", store.describe(),
          e.getMessage(), retryDescription(), journal.dir());
    } else {
      LOG.debug("store {} still unreachable: {}", store.describe(), e.getMessage());
    }
  }

  private void answered() {
    Instant since = downSince.getAndSet(null);
    if (since != null) {
      LOG.info("store {} answers again (unavailable for {} s); {} pending changes to record",
          store.describe(), Duration.between(since, clock.instant()).toSeconds(), journal.size());
    }
  }

  private void run() {
    Backoff.Attempts attempts = backoff.attempts();
    while (!thread.stopping()) {
      try {
        PendingJournal.Work work = journal.awaitWork();
        if (work == null) {
          return;
        }
        if (work instanceof PendingJournal.Work.Replay r) {
          replay(r.segment());
          answered();
          journal.remove(r.segment());
          LOG.debug("replayed {} pending changes; {} left", r.segment().changes().size(),
              journal.size());
        } else {
          store.ping();
          answered();
        }
        if (journal.openIfEmpty()) {
          LOG.debug("nothing pending: recording directly again");
        }
        attempts.succeeded();
      } catch (InterruptedException e) {
        return;
      } catch (StoreException e) {
        if (thread.stopping()) {
          return;
        }
        failed(e);
        if (!pause(attempts.failed())) {
          return;
        }
      } catch (IOException | RuntimeException e) {
        if (thread.stopping()) {
          return;
        }
        LOG.error("catching up with the pending journal {} failed; will try again: {}",
            journal.dir(), e.toString());
        if (!pause(attempts.failed())) {
          return;
        }
      }
    }
  }

  /** Waits between attempts; false when closed meanwhile. */
  private boolean pause(Duration delay) {
    try {
      TimeUnit.NANOSECONDS.sleep(delay.toNanos()); // a retry delay, not a wait for a condition
      return !thread.stopping();
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * Records one segment's changes that the store does not have yet, in one transaction, and
   * publishes the events. A change the store refuses for a reason that retrying cannot fix
   * (not a StoreException) is logged and dropped; the reconcile finds that file's state.
   *
   * @throws StoreException when the store is unavailable: nothing of this segment is removed
   */
  void replay(PendingJournal.Segment segment) {
    List<Change> todo = new ArrayList<>();
    boolean[] done = alreadyRecorded(segment.changes());
    for (int i = 0; i < done.length; i++) {
      if (!done[i]) {
        todo.add(segment.changes().get(i));
      }
    }
    if (todo.isEmpty()) {
      return;
    }
    List<Optional<Event>> results;
    try {
      results = store.recordAll(todo);
    } catch (StoreException e) {
      throw e; // the store is unavailable: the whole segment stays
    } catch (RuntimeException e) { // a ConflictException or another refusal, not an outage
      LOG.warn("the store refused {} pending changes together ({}); recording them one by one",
          todo.size(), e.toString());
      for (Change c : todo) {
        try {
          store.record(c).ifPresent(published);
        } catch (StoreException se) {
          throw se; // the store is unavailable: the rest of the segment stays
        } catch (RuntimeException bad) { // a ConflictException or another refusal
          LOG.error("the store refuses the pending {} of {} ({}); dropped: the reconcile records"
              + " the file's current state", c.action(), c.path(), bad.toString());
        }
      }
      return;
    }
    results.forEach(e -> e.ifPresent(published));
  }

  /**
   * Which changes of a segment the store already has: a previous attempt may have committed
   * them and then failed (or the process died) before the segment was removed.
   *
   * <p>The key: a change is recorded if the history of its path has a version with its hash
   * (null for a DELETE) and its time to the millisecond (what the stores keep); and then every
   * earlier change of the same path in the segment is recorded too. Sound because:
   * <ul>
   *   <li>changes reach the store in journal order (one recordAll per segment, which acts like
   *       record() of each in order; replays never skip ahead), so if a later change of a path
   *       was applied, the earlier ones were applied (or were no-ops) before it;
   *   <li>a version with that (hash, time) cannot come from anywhere else: only this listener
   *       records versions for its data folder, each change carries the instant it was seen,
   *       and two states of one path are at least a settle time apart, so no other recorded
   *       state of the path has the same hash at the same millisecond;
   *   <li>changes that made no version (the content equalled the current one, a DELETE of a
   *       path that had no live record) leave no trace, but replaying them again is a no-op,
   *       unless a later change of the path was applied, which the second rule covers.
   * </ul>
   * Renames are never journaled (they are split into DELETE + content), so each change's path
   * keeps the history it was recorded into.
   */
  boolean[] alreadyRecorded(List<Change> changes) {
    boolean[] done = new boolean[changes.size()];
    Map<String, List<VersionRecord>> histories = new HashMap<>();
    Map<String, Boolean> settled = new HashMap<>(); // path → a later change of it is recorded
    for (int i = changes.size() - 1; i >= 0; i--) {
      Change c = changes.get(i);
      if (settled.getOrDefault(c.path(), false)) {
        done[i] = true;
        continue;
      }
      List<VersionRecord> history = histories.computeIfAbsent(c.path(), store::history);
      String hash = c.action() == Action.DELETE ? null : c.hash();
      long ms = c.time().toEpochMilli();
      for (VersionRecord v : history) {
        if (v.time().toEpochMilli() == ms && Objects.equals(v.hash(), hash)) {
          done[i] = true;
          settled.put(c.path(), true);
          break;
        }
      }
    }
    return done;
  }

  @Override
  public void close() {
    thread.stop();
  }

  private static String seconds(long nanos) {
    double s = nanos / 1e9;
    return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
  }
}
