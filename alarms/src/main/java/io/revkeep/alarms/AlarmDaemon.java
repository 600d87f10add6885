package io.revkeep.alarms;

import io.revkeep.core.HostName;
import io.revkeep.config.Config;
import io.revkeep.core.Threads;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.Store;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Watches the running services (their {@link StatusBoard} files), the store and the disks of the
 * configured folders, and mails {@code [alarms] emails} when something goes wrong: the watcher
 * fails, the backup stays behind, a folder's disk is nearly full, the store does not answer. Each
 * problem is mailed once, then at most once per {@code min_interval} while it lasts, and a
 * recovery mail follows when it is over.
 *
 * <pre>{@code
 * try (AlarmDaemon alarms = AlarmDaemon.start(config, store)) { … }
 * }</pre>
 */
public final class AlarmDaemon implements AutoCloseable {
  /*
   * Threads:    one scheduler thread ("revkeep-alarms") runs evaluate() every EVERY; tests call
   *             evaluate() themselves on a daemon that was never started.
   * State:      one AlarmState per alarm key (watcher, backup, store, disk:<folder>), in a map
   *             touched only by the evaluating thread (evaluate() is synchronized so a test and
   *             the timer can never interleave).
   * Invariants: a problem produces exactly one FIRE mail, then REMIND mails no closer than
   *             min_interval, then exactly one RECOVER mail; the decision is AlarmState's pure
   *             step(bad, now) with the injected clock. A mail that cannot be sent is logged and
   *             the step is undone, so it is sent at the next evaluation instead.
   *             Every exception in a tick is caught and logged: the timer never dies.
   * Shutdown:   close() stops the timer and waits for a tick in progress (a mail being sent).
   * Testing:    AlarmStateTest (the state machine, literal instants); AlarmDaemonTest (GreenMail
   *             on port 0, a fake clock, status files written by the test, a fake disk).
   */

  private static final Logger LOG = LogManager.getLogger();
  /** How often the conditions are evaluated. */
  public static final Duration EVERY = Duration.ofSeconds(15);
  /** The first evaluation: once the services started with it have published their status. */
  public static final Duration FIRST = StatusBoard.INTERVAL.multipliedBy(2);

  /** Free and total bytes of the file system holding a folder. */
  public record Space(long free, long total) {
    double freePercent() {
      return total <= 0 ? 100 : 100.0 * free / total;
    }
  }

  /** Measures a folder's disk; the default asks the file system. */
  @FunctionalInterface
  public interface Disk {
    Space of(Path folder) throws IOException;

    /** The real file system's usable and total space. */
    static Disk system() {
      return folder -> {
        FileStore fs = Files.getFileStore(folder);
        return new Space(fs.getUsableSpace(), fs.getTotalSpace());
      };
    }
  }

  /**
   * What the daemon watches.
   *
   * @param alarms the [alarms] section (thresholds, interval, addresses)
   * @param data the data folder: {@code <data>/status/} has the listener's and a vault backup's
   *     status files
   * @param backupState {@code <backup>/.revkeep-backup}: a feed-mode backup's status files
   * @param folders name → folder whose disk is watched (shared, backup, data)
   */
  public record Settings(Config.Alarms alarms, Path data, Path backupState,
      Map<String, Path> folders) {
    public Settings {
      folders = Map.copyOf(folders);
    }

    public static Settings of(Config config) {
      Map<String, Path> folders = new LinkedHashMap<>();
      folders.put("shared", config.paths().shared());
      folders.put("backup", config.paths().backup());
      folders.put("data", config.paths().data());
      return new Settings(config.alarms(), config.paths().data(),
          config.paths().backup().resolve(".revkeep-backup"), folders);
    }
  }

  private final Settings settings;
  private final Runnable storePing;
  private final Mailer mailer;
  private final Clock clock;
  private final Disk disk;
  private final String host;
  /** Alarm key → its state; only the evaluating thread touches it (under this). */
  private final Map<String, AlarmState> states = new LinkedHashMap<>();
  private ScheduledExecutorService timer;

  AlarmDaemon(Settings settings, Runnable storePing, Mailer mailer, Clock clock, Disk disk) {
    this.settings = settings;
    this.storePing = storePing;
    this.mailer = mailer;
    this.clock = clock;
    this.disk = disk;
    this.host = HostName.get();
  }

  /**
   * Starts evaluating every {@link #EVERY}, mailing through {@code [alarms] smtp}. The store is
   * the caller's to close (after this daemon).
   *
   * @throws IllegalArgumentException when alarms are not enabled (no smtp or no address)
   */
  public static AlarmDaemon start(Config config, Store store) {
    return start(config, store, Clock.systemUTC());
  }

  /**
   * Starts as {@link #start(Config, Store)} does, judging every condition (how long a problem
   * has lasted, whether a status file is stale, when to remind) at {@code clock}'s now.
   */
  public static AlarmDaemon start(Config config, Store store, Clock clock) {
    Config.Alarms a = config.alarms();
    if (!a.enabled()) {
      throw new IllegalArgumentException("alarms need [alarms] smtp and emails");
    }
    Config.HostPort smtp = a.smtp().orElseThrow();
    AlarmDaemon d = new AlarmDaemon(Settings.of(config), store::ping,
        new SmtpMailer(smtp.host(), smtp.port(), a.from(), a.emails()), clock, Disk.system());
    d.startTimer(FIRST, EVERY);
    LOG.info("alarms: mailing {} through {} (at most every {} s per problem)", a.emails(), smtp,
        a.minInterval().toSeconds());
    return d;
  }

  void startTimer(Duration first, Duration every) {
    timer = Threads.scheduler("revkeep-alarms");
    timer.scheduleWithFixedDelay(() -> {
      try {
        evaluate();
      } catch (RuntimeException e) {
        LOG.error("alarms: evaluation failed", e);
      }
    }, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Checks every condition once, at the clock's now, and sends what the states ask for. */
  public synchronized void evaluate() {
    var now = clock.instant();
    Config.Alarms a = settings.alarms();

    // the watcher: the listener must be publishing, and say its watcher and settler are alive
    Optional<ServiceStatus> listener = new StatusBoard(settings.data()).read("listener");
    String watcherProblem = null;
    if (listener.isEmpty() || !listener.get().aliveAt(now)) {
      watcherProblem = "the listener is not running, so no change is recorded";
    } else if (!listener.get().healthy()) {
      watcherProblem = "the listener's watcher has failed (details: "
          + listener.get().details() + ")";
    }
    check("watcher", watcherProblem, Duration.ZERO, now);

    // the backup: behind by more than N events for longer than T (only while it publishes)
    Optional<ServiceStatus> backup = new StatusBoard(settings.data()).read("backup")
        .or(() -> new StatusBoard(settings.backupState()).read("backup"))
        .filter(s -> s.aliveAt(now));
    long behind = backup.map(s -> s.details().get("behind"))
        .filter(Number.class::isInstance).map(n -> ((Number) n).longValue()).orElse(0L);
    check("backup", behind > a.backupBehindEvents()
        ? "the backup is " + behind + " events behind (more than " + a.backupBehindEvents()
            + " for over " + a.backupBehindFor().toSeconds() + " s)"
        : null, a.backupBehindFor(), now);

    // the store
    String storeProblem = null;
    try {
      storePing.run();
    } catch (RuntimeException e) {
      storeProblem = "the store is unreachable: " + e.getMessage();
    }
    check("store", storeProblem, Duration.ZERO, now);

    // each folder's disk
    for (Map.Entry<String, Path> f : settings.folders().entrySet()) {
      String problem = null;
      try {
        Space s = disk.of(f.getValue());
        if (s.freePercent() < a.diskFreePercent()) {
          problem = String.format("the disk of the %s folder %s is nearly full: %.1f %% free"
                  + " (%d MiB of %d MiB), below %d %%", f.getKey(), f.getValue(),
              s.freePercent(), s.free() >> 20, s.total() >> 20, a.diskFreePercent());
        }
      } catch (IOException e) {
        problem = "cannot measure the disk of the " + f.getKey() + " folder " + f.getValue()
            + ": " + e;
      }
      check("disk:" + f.getKey(), problem, Duration.ZERO, now);
    }
  }

  /** Steps one alarm with "problem" (null when fine) and sends what it asks for. */
  private void check(String key, String problem, Duration holdFor, java.time.Instant now) {
    AlarmState state = states.computeIfAbsent(key,
        k -> new AlarmState(holdFor, settings.alarms().minInterval()));
    AlarmState.Action action = state.step(problem != null, now);
    String subject;
    String body;
    switch (action) {
      case NONE -> {
        return;
      }
      case FIRE, REMIND -> {
        subject = "[revkeep] ALARM on " + host + ": " + key;
        body = problem + "\n\n" + (action == AlarmState.Action.REMIND ? "Still going on. " : "")
            + "You will get at most one mail about this every "
            + settings.alarms().minInterval().toSeconds() + " s, and one when it is over.\n"
            + "See 'revkeep status' and the logs on " + host + ".\n";
      }
      case RECOVER -> {
        subject = "[revkeep] RECOVERED on " + host + ": " + key;
        body = "The problem with " + key + " is over.\n";
      }
      default -> throw new IllegalStateException(action.name());
    }
    try {
      mailer.send(subject, body);
      LOG.warn("alarms: sent '{}'{}", subject, problem == null ? "" : ": " + problem);
    } catch (Exception e) {
      LOG.error("alarms: cannot send '{}' (will retry): {}", subject, e.toString());
      state.unsent(action);
    }
  }

  @Override
  public void close() {
    if (timer != null) {
      Threads.shutdownNow(timer, SmtpMailer.TIMEOUT.multipliedBy(3));
    }
  }

}
