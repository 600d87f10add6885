package io.revkeep.backup;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.revkeep.core.BatchSync;
import io.revkeep.core.ExclusiveLock;
import io.revkeep.core.OwnerOnly;
import io.revkeep.core.Threads;
import io.revkeep.core.model.Event;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The backup: follows the listener's feed and writes an independent, read-only copy of every
 * version, {@code <backup>/<path>.<version>.s<seq><suffix>} ({@link CopyNames}), exactly once, and
 * records every event it handled in the folder's own record ({@link BackupRecord}); in vault mode
 * it also applies retention now and then. The copy's bytes come from the vault (same host) or are
 * fetched over the feed (another host). One per backup folder. A folder written before the record
 * is migrated as the feed is replayed ({@link Migration}).
 */
public final class BackupDaemon implements AutoCloseable {
  /*
   * Threads:    the FeedClient's I/O thread and its delivery thread; every event is handled on
   *             the delivery thread (onEvent → GroupCommits.handle), one at a time, in seq
   *             order: it writes the copies and, at the end of a group, commits it.
   *             revkeep-backup-cursor (the scheduler) commits a group the delivery thread left
   *             open when it is idle (GroupCommits.commitIfIdle), flushes the record and then the
   *             cursor file when
   *             it lags, ends a migration once caught up, and, in vault mode, runs retention
   *             every pruneEvery.
   *             revkeep-fsync (core's ParallelFsync) fsyncs a group's copies at once for a commit.
   *             revkeep-status-backup publishes the status every 2 s. revkeep-backup-scrub
   *             (Scrubber, when [backup] scrub_every is set) reads copies and vault objects at
   *             its rate; it never touches a copy the delivery thread writes (its design
   *             comment), and acts on a problem only under "maintenance", which retention holds.
   * State:      GroupCommits: the open group (the events handled since the last commit, their
   *             copies written and checked as temporary files) and durable, the last seq whose
   *             copy is durable and whose record entry is added to the RecordWriter (which holds
   *             it until a flush). The cursor file <backup>/.revkeep-backup/cursor holds a value
   *             <= durable: cursorLock guards writing it and "persisted" (what it holds). The
   *             Migration holds whether old-layout copies may still be waiting.
   * Invariants: a copy is written temp → verify against the event's hash → read-only
   *             (CopyWriter.stage), then with the rest of its group: fsync of every temp →
   *             atomic renames → one fsync of each touched folder (CopyGroup.commit); only then
   *             are the group's record entries added and does durable (and the ack) move to
   *             its last seq; when a group is committed is GroupCommits' (the scheduler's
   *             attempt comes at most CURSOR_EVERY late). The cursor is written only after the
   *             record's entries up to it are
   *             in a durable segment (flushCursor). So the cursor never claims a copy or a record
   *             entry that is not durable, and a replay (after a crash, the cursor lagging, or the
   *             cursor lost) meets copies that exist: a copy that exists and hashes right is not
   *             written again, and an event the record holds is not recorded again (exactly
   *             once). A copy's name holds its seq, so no other version ever wants it; a file
   *             found there with other bytes is moved to the quarantine, never overwritten.
   *             At start the cursor is lowered to the record's highest seq when it claims more
   *             (a folder from before the record, or a lost record). Events reach onEvent in
   *             strictly increasing seq (FeedClient).
   *             At most one daemon per backup folder (an OS lock on .revkeep-backup/daemon.lock).
   * Errors:     a failed write (disk full, permissions) or fetch is logged as an error and
   *             retried on the delivery thread with backoff (BackupSettings.retry(),
   *             CopyWriter.stageRetrying) until it succeeds or close(); the temporary file is
   *             removed first, so no partial file stays. A failed commit is retried the same way
   *             from where it stopped (the scheduler's attempt only logs). A group that close()
   *             cannot commit is discarded (its temps removed); kill -9 leaves temps the next
   *             start removes, and the replay from the cursor writes those copies again. Bytes that are gone (retention removed
   *             them before the backup ever copied them) are logged and skipped: there is
   *             nothing left to copy.
   * Shutdown:   close() wakes a retry wait, stops the scrub (joins it), closes the feed client
   *             (joins its threads), stops the scheduler (lets its task in progress end:
   *             interrupting only a retention still running after SHUTDOWN), commits the
   *             open group (or removes
   *             its temps), stops the fsync threads, writes the cursor a last time, removes
   *             the status, releases the lock. The store and vault belong to the caller.
   * Testing:    BackupDaemonIT (a real FeedServer, SQLite store and vault on 127.0.0.1: exactly
   *             once across restarts and replays, catch-up of 5,000 versions, vault vs feed
   *             mode); BackupStopIT (stops in the middle of a catch-up: the cursor saved, nothing
   *             logged as failed); GroupCommitIT (a burst committed in groups, in order; a failing copy
   *             mid-group; a killed group's temps); PathReuseIT (renames and office-style saves: no copy replaced, one record
   *             entry per version); MigrationIT (a folder in the old layout); the cli module's
   *             BackupCrashIT (kill -9 of a real process) and BackupDiskFullIT (a real tmpfs).
   */

  private static final Logger LOG = LogManager.getLogger(BackupDaemon.class);
  /** How often the scheduler writes a lagging cursor. */
  private static final Duration CURSOR_EVERY = Duration.ofMillis(200);
  /** How long close() waits for a scheduler task in progress. */
  private static final Duration SHUTDOWN = Duration.ofSeconds(10);

  private final BackupSettings settings;
  private final BackupFolder folder;
  private final RecordWriter record;
  private final Migration migration;
  private final Store store;
  private final Vault vault;
  private final RetentionPolicy policy;
  private final Clock clock;
  private final ExclusiveLock lock;
  private final FeedClient client;
  private final ScheduledExecutorService scheduler;
  private final StatusBoard.Publication statusPublication;
  private final Instant started;
  private final CountDownLatch closing = new CountDownLatch(1);
  /** Held by retention while it runs and by the scrub while it acts on a problem. */
  private final Object maintenance = new Object();
  /** The background scrub, or null when it is off. */
  private final Scrubber scrubber;

  private volatile long highestSeen;
  private final Object cursorLock = new Object();
  // @GuardedBy("cursorLock")
  private long persisted;
  /** Writes the copies (under the group commit's lock only); counts them. */
  private final CopyWriter copies;
  /** The open group of copies, its commits, and the last seq made durable. */
  private final GroupCommits commits;
  /** Why finishing the migration last failed (the scheduler thread, then close, only). */
  private String lastMigrationFailure;
  private volatile boolean closed;

  private BackupDaemon(BackupSettings s, Store store, Vault vault, RetentionPolicy policy, Clock clock)
      throws IOException {
    if (s.source() == BackupSettings.Source.VAULT && (store == null || vault == null)) {
      throw new IllegalArgumentException("a backup reading the vault needs the store and vault");
    }
    this.settings = s;
    this.store = store;
    this.vault = vault;
    this.policy = policy;
    this.clock = clock;
    this.started = clock.instant();
    this.folder = new BackupFolder(s.backup(), s.suffix());
    OwnerOnly.createFolder(folder.root()); // owner-only when new (issue 15); config makes it so too
    Files.createDirectories(folder.stateDir());
    lock = ExclusiveLock.acquire(folder.stateDir().resolve("daemon.lock"), "backup");
    scheduler = Threads.scheduler("revkeep-backup-cursor");
    FeedClient c = null;
    Scrubber sc = null;
    try {
      int leftovers = folder.removeLeftovers();
      if (leftovers > 0) {
        LOG.info("backup: removed {} temporary files left by an earlier run", leftovers);
      }
      record = RecordWriter.open(folder);
      migration = Migration.of(folder, clock);
      long cursor = folder.readCursor();
      long durable = Math.min(cursor, record.highestRecorded());
      if (durable < cursor) {
        folder.writeCursor(durable); // never claim what the record lacks, also for retention
        LOG.info("backup: the record holds events up to seq {}, the cursor said {}: replaying"
            + " from seq {}", durable, cursor, durable);
      }
      if (migration.active()) {
        LOG.info("backup: {} has no layout mark (written before the record, or new): old-layout"
            + " copies are renamed as the feed is replayed from seq {}", folder.root(), durable);
      }
      persisted = durable;
      highestSeen = durable;
      c = FeedClient.builder(s.host(), s.port(), s.token())
          .since(this::durableSeq)
          .handler(this::onEvent)
          .reconnect(true)
          .tls(s.feedTls())
          .build();
      client = c;
      copies = new CopyWriter(folder, migration, clock, s.source() == BackupSettings.Source.VAULT
          ? CopyWriter.fromVault(vault) : CopyWriter.fromFeed(c));
      commits = new GroupCommits(durable, copies, record, c, s.retry(), closing,
          folder.root());
      // scheduled once the client exists: the cursor task asks it whether the feed welcomed us
      scheduler.scheduleWithFixedDelay(this::flushCursorQuietly, CURSOR_EVERY.toMillis(),
          CURSOR_EVERY.toMillis(), TimeUnit.MILLISECONDS);
      if (s.source() == BackupSettings.Source.VAULT && policy != null && !s.pruneEvery().isZero()) {
        scheduler.scheduleWithFixedDelay(this::pruneQuietly, s.pruneEvery().toMillis(),
            s.pruneEvery().toMillis(), TimeUnit.MILLISECONDS);
      }
      scrubber = sc = s.scrubEvery().isZero() ? null : new Scrubber(folder,
          s.source() == BackupSettings.Source.VAULT ? vault : null, s.scrubEvery(), s.scrubRate(), clock,
          maintenance, () -> folder.hasCurrentLayout() && !migration.active());
      Path statusDir = s.statusDir() != null ? s.statusDir() : folder.stateDir();
      statusPublication = new StatusBoard(statusDir).publish("backup", this::serviceStatus);
      client.start();
      LOG.info("backup into {} from the feed at {}:{}{} ({} mode), durable up to seq {}",
          folder.root(), s.host(), s.port(), s.feedTls() != null ? " over TLS" : "",
          s.source().name().toLowerCase(), durable);
      LOG.info("backup copies made durable {}", BatchSync.describe());
    } catch (IOException | RuntimeException e) {
      if (c != null) {
        c.close();
      }
      if (sc != null) {
        sc.close();
      }
      scheduler.shutdownNow();
      releaseLock();
      throw e;
    }
  }

  /**
   * Starts following the feed.
   *
   * @param store the store (vault mode: for status and retention), or null in feed mode
   * @param vault the vault (vault mode), or null in feed mode
   * @param policy retention applied every {@code pruneEvery} in vault mode, or null for none
   */
  public static BackupDaemon start(BackupSettings settings, Store store, Vault vault,
      RetentionPolicy policy) throws IOException {
    return start(settings, store, vault, policy, Clock.systemUTC());
  }

  /**
   * Starts following the feed, with the time (of its start, and the "now" of retention) read
   * from {@code clock}; otherwise as {@link #start(BackupSettings, Store, Vault, RetentionPolicy)}.
   */
  public static BackupDaemon start(BackupSettings settings, Store store, Vault vault,
      RetentionPolicy policy, Clock clock) throws IOException {
    return new BackupDaemon(settings, store, vault, policy, clock);
  }

  /** The last seq whose copy is durable. */
  public long durableSeq() {
    return commits.durable();
  }

  /** Copies written by this daemon since it started (not counting ones that existed). */
  public long copiesWritten() {
    return copies.written.get();
  }

  /** Events whose copy already existed with the right bytes (a replay), since start. */
  public long copiesAlreadyPresent() {
    return copies.present.get();
  }

  /** Copies of the layout before the record renamed to their new name, since start. */
  public long copiesMigrated() {
    return migration.adopted();
  }

  /** Groups of copies committed together (one fsync of each touched folder each), since start. */
  public long copyGroups() {
    return commits.groups();
  }

  /** The fsyncs of copies and their folders made since start. */
  public long copyFsyncs() {
    return commits.fsyncs();
  }

  /** Whether the folder is still being migrated ({@link Migration}). */
  public boolean migrating() {
    return migration.active();
  }

  /** Whether the feed connection is up. */
  public boolean connected() {
    return client.isConnected();
  }

  public BackupFolder folder() {
    return folder;
  }

  // ---- the delivery thread ----

  private void onEvent(Event e) throws IOException {
    highestSeen = Math.max(highestSeen, e.seq());
    commits.handle(e);
  }

  // ---- the scheduler thread ----

  private void flushCursorQuietly() {
    commits.commitIfIdle();
    try {
      flushCursor();
    } catch (IOException | RuntimeException e) {
      LOG.error("backup: cannot write the record or the cursor in {}: {}", folder.stateDir(),
          e.toString());
    }
    try {
      migration.finishIfCaughtUp(client.welcomes() > 0, client.serverLast(), commits.durable());
    } catch (IOException | RuntimeException e) {
      if (!e.toString().equals(lastMigrationFailure)) { // tried again every 200 ms: said once
        LOG.error("backup: cannot finish migrating {}: {}", folder.root(), e.toString());
      }
      lastMigrationFailure = e.toString();
    }
  }

  /** Writes the record's pending entries, then the cursor file, if the cursor lags. */
  private void flushCursor() throws IOException {
    synchronized (cursorLock) {
      long d = commits.durable(); // read once: a seq whose copy is durable, its entry added
      if (d > persisted) {
        record.flushUpTo(d);
        folder.writeCursor(d);
        persisted = d;
      }
    }
  }

  private void pruneQuietly() {
    try {
      flushCursor();
      Pruner pruner = new Pruner(store, vault, folder, policy);
      Pruner.Result r;
      synchronized (maintenance) { // the scrub does not act on a copy retention is removing
        r = pruner.apply(pruner.plan(clock.instant()));
      }
      if (r.copiesRemoved() + r.vaultObjectsRemoved() > 0) {
        LOG.info("backup: retention ({}) removed {} copies and {} vault objects, {} bytes",
            policy.describe(), r.copiesRemoved(), r.vaultObjectsRemoved(), r.bytesFreed());
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("backup: retention failed: {}", e.toString());
    }
  }

  // ---- status ----

  /**
   * How many events the backup is behind the listener (the store's last seq − durable), or -1
   * when that is unknown. In feed mode (no store) the listener's last seq is what its feed said
   * (the welcome's {@code last}, then each event's seq); unknown until the first welcome.
   */
  public long behind() {
    if (store == null) {
      if (client == null || client.welcomes() == 0) {
        return -1;
      }
      return Math.max(0, Math.max(highestSeen, client.serverLast()) - commits.durable());
    }
    try {
      return Math.max(0, Math.max(highestSeen, store.lastSeq()) - commits.durable());
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /**
   * Publishes the backup's figures in {@code registry}: lag (events behind; -1 unknown),
   * the durable seq, copies written and their bytes. Call once, after start.
   */
  public void bindMetrics(MeterRegistry registry) {
    Gauge.builder("revkeep.backup.behind", this, BackupDaemon::behind)
        .description("Events not yet durable in the backup folder (-1: unknown).")
        .register(registry);
    Gauge.builder("revkeep.backup.durable.seq", this, BackupDaemon::durableSeq)
        .description("The last event whose copy is durable.").register(registry);
    FunctionCounter.builder("revkeep.backup.copies.written", copies.written, AtomicLong::get)
        .description("Backup copies written.").register(registry);
    FunctionCounter.builder("revkeep.backup.written.bytes", copies.bytesWritten, AtomicLong::get)
        .description("Bytes of the backup copies written.").register(registry);
    if (scrubber != null) {
      scrubber.bindMetrics(registry);
    }
  }

  private ServiceStatus serviceStatus() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("source", settings.source().name().toLowerCase());
    details.put("backup_folder", folder.root().toString());
    details.put("feed", settings.host() + ":" + settings.port());
    details.put("connected", client.isConnected());
    details.put("last_durable_seq", commits.durable());
    long behind = behind();
    details.put("behind", behind < 0 ? null : behind);
    details.put("last_seen_seq", highestSeen);
    details.put("copies_written", copies.written.get());
    details.put("copies_already_present", copies.present.get());
    details.put("migrating", migration.active());
    details.put("bytes_gone", copies.gone.get());
    details.put("last_error", copies.lastError());
    if (scrubber != null) {
      details.put("scrub", scrubber.status());
    }
    boolean damaged = scrubber != null && scrubber.unrepaired() > 0;
    return StatusBoard.now("backup", started, copies.lastError().isEmpty() && !damaged, details,
        clock);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closing.countDown();
    if (scrubber != null) {
      scrubber.close();
    }
    client.close();
    // the scheduler's task in progress finishes: interrupted, a record or cursor write it had
    // begun would end in ClosedByInterruptException, logged as a failure though the cursor is
    // written again below; only a retention still running after SHUTDOWN is interrupted
    if (!Threads.shutdown(scheduler, SHUTDOWN)) {
      Threads.shutdownNow(scheduler, SHUTDOWN);
    }
    commits.commitOrDiscard();
    flushCursorQuietly();
    statusPublication.close();
    releaseLock();
    LOG.info("backup stopped, durable up to seq {}", commits.durable());
  }

  private void releaseLock() {
    try {
      lock.close();
    } catch (IOException e) {
      LOG.warn("releasing the backup lock: {}", e.toString());
    }
  }
}
