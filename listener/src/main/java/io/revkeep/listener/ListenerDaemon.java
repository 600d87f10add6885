package io.revkeep.listener;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.revkeep.core.ExclusiveLock;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServer;
import io.revkeep.feed.FeedServerSettings;
import io.revkeep.feed.SubscriberInfo;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The listener: watches the shared tree, records every settled change in the store with its
 * bytes in the vault, and broadcasts each event on the feed. One per data folder.
 */
public final class ListenerDaemon implements AutoCloseable {
  /*
   * Threads:    revkeep-watch (TreeWatcher) drains watch keys; revkeep-settle (Settler) owns all
   *             pending state and does every read and record; the FeedServer's own Netty
   *             threads serve subscribers. publish() is called only from revkeep-settle.
   *             revkeep-status-listener renews <data>/status/listener.json every 2 s;
   *             on a network file system revkeep-network-rescan offers a root Rescan to the
   *             settler every StartupChecks.networkRescanEvery.
   * State:      owned by the parts above; this class holds only references to them.
   * Startup:    StartupChecks refuses a tree with more folders than fs.inotify.max_user_watches
   *             allows (naming the sysctl), and detects network file systems (warning + rescans).
   * Invariants: at most one listener per data folder (an OS file lock on <data>/listener.lock),
   *             because events must be recorded and published by one thread in seq order.
   * Shutdown:   close() stops intake first (watcher), then the settler, then the feed, then
   *             releases the lock. The store and vault belong to the caller.
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

  /** A snapshot for status and health. */
  public record Status(boolean watcherAlive, boolean settlerAlive, int watchedFolders,
      long overflows, int pending, long versionsRecorded, int feedPort,
      List<SubscriberInfo> subscribers) {
    public boolean healthy() {
      return watcherAlive && settlerAlive;
    }
  }

  private final ExclusiveLock lock;
  private final FeedServer feed;
  private final TreeWatcher watcher;
  private final Settler settler;
  private final Recorder recorder;
  private final Instant started = Instant.now();
  private final StatusBoard.Publication statusPublication;
  /** Whether the shared folder is on a network file system (rescanned by rescanTimer). */
  private boolean networkFs;
  /** Offers a rescan of the root every networkRescanEvery; null on a local file system. */
  private ScheduledExecutorService rescanTimer;

  private ListenerDaemon(Settings s, Store store, Vault vault, Clock clock, StartupChecks checks)
      throws IOException {
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
      feed = new FeedServer(s.feed(), store, vault);
      recorder = new Recorder(root, store, vault, feed::publish, filter, clock, hostName());
      Settler[] holder = new Settler[1];
      watcher = new TreeWatcher(filter::ignored, signal -> holder[0].offer(signal));
      Reconciler reconciler = new Reconciler(root, store, filter, watcher::register);
      settler = new Settler(root.path(), recorder, reconciler, s.settle().toNanos(), System::nanoTime);
      holder[0] = settler;
      feed.start();
      watcher.register(root.path());
      watcher.start();
      settler.start();
      settler.offer(new Signal.Rescan(root.path())); // start-up reconcile
      if (networkFs) {
        LOG.warn("the shared folder {} is on a network file system ({}): changes made on other"
            + " hosts are not announced by inotify, so the whole tree is also rescanned every"
            + " {} s", root.path(), fsType, checks.networkRescanEvery().toSeconds());
        rescanTimer = Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "revkeep-network-rescan");
          t.setDaemon(true);
          return t;
        });
        long every = checks.networkRescanEvery().toMillis();
        rescanTimer.scheduleWithFixedDelay(() -> settler.offer(new Signal.Rescan(root.path())),
            every, every, TimeUnit.MILLISECONDS);
      }
      statusPublication = new StatusBoard(s.data()).publish("listener", this::serviceStatus);
      LOG.info("listener watching {} (settle {} ms), feed on {}:{}, store {}", root.path(),
          s.settle().toMillis(), s.feed().bindAddress(), feed.port(), store.describe());
    } catch (IOException | RuntimeException e) {
      if (rescanTimer != null) {
        rescanTimer.shutdownNow();
      }
      releaseLock();
      throw e;
    }
  }

  /** Starts watching and serving. The store and vault stay the caller's to close. */
  public static ListenerDaemon start(Settings settings, Store store, Vault vault)
      throws IOException {
    return new ListenerDaemon(settings, store, vault, Clock.systemUTC(), StartupChecks.DEFAULT);
  }

  /** Starts with other startup checks (a fake inotify limit or file system type: tests). */
  static ListenerDaemon start(Settings settings, Store store, Vault vault, StartupChecks checks)
      throws IOException {
    return new ListenerDaemon(settings, store, vault, Clock.systemUTC(), checks);
  }

  /** The bound feed port (useful when configured as 0). */
  public int feedPort() {
    return feed.port();
  }

  public Status status() {
    return new Status(watcher.alive(), settler.alive(), watcher.watchedFolders(),
        watcher.overflows(), settler.pending(), recorder.recorded(), feed.port(),
        feed.subscribers());
  }

  /**
   * Publishes the listener's figures in {@code registry}: versions recorded, settle queue
   * depth, overflows, watched folders, rescan and reconcile durations, feed subscribers and
   * their lag. Call once, after start.
   */
  public void bindMetrics(MeterRegistry registry) {
    FunctionCounter.builder("revkeep.listener.versions.recorded", recorder,
            Recorder::recorded).description("Versions recorded by this listener.")
        .register(registry);
    Gauge.builder("revkeep.listener.settle.queue", settler, Settler::pending)
        .description("Paths waiting for their settle time.").register(registry);
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
    details.put("watcher_alive", st.watcherAlive());
    details.put("settler_alive", st.settlerAlive());
    details.put("watched_folders", st.watchedFolders());
    details.put("network_fs_rescans", networkFs);
    details.put("overflows", st.overflows());
    details.put("pending", st.pending());
    details.put("versions_recorded", st.versionsRecorded());
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
    return StatusBoard.now("listener", started, st.healthy(), details);
  }

  @Override
  public void close() {
    if (rescanTimer != null) {
      rescanTimer.shutdownNow();
    }
    statusPublication.close();
    watcher.close();
    settler.close();
    feed.close();
    releaseLock();
    LOG.info("listener stopped");
  }

  private void releaseLock() {
    try {
      lock.close();
    } catch (IOException e) {
      LOG.warn("releasing the listener lock: {}", e.toString());
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
