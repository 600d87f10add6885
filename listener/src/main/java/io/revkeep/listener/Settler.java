package io.revkeep.listener;

import io.revkeep.core.store.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Coalesces raw watch signals into settled per-path work, and does that work in order. */
final class Settler implements AutoCloseable {
  /*
   * Threads:    the watch thread (and start-up) call offer(); one settler thread
   *             ("revkeep-settle") owns everything else and does all reading and recording, so
   *             events are recorded and published in one order with no lock (while the
   *             journal's gate is closed, the catch-up thread records and publishes instead,
   *             never at the same time: see CatchUp).
   * State:      inbox — a bounded queue, the only thing shared (thread-safe by itself); each
   *                     signal in it carries the ticker's time at which it was offered, on the
   *                     thread that saw it: the quiet time is counted from there, so the
   *                     hand-over to the settler thread (its wake-up) falls inside the settle
   *                     wait instead of being added after it;
   *             reads   — paths waiting to be quiet for settle_ms, then read;
   *             deletes — paths found missing, checked again one settle time later (so a
   *                       rename's delete and create meet: the create finds the old path gone);
   *             rescans — folders to walk (start-up, OVERFLOW, new folders), coalesced the same
   *                       way, so a burst of overflows costs one walk after the burst.
   *             All three are SettleQueues owned by the settler thread, as is awaitingStore
   *             (folders walked while the store was unavailable, compared once it answers).
   * Invariants: a path is pending at most once per queue; a settled path is read once per
   *             settling (a read that saw the file change is re-queued, not retried in a loop).
   * Overflow:   a full inbox, or more than MAX_PENDING pending paths → drop what is pending and
   *             rescan the whole root (reconcile recovers every change from the disk).
   * Outages:    a rescan compares the disk with the store's records, so it needs the store.
   *             While the journal's gate is closed (StoreGate):
   *             - the store answers (the catch-up is recording what is pending, as at every
   *               start): rescans wait for the gate, so the start-up reconcile runs after a
   *               journal left by the previous run is recorded, and walks the tree once;
   *             - the store fails: a due rescan only walks. It registers every folder with the
   *               watcher (so changes in folders made meanwhile are seen) and, for a folder
   *               other than the root (a new or moved-in folder, an OVERFLOW), reads every file
   *               in it, since it cannot tell which changed. The folder is then kept in
   *               awaitingStore and compared with the store once the gate opens.
   *             A rescan that fails with a StoreException closes the gate and is queued again;
   *             a vanished path whose records cannot be listed puts its parent in awaitingStore
   *             (no walk). Reads and deletes go on: the Recorder journals them.
   * Errors:     every exception of one path is caught and logged; the thread never dies of one.
   * Shutdown:   close() stops the thread (LoopThread: interrupt + join). Pending work is dropped: it is on
   *             disk, and the next start's reconcile finds it (what was journaled is durable in
   *             <data>/pending and recorded first).
   * Testing:    SettleQueueTest drives the queues with a fake clock; SettlerClockTest the stamps
   *             (a real settler and recorder, an injected ticker); ListenerIT the whole loop;
   *             StoreOutageIT the loop with the store unavailable.
   */

  private static final Logger LOG = LogManager.getLogger();

  /** Signals the watch thread may get ahead of the settler by before a full rescan instead. */
  static final int INBOX_CAPACITY = 1 << 20;
  /** Pending paths beyond which per-path bookkeeping is dropped for one rescan of the root. */
  static final int MAX_PENDING = 500_000;
  /** A path written without pause is still read after this many settle times. */
  static final int MAX_DELAY_SETTLES = 20;
  /** Settled paths read and recorded together: one vault sync wave and one store transaction. */
  static final int READ_BATCH = 256;
  /** Signals applied per loop turn before due work is done again. */
  static final int BATCH = 10_000;
  /** How often folders awaiting the store look again whether the gate opened. */
  private static final long GATE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  /** Whether the store may be asked (the journal's gate); see CatchUp. */
  interface StoreGate {
    /** True while nothing is pending and the store answers. */
    boolean isOpen();

    /** The store failed: close the gate. */
    void failed(StoreException e);

    /** Whether the store failed and has not answered since. */
    boolean failing();
  }

  private final Path root;
  private final Recorder recorder;
  private final Reconciler reconciler;
  private final StoreGate gate;
  /** Told how long each rescan took (whole root: a reconcile) and how long; see metrics. */
  /** Receives rescan durations once set (onRescan); null before. Guarded by rescansBeforeTimer. */
  private RescanTimer rescanTimer;
  /** Rescans timed before there was a timer, at most RESCANS_KEPT_BEFORE_TIMER. */
  private final List<long[]> rescansBeforeTimer = new ArrayList<>();
  private static final int RESCANS_KEPT_BEFORE_TIMER = 64;

  /** Receives the duration of every rescan, on the settler thread. */
  @FunctionalInterface
  interface RescanTimer {
    void accept(boolean wholeRoot, long nanos);
  }

  /**
   * Sets who receives rescan durations, and hands it the ones timed before (the start-up
   * reconcile may finish before the daemon binds its metrics; it must still be counted).
   */
  void onRescan(RescanTimer timer) {
    synchronized (rescansBeforeTimer) {
      for (long[] r : rescansBeforeTimer) {
        timer.accept(r[0] == 1, r[1]);
      }
      rescansBeforeTimer.clear();
      this.rescanTimer = timer;
    }
  }

  /** One rescan's duration, to the timer, or kept until there is one. Settler thread. */
  private void timed(boolean wholeRoot, long nanos) {
    synchronized (rescansBeforeTimer) {
      if (rescanTimer != null) {
        rescanTimer.accept(wholeRoot, nanos);
      } else if (rescansBeforeTimer.size() < RESCANS_KEPT_BEFORE_TIMER) {
        rescansBeforeTimer.add(new long[] {wholeRoot ? 1 : 0, nanos});
      }
    }
  }
  private final LongSupplier ticker;
  private final BlockingQueue<Offered> inbox = new LinkedBlockingQueue<>(INBOX_CAPACITY);
  private final AtomicBoolean inboxOverflowed = new AtomicBoolean();
  private final SettleQueue<Path> reads;
  private final SettleQueue<Path> deletes;
  private final SettleQueue<Path> rescans;
  /** Folders walked while the gate was closed, to compare with the store once it opens. */
  private final Set<Path> awaitingStore = new HashSet<>();
  private final LoopThread thread;
  private final long maxDelay;
  /** Whether this turn left signals in the inbox, applied only up to seenUpTo; see dueBy. */
  private boolean behind;
  private long seenUpTo;
  /** When due deletes were first held back by pending reads, or -1; settler thread only. */
  private long deletesHeldSince = -1;
  private volatile int pending;
  /** Set once by the settler thread when a reconcile of the whole root first finished. */
  private volatile boolean reconciled;

  Settler(Path root, Recorder recorder, Reconciler reconciler, StoreGate gate, long settleNanos,
      LongSupplier ticker) {
    this.root = root;
    this.recorder = recorder;
    this.reconciler = reconciler;
    this.gate = gate;
    this.ticker = ticker;
    this.maxDelay = Math.max(settleNanos * MAX_DELAY_SETTLES, TimeUnit.SECONDS.toNanos(1));
    this.reads = new SettleQueue<>(settleNanos, maxDelay);
    this.deletes = new SettleQueue<>(2 * settleNanos, maxDelay);
    this.rescans = new SettleQueue<>(settleNanos, maxDelay);
    this.thread = new LoopThread("revkeep-settle", this::run);
  }

  void start() {
    thread.start();
  }

  /** A signal and the ticker's time when it was offered (when the change was seen). */
  private record Offered(Signal signal, long at) {}

  /** Hands a signal to the settler, stamped with the time now; never blocks. */
  void offer(Signal signal) {
    if (!inbox.offer(new Offered(signal, ticker.getAsLong()))) {
      inboxOverflowed.set(true);
    }
  }

  /** Paths and folders waiting to settle (approximate, for status). */
  int pending() {
    return pending;
  }

  /** Whether the settler thread stopped: false before it starts. */
  boolean stopped() {
    return thread.ended();
  }

  /** Whether the first reconcile of the whole root has finished (the start-up one). */
  boolean reconciled() {
    return reconciled;
  }

  private void run() {
    while (!thread.stopping()) {
      try {
        turn();
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        LOG.error("the settle loop hit an unexpected error; continuing", e);
      }
    }
  }

  private void turn() throws InterruptedException {
    long now = ticker.getAsLong();
    long deleteDeadline = deletes.nextDeadline();
    if (deletesHeldSince >= 0 && deleteDeadline != Long.MAX_VALUE) {
      deleteDeadline = Math.max(deleteDeadline, deletesHeldSince + maxDelay); // no busy wait
    }
    long rescanDeadline = rescans.nextDeadline();
    if (rescanDeadline != Long.MAX_VALUE && catchingUp()) {
      rescanDeadline = Math.max(rescanDeadline, now + GATE_POLL_NANOS); // held back, no busy wait
    }
    long next = Math.min(reads.nextDeadline(), Math.min(deleteDeadline, rescanDeadline));
    if (!awaitingStore.isEmpty()) {
      next = Math.min(next, now + GATE_POLL_NANOS); // look again whether the gate opened
    }
    long wait = next == Long.MAX_VALUE ? TimeUnit.SECONDS.toNanos(1) : Math.max(0, next - now);
    Offered signal = wait == 0 ? inbox.poll() : inbox.poll(wait, TimeUnit.NANOSECONDS);
    for (int n = 0; signal != null && n < BATCH; n++) {
      apply(signal);
      signal = inbox.poll();
    }
    if (signal != null) {
      apply(signal);
      // more may wait in the inbox: what is known is known up to this signal's time only
      behind = true;
      seenUpTo = signal.at();
    } else {
      behind = false;
    }
    now = ticker.getAsLong();
    if (inboxOverflowed.getAndSet(false)
        || reads.size() + deletes.size() + rescans.size() > MAX_PENDING) {
      LOG.warn("too many changes at once; rescanning the whole shared folder");
      reads.clear();
      deletes.clear();
      rescans.clear();
      rescans.touch(root, now);
    }
    now = ticker.getAsLong();
    if (catchingUp()) {
      // the store answers and the catch-up is recording what is pending: rescans just wait
    } else if (!gate.isOpen()) {
      for (Path dir : rescans.drainDue(now)) {
        long walked = reconciler.walkWithoutStore(dir,
            dir.equals(root) ? null : p -> reads.touch(p, ticker.getAsLong()));
        LOG.info("walked {} ({} files) while the store is unavailable; compared with it later",
            dir, walked);
        awaitingStore.add(dir);
      }
    } else {
      for (Path dir : awaitingStore) {
        rescans.touch(dir, now);
      }
      awaitingStore.clear();
      List<Path> dirs = rescans.drainDue(now);
      for (int i = 0; i < dirs.size(); i++) {
        Path dir = dirs.get(i);
        long t0 = System.nanoTime();
        long walked;
        try {
          walked = reconciler.reconcile(dir, p -> reads.touch(p, ticker.getAsLong()));
        } catch (StoreException e) {
          gate.failed(e);
          for (Path again : dirs.subList(i, dirs.size())) {
            rescans.touch(again, ticker.getAsLong()); // when the store answers again
          }
          break;
        }
        long took = System.nanoTime() - t0;
        LOG.info("rescanned {} ({} files) in {} ms", dir, walked,
            TimeUnit.NANOSECONDS.toMillis(took));
        timed(dir.equals(root), took);
        if (dir.equals(root)) {
          reconciled = true;
        }
      }
    }
    List<Path> due = reads.drainDue(dueBy());
    for (int i = 0; i < due.size(); i += READ_BATCH) {
      recorder.settled(due.subList(i, Math.min(due.size(), i + READ_BATCH))).forEach(this::then);
    }
    if (deletesMayRun(ticker.getAsLong())) {
      for (Path path : deletes.drainDue(dueBy())) {
        if (!recorder.deleteIfMissing(path)) {
          deletes.touch(path, ticker.getAsLong());
        }
      }
    }
    pending = reads.size() + deletes.size() + rescans.size() + awaitingStore.size();
  }

  /**
   * The time up to which a pending path may be taken as quiet: now, or, when this turn left
   * signals in the inbox (more than BATCH arrived), the time of the last one applied, so a path
   * whose newer signal still waits there is not read before that signal is applied.
   */
  private long dueBy() {
    long now = ticker.getAsLong();
    return behind && seenUpTo - now < 0 ? seenUpTo : now;
  }

  /** The gate is closed but the store answers: the catch-up will open it soon. */
  private boolean catchingUp() {
    return !gate.isOpen() && !gate.failing();
  }

  /** Deletes wait while reads or rescans are pending (a rename's other half), up to maxDelay. */
  private boolean deletesMayRun(long now) {
    if (reads.size() == 0 && rescans.size() == 0) {
      deletesHeldSince = -1;
      return true;
    }
    if (deletesHeldSince < 0) {
      deletesHeldSince = now;
    }
    if (now - deletesHeldSince >= maxDelay) {
      deletesHeldSince = -1;
      return true;
    }
    return false;
  }

  /** Applies a signal at the time it was seen, not the time the settler got to it. */
  private void apply(Offered offered) {
    if (offered.signal() instanceof Signal.Touched t) {
      reads.touch(t.path(), offered.at());
    } else if (offered.signal() instanceof Signal.Rescan r) {
      rescans.touch(r.dir(), offered.at());
    }
  }

  /** What follows an outcome: read again, check for a deletion, or walk a folder. */
  private void then(Path path, Recorder.Outcome outcome) {
    switch (outcome) {
      case RETRY -> reads.touch(path, ticker.getAsLong());
      case MISSING -> {
        long now = ticker.getAsLong();
        deletes.touch(path, now);
        try {
          for (Path gone : recorder.liveUnder(path)) {
            deletes.touch(gone, now); // a folder that vanished or moved took these with it
          }
        } catch (StoreException e) {
          gate.failed(e);
          // the records under it cannot be listed now: compare its parent once the store is back
          awaitingStore.add(path.equals(root) ? root : path.getParent());
        }
      }
      case FOLDER -> rescans.touch(path, ticker.getAsLong());
      default -> { }
    }
  }

  @Override
  public void close() {
    thread.stop();
  }
}
