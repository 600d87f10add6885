package io.revkeep.listener;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.revkeep.core.BatchSync;
import io.revkeep.core.HostName;
import io.revkeep.core.ExclusiveLock;
import io.revkeep.core.Threads;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.retry.Backoff;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.Store;
import io.revkeep.core.store.StoreException;
import io.revkeep.core.vault.PendingHashes;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServer;
import io.revkeep.feed.FeedServerSettings;
import io.revkeep.feed.SubscriberInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The listener: watches the shared tree, records every settled change in the store with its
 * bytes in the vault, and broadcasts each event on the feed. One per data folder.
 */
public final class ListenerDaemon implements AutoCloseable {
  /*
   * Threads:    revkeep-watch (TreeWatcher) drains watch keys; revkeep-settle (Settler) owns all
   *             pending state and does every read and record; revkeep-catch-up (CatchUp) records
   *             what the pending journal holds once the store answers; the FeedServer's own
   *             Netty threads serve subscribers. publish() is called by revkeep-settle, or by
   *             revkeep-catch-up while the journal's gate is closed (never both: see CatchUp).
   *             revkeep-status-listener renews <data>/status/listener.json every 2 s;
   *             on a network file system revkeep-network-rescan offers a root Rescan to the
   *             settler every StartupChecks.networkRescanEvery.
   * State:      owned by the parts above; this class holds only references to them (assigned
   *             once by the constructor, which runs on the caller's thread).
   * Startup:    StartupChecks refuses a tree with more folders than fs.inotify.max_user_watches
   *             allows (naming the sysctl), and detects network file systems (warning + rescans).
   *             Then the watcher and the settler start at once, so changes are captured (into
   *             the vault and <data>/pending) from the first moment; the feed starts when the
   *             store answers (it needs the last seq): an unreachable store is logged as one
   *             clear line and asked again with backoff, and start() returns only then (it does
   *             not fail: no crash loop). Then the catch-up starts: it records a journal left by
   *             the previous run (and what was captured meanwhile), then opens the gate, and
   *             only then does the settler run the start-up reconcile.
   * Invariants: at most one listener per data folder (an OS file lock on <data>/listener.lock),
   *             because events must be recorded and published by one thread at a time, in seq
   *             order, and the pending journal has one owner.
   * Shutdown:   close() (idempotent; a constructor that fails half-way does the same for what
   *             it had started) stops intake first (watcher), then the settler, then the
   *             catch-up (what is still journaled stays on disk for the next start), then the
   *             feed, then releases the lock. The store and vault belong to the caller. While
   *             the constructor waits for the store there is nothing to close yet: interrupting
   *             the starting thread makes it give up (IOException) and clean up.
   */

  private static final Logger LOG = LogManager.getLogger();

  /**
   * What the listener needs to know.
   *
   * @param shared the shared folder (must exist)
   * @param data the data folder (lock file); never watched even if inside shared
   * @param excluded further folders never watched (vault, staging…)
   * @param ignore glob patterns of file names never versioned
   * @param settle how long a path must be quiet before it is read
   * @param feed where and how to serve the feed
   */
  public record Settings(Path shared, Path data, Collection<Path> excluded,
      Collection<String> ignore, Duration settle, FeedServerSettings feed) {}

  /**
   * A snapshot for status and health.
   *
   * @param pending paths and folders waiting for their settle time
   * @param journalPending changes captured but not yet in the store (in {@code <data>/pending})
   * @param journalFull whether the journal refused changes for lack of room (they are read again)
   * @param storeUnavailableSince since when the store fails, or null while it answers
   * @param starting true until the start-up reconcile of the shared folder has finished
   */
  public record Status(boolean watcherAlive, boolean settlerAlive, int watchedFolders,
      long overflows, int pending, long versionsRecorded, int feedPort,
      List<SubscriberInfo> subscribers, long journalPending, boolean journalFull,
      Instant storeUnavailableSince, boolean starting) {
    public boolean healthy() {
      return watcherAlive && settlerAlive;
    }
  }

  /** Limits that tests make small; production uses {@link #DEFAULT}. */
  record Tuning(PendingJournal.Limits journalLimits, Duration maxBackoff) {
    static final Tuning DEFAULT = new Tuning(PendingJournal.Limits.DEFAULT, CatchUp.MAX_BACKOFF);
  }

  // Assigned once by the constructor; null only while it fails half-way (see closeParts).
  private final ExclusiveLock lock;
  private PendingJournal journal;
  private FeedServer feed;
  private TreeWatcher watcher;
  private Settler settler;
  private Recorder recorder;
  private CatchUp catchUp;
  private final Instant started;
  /** What the status reports' times come from. */
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();
  private StatusBoard.Publication statusPublication;
  /** Whether the shared folder is on a network file system (rescanned by rescanTimer). */
  private boolean networkFs;
  /** Offers a rescan of the root every networkRescanEvery; null on a local file system. */
  private ScheduledExecutorService rescanTimer;

  private ListenerDaemon(Settings s, Store store, Vault vault, Clock clock, StartupChecks checks,
      Tuning tuning) throws IOException {
    this.clock = clock;
    started = clock.instant();
    lock = ExclusiveLock.acquire(s.data().resolve("listener.lock"), "listener");
    try {
      SharedRoot root = new SharedRoot(s.shared());
      List<Path> excluded = new ArrayList<>(s.excluded());
      excluded.add(s.data());
      excluded.add(vault.root());
      PathFilter filter = new PathFilter(s.ignore(), excluded);
      long folders = checks.checkWatchLimit(root.path(), filter::ignored);
      String fsType = checks.typeOf(root.path());
      networkFs = StartupChecks.isNetworkFileSystem(fsType);
      LOG.info("{} folders to watch on {} ({})", folders, fsType, root.path());
      if (!PathFilter.fileNameEncodingIsUtf8()) {
        LOG.warn("the JVM reads file names as {}, not UTF-8 (its locale: LANG, LC_ALL): names"
            + " with other characters are not versioned; start revkeep with LANG=C.UTF-8",
            System.getProperty("sun.jnu.encoding"));
      }
      journal = PendingJournal.open(s.data().resolve(PendingHashes.FOLDER),
          tuning.journalLimits());
      FeedServer feedServer = new FeedServer(s.feed(), store, vault);
      feed = feedServer;
      CatchUp[] gate = new CatchUp[1];
      recorder = new Recorder(root, store, vault, feedServer::publish, filter, clock,
          HostName.get(),
          journal, e -> gate[0].failed(e));
      catchUp = new CatchUp(journal, store, recorder::published, clock, tuning.maxBackoff());
      gate[0] = catchUp;
      Settler[] holder = new Settler[1];
      watcher = new TreeWatcher(filter::ignored, signal -> holder[0].offer(signal));
      Reconciler reconciler = new Reconciler(root, store, filter, watcher::register);
      settler = new Settler(root.path(), recorder, reconciler, catchUp, s.settle().toNanos(),
          System::nanoTime);
      holder[0] = settler;
      statusPublication = new StatusBoard(s.data()).publish("listener", this::serviceStatus);
      // capture from the first moment: while the gate is closed, settled files go to the journal
      watcher.register(root.path());
      watcher.start();
      settler.start();
      settler.offer(new Signal.Rescan(root.path())); // start-up reconcile, once the gate opens
      awaitStore(store, catchUp.backoff());
      feed.start();
      catchUp.start(); // records what is pending, then opens the gate
      if (networkFs) {
        LOG.warn("the shared folder {} is on a network file system ({}): changes made on other"
            + " hosts are not announced by inotify, so the whole tree is also rescanned every"
            + " {} s", root.path(), fsType, checks.networkRescanEvery().toSeconds());
        rescanTimer = Threads.scheduler("revkeep-network-rescan");
        long every = checks.networkRescanEvery().toMillis();
        rescanTimer.scheduleWithFixedDelay(() -> settler.offer(new Signal.Rescan(root.path())),
            every, every, TimeUnit.MILLISECONDS);
      }
      LOG.info("listener watching {} (settle {} ms), feed on {}:{}, store {}", root.path(),
          s.settle().toMillis(), s.feed().bindAddress(), feed.port(), store.describe());
      LOG.info("vault copies made durable {}", BatchSync.describe());
    } catch (IOException | RuntimeException e) {
      closeParts();
      throw e;
    }
  }

  /**
   * Waits until the store answers (the feed needs its last seq), asking again with backoff.
   * Meanwhile the watcher and the settler run and changes are journaled.
   */
  private void awaitStore(Store store, Backoff backoff) throws IOException {
    Backoff.Attempts attempts = backoff.attempts();
    for (int attempt = 1; ; attempt++) {
      try {
        store.lastSeq();
        if (attempt > 1) {
          LOG.info("store {} answers: starting the feed", store.describe());
        }
        return;
      } catch (StoreException e) {
        catchUp.failed(e);
        if (attempt == 1) {
          LOG.warn("the shared folder is watched and changes are captured; the feed starts once"
              + " the store answers");
        }
      }
      try {
        // a retry delay, not a wait for a condition
        TimeUnit.NANOSECONDS.sleep(attempts.failed().toNanos());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for store " + store.describe(), e);
      }
    }
  }

  /** Starts watching and serving. The store and vault stay the caller's to close. */
  public static ListenerDaemon start(Settings settings, Store store, Vault vault)
      throws IOException {
    return start(settings, store, vault, Clock.systemUTC());
  }

  /**
   * Starts watching and serving, reading the time of every change (and of its own start) from
   * {@code clock}. The store and vault stay the caller's to close.
   */
  public static ListenerDaemon start(Settings settings, Store store, Vault vault, Clock clock)
      throws IOException {
    return new ListenerDaemon(settings, store, vault, clock, StartupChecks.DEFAULT,
        Tuning.DEFAULT);
  }

  /** Starts with other startup checks (a fake inotify limit or file system type: tests). */
  static ListenerDaemon start(Settings settings, Store store, Vault vault, StartupChecks checks)
      throws IOException {
    return new ListenerDaemon(settings, store, vault, Clock.systemUTC(), checks, Tuning.DEFAULT);
  }

  /** Starts with a smaller journal bound or backoff (tests). */
  static ListenerDaemon start(Settings settings, Store store, Vault vault, Tuning tuning)
      throws IOException {
    return new ListenerDaemon(settings, store, vault, Clock.systemUTC(), StartupChecks.DEFAULT,
        tuning);
  }

  /** The bound feed port (useful when configured as 0). */
  public int feedPort() {
    return feed.port();
  }

  public Status status() {
    // a thread that has not started yet is not a stopped one (the status is published first)
    return new Status(!watcher.stopped(), !settler.stopped(), watcher.watchedFolders(),
        watcher.overflows(), settler.pending(), recorder.recorded(), feed.port(),
        feed.subscribers(), journal.size(), journal.full(), catchUp.unavailableSince(),
        !settler.reconciled());
  }

  /**
   * Publishes the listener's figures in {@code registry}: versions recorded, settle queue
   * depth, changes pending in the journal, whether the store answers, overflows, watched
   * folders, rescan and reconcile durations, feed subscribers and their lag. Call once, after
   * start.
   */
  public void bindMetrics(MeterRegistry registry) {
    FunctionCounter.builder("revkeep.listener.versions.recorded", recorder,
            Recorder::recorded).description("Versions recorded by this listener.")
        .register(registry);
    Gauge.builder("revkeep.listener.settle.queue", settler, Settler::pending)
        .description("Paths waiting for their settle time.").register(registry);
    Gauge.builder("revkeep.listener.journal.pending", journal, PendingJournal::size)
        .description("Changes captured but not yet in the store (<data>/pending).")
        .register(registry);
    Gauge.builder("revkeep.listener.store.available", catchUp, c -> c.failing() ? 0 : 1)
        .description("0 while the store fails, 1 while it answers.").register(registry);
    FunctionCounter.builder("revkeep.listener.overflows", watcher, TreeWatcher::overflows)
        .description("Watch OVERFLOW events (each becomes a rescan).").register(registry);
    Gauge.builder("revkeep.listener.watched.folders", watcher, TreeWatcher::watchedFolders)
        .description("Folders registered with the watch service.").register(registry);
    Gauge.builder("revkeep.listener.watcher.alive", this, d -> d.status().healthy() ? 1 : 0)
        .description("1 while the watcher and the settler threads run.").register(registry);
    Gauge.builder("revkeep.feed.subscribers", feed, f -> f.subscribers().size())
        .description("Connected feed subscribers.").register(registry);
    Gauge.builder("revkeep.feed.lag.max", feed, f -> f.subscribers().stream()
            .mapToLong(SubscriberInfo::lag).max().orElse(0))
        .description("The largest subscriber lag, in events.").register(registry);
    Timer reconcile = Timer.builder("revkeep.listener.rescan").tag("scope", "root")
        .description("Rescans: of the whole root (a reconcile) or of one folder.")
        .register(registry);
    Timer folder = Timer.builder("revkeep.listener.rescan").tag("scope", "folder")
        .description("Rescans: of the whole root (a reconcile) or of one folder.")
        .register(registry);
    settler.onRescan((whole, nanos) ->
        (whole ? reconcile : folder).record(nanos, TimeUnit.NANOSECONDS));
  }

  /** The status {@code revkeep status} shows for the listener. */
  private ServiceStatus serviceStatus() {
    Status st = status();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("starting", st.starting());
    details.put("watcher_alive", st.watcherAlive());
    details.put("settler_alive", st.settlerAlive());
    details.put("watched_folders", st.watchedFolders());
    details.put("network_fs_rescans", networkFs);
    details.put("overflows", st.overflows());
    details.put("pending", st.pending());
    details.put("versions_recorded", st.versionsRecorded());
    details.put("journal_pending", st.journalPending());
    details.put("journal_full", st.journalFull());
    details.put("store_unavailable_since", st.storeUnavailableSince() == null ? null
        : st.storeUnavailableSince().toString());
    details.put("feed_port", st.feedPort());
    details.put("subscribers", st.subscribers().stream().map(sub -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("remote", sub.remoteAddress());
      m.put("state", sub.state().name());
      m.put("last_sent", sub.lastSent());
      m.put("last_acked", sub.lastAcked());
      m.put("lag", sub.lag());
      return m;
    }).toList());
    return StatusBoard.now("listener", started, st.healthy(), details, clock);
  }

  @Override
  public void close() {
    if (closed.getAndSet(true)) {
      return;
    }
    closeParts();
    LOG.info("listener stopped");
  }

  /** Stops whatever was started, intake first; see Shutdown. */
  private void closeParts() {
    if (rescanTimer != null) {
      Threads.shutdownNow(rescanTimer, LoopThread.JOIN);
    }
    AutoCloseable[] parts = {statusPublication, watcher, settler, catchUp, feed, journal};
    for (AutoCloseable part : parts) {
      if (part != null) { // null: the constructor failed before it was made
        close(part);
      }
    }
    releaseLock();
  }

  /** Closes one part; none of them throws a checked exception (RuntimeExceptions pass). */
  private static void close(AutoCloseable part) {
    try {
      part.close();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      LOG.warn("closing {}: {}", part, e.toString());
    }
  }

  private void releaseLock() {
    try {
      lock.close();
    } catch (IOException e) {
      LOG.warn("releasing the listener lock: {}", e.toString());
    }
  }

}
