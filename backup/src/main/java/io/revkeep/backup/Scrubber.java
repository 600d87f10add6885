package io.revkeep.backup;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.revkeep.core.Sha256;
import io.revkeep.core.Threads;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The backup's slow background scrub ({@code [backup] scrub_every}, {@code scrub_rate}): once
 * per period it reads every copy the backup record lists and retention has not removed, and in
 * vault mode every vault object those copies hold, at no more than the configured bytes per
 * second, and checks each against its hash. A damaged or missing copy is rewritten from the vault
 * in vault mode, a damaged or missing vault object from a good copy ({@link Repair}: quarantined
 * first, never overwritten); in feed mode a damaged copy is only reported. Findings go to the
 * backup's status, health and metrics through {@link BackupDaemon}.
 */
final class Scrubber implements AutoCloseable {
  /*
   * Threads:    one, revkeep-backup-scrub, started by the constructor and owned by the
   *             BackupDaemon, which closes it before it releases the folder. It only reads, and
   *             writes only to repair. Status and metrics threads read its counters.
   * State:      the counters (AtomicLong) and lastPassEnd, lastPassSeconds, unrepaired,
   *             lastProblem (volatile; written by the scrub thread only). The end of the last
   *             pass is also kept in <backup>/.revkeep-backup/scrub-last, so a restart does not
   *             start the period again.
   * Invariants: the scrub reads only copies of the record as it is on disk. An entry is on disk
   *             only after its copy is durable and its seq is at or below the daemon's durable
   *             seq, and the delivery thread only writes copies of later seqs: the scrub and the
   *             delivery thread never touch the same file, and the scrub never waits for it nor
   *             it for the scrub. Retention (the daemon's scheduler) removes copies the record
   *             lists; a problem is therefore acted on only under the daemon's maintenance lock,
   *             which retention holds while it runs, after reading the record again: a copy
   *             retention removed meanwhile is not a problem. A pass does not start while the
   *             folder is migrating (copies are being renamed then).
   * Shutdown:   close() opens the stop latch (ending a pace or period wait at once) and joins
   *             the thread; it is not interrupted, so a repair in progress is finished (Repair).
   */

  private static final Logger LOG = LogManager.getLogger(Scrubber.class);
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final Duration JOIN = Duration.ofSeconds(10);
  /** The file holding the end of the last pass, in the state folder. */
  static final String LAST_PASS_FILE = "scrub-last";

  private final BackupFolder folder;
  private final Vault vault;
  private final Duration every;
  private final long bytesPerSecond;
  private final Clock clock;
  private final Object maintenance;
  private final BooleanSupplier ready;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;

  final AtomicLong passes = new AtomicLong();
  final AtomicLong copiesScrubbed = new AtomicLong();
  final AtomicLong objectsScrubbed = new AtomicLong();
  final AtomicLong bytesScrubbed = new AtomicLong();
  final AtomicLong damagedFound = new AtomicLong();
  final AtomicLong repaired = new AtomicLong();
  private volatile Instant lastPassEnd;
  private volatile double lastPassSeconds;
  private volatile long unrepaired;
  private volatile String lastProblem = "";

  /**
   * Starts the scrub thread.
   *
   * @param vault the vault (vault mode: objects are scrubbed and repairs made), or null
   * @param maintenance held by retention while it runs; the scrub holds it to act on a problem
   * @param ready whether a pass may start (the folder is in the current layout, not migrating)
   */
  Scrubber(BackupFolder folder, Vault vault, Duration every, long bytesPerSecond, Clock clock,
      Object maintenance, BooleanSupplier ready) {
    if (every.isZero() || every.isNegative() || bytesPerSecond < 1) {
      throw new IllegalArgumentException("scrub needs a period > 0 and a rate >= 1 byte/s");
    }
    this.folder = folder;
    this.vault = vault;
    this.every = every;
    this.bytesPerSecond = bytesPerSecond;
    this.clock = clock;
    this.maintenance = maintenance;
    this.ready = ready;
    this.lastPassEnd = readLastPass();
    this.thread = Threads.daemon("revkeep-backup-scrub").newThread(this::run);
    thread.start();
  }

  // ---- the scrub thread ----

  private void run() {
    try {
      while (stop.getCount() > 0) {
        Instant last = lastPassEnd;
        Duration wait = last == null ? Duration.ZERO
            : Duration.between(clock.instant(), last.plus(every));
        if (!wait.isNegative() && !wait.isZero()
            && stop.await(wait.toMillis() + 1, TimeUnit.MILLISECONDS)) {
          return;
        }
        if (!ready.getAsBoolean()) {
          // migrating or not caught up yet: look again in a little while
          if (stop.await(Math.min(every.toMillis(), 1000), TimeUnit.MILLISECONDS)) {
            return;
          }
          continue;
        }
        try {
          pass();
        } catch (IOException | RuntimeException e) {
          lastProblem = "scrub pass failed: " + e.getMessage();
          LOG.error("backup: the scrub pass failed: {}", e.toString());
          lastPassEnd = clock.instant(); // try again next period, not in a busy loop
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // close()
    }
  }

  /** One pass over the record's copies (and in vault mode, their vault objects). */
  private void pass() throws IOException, InterruptedException {
    Instant begun = clock.instant();
    long startNanos = System.nanoTime();
    ScrubPace pace = new ScrubPace(bytesPerSecond, System::nanoTime, stop);
    BackupRecord record = BackupRecord.read(folder.root(),
        damage -> LOG.warn("backup scrub: {}", damage));
    long left = 0;
    long copies = 0;
    String problem = "";
    Map<String, Path> goodCopy = new LinkedHashMap<>();
    Map<String, RecordedVersion> objects = new LinkedHashMap<>();
    for (RecordedVersion v : record.versions()) {
      if (v.copy() == null || v.hash() == null || record.removal(v.seq()).isPresent()) {
        continue;
      }
      Path copy = folder.copyAt(v.copy());
      Optional<String> actual = hash(copy, pace);
      if (stop.getCount() == 0) {
        return;
      }
      copiesScrubbed.incrementAndGet();
      copies++;
      objects.putIfAbsent(v.hash(), v);
      if (actual.isPresent() && actual.get().equals(v.hash())) {
        goodCopy.putIfAbsent(v.hash(), copy);
        continue;
      }
      String found = badCopy(v, copy, actual.isEmpty());
      if (found != null) {
        left++;
        problem = found;
      }
    }
    if (vault != null) {
      for (Map.Entry<String, RecordedVersion> e : objects.entrySet()) {
        Optional<String> actual = hash(vault.pathOf(e.getKey()), pace);
        if (stop.getCount() == 0) {
          return;
        }
        objectsScrubbed.incrementAndGet();
        if (actual.isEmpty() || !actual.get().equals(e.getKey())) {
          String found = badObject(e.getValue(), goodCopy.get(e.getKey()), actual.isEmpty());
          if (found != null) {
            left++;
            problem = found;
          }
        }
      }
    }
    Instant end = clock.instant();
    unrepaired = left;
    lastProblem = problem;
    lastPassSeconds = (System.nanoTime() - startNanos) / 1e9;
    lastPassEnd = end;
    passes.incrementAndGet();
    writeLastPass(end);
    LOG.info("backup: scrub pass begun at {} done: {} copies{} checked, {} left damaged", begun,
        copies, vault != null ? " and " + objects.size() + " vault objects" : "", left);
  }

  /** A copy found damaged or missing; returns the problem left, or null when none is. */
  private String badCopy(RecordedVersion v, Path copy, boolean missing) throws IOException {
    synchronized (maintenance) {
      if (BackupRecord.read(folder.root(), damage -> { }).removal(v.seq()).isPresent()) {
        return null; // retention removed it since the pass read the record
      }
      damagedFound.incrementAndGet();
      String what = "backup copy " + v.copy() + " of " + v + ": "
          + (missing ? "missing" : "its bytes do not match the version's hash");
      if (vault == null) {
        LOG.error("backup scrub: {} (feed mode: not repaired; revkeep verify --repair on the"
            + " listener's host rewrites it)", what);
        return what;
      }
      if (vault.verify(v.hash())
          && Repair.backupCopy(folder, copy, v.hash(), vault, clock.instant())
              == Repair.CopyOutcome.REPAIRED) {
        repaired.incrementAndGet();
        LOG.warn("backup scrub: {}; repaired from the vault", what);
        return null;
      }
      LOG.error("backup scrub: {}; cannot repair: the vault object is damaged or missing too",
          what);
      return what + "; the vault object is damaged or missing too";
    }
  }

  /** A vault object found damaged or missing; returns the problem left, or null when none is. */
  private String badObject(RecordedVersion v, Path goodCopy, boolean missing)
      throws IOException {
    synchronized (maintenance) {
      if (vault.verify(v.hash())) {
        return null; // retention moved it to its trash and back, or a repair was quicker
      }
      if (missing && BackupRecord.read(folder.root(), damage -> { }).removal(v.seq())
          .isPresent()) {
        return null; // retention removed it since the pass read the record
      }
      damagedFound.incrementAndGet();
      String what = "vault object " + v.hash() + " of " + v + ": "
          + (missing ? "missing" : "its bytes do not match its hash");
      if (goodCopy != null && Repair.vaultObject(vault, v.hash(), goodCopy, clock.instant())) {
        repaired.incrementAndGet();
        LOG.warn("backup scrub: {}; repaired from the backup copy {}", what,
            folder.relative(goodCopy));
        return null;
      }
      LOG.error("backup scrub: {}; cannot repair: no good backup copy of these bytes", what);
      return what + "; no good backup copy of these bytes";
    }
  }

  /** The file's hash, read at the pace; empty when it is missing. */
  private Optional<String> hash(Path file, ScrubPace pace) throws IOException,
      InterruptedException {
    MessageDigest sha = Sha256.digest();
    long n = 0;
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[BUFFER_BYTES];
      int r;
      while ((r = in.read(buf)) >= 0) {
        sha.update(buf, 0, r);
        n += r;
        if (!pace.read(r)) {
          break; // stopping; the caller sees the latch
        }
      }
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    bytesScrubbed.addAndGet(n);
    return Optional.of(Sha256.hex(sha));
  }

  private Instant readLastPass() {
    try {
      return Instant.parse(Files.readString(folder.stateDir().resolve(LAST_PASS_FILE),
          StandardCharsets.UTF_8).strip());
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | DateTimeParseException e) {
      LOG.warn("backup: cannot read the end of the last scrub pass ({}); scrubbing now",
          e.toString());
      return null;
    }
  }

  private void writeLastPass(Instant end) {
    try {
      BackupFolder.writeAtomically(folder.stateDir().resolve(LAST_PASS_FILE),
          (end + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      LOG.warn("backup: cannot record the end of the scrub pass: {}", e.toString());
    }
  }

  // ---- status ----

  /** The scrub's figures for the backup's status (StatusBoard details). */
  Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("every_seconds", every.toSeconds());
    s.put("rate_bytes_per_second", bytesPerSecond);
    s.put("passes", passes.get());
    Instant end = lastPassEnd;
    s.put("last_pass_end", end == null ? null : end.toString());
    s.put("last_pass_seconds", lastPassSeconds);
    s.put("copies_scrubbed", copiesScrubbed.get());
    s.put("vault_objects_scrubbed", objectsScrubbed.get());
    s.put("bytes_scrubbed", bytesScrubbed.get());
    s.put("damaged_found", damagedFound.get());
    s.put("repaired", repaired.get());
    s.put("unrepaired", unrepaired);
    s.put("last_problem", lastProblem);
    return s;
  }

  /** Damaged copies or objects the last pass left as they were. */
  long unrepaired() {
    return unrepaired;
  }

  /** The end of the last pass, in seconds since the epoch; 0 before the first. */
  double lastPassEpochSeconds() {
    Instant end = lastPassEnd;
    return end == null ? 0 : end.getEpochSecond();
  }

  @Override
  public void close() {
    // no interrupt: it would close a file channel mid-repair; every wait ends on the latch and
    // every read is one block
    stop.countDown();
    if (!Threads.join(thread, JOIN)) {
      LOG.warn("backup: the scrub thread did not stop within {} s", JOIN.toSeconds());
    }
  }

  /** Publishes the scrub's figures in {@code registry}. Call once. */
  void bindMetrics(MeterRegistry registry) {
    FunctionCounter.builder("revkeep.backup.scrub.copies", copiesScrubbed,
        AtomicLong::get).description("Backup copies the scrub checked.").register(registry);
    FunctionCounter.builder("revkeep.backup.scrub.vault.objects", objectsScrubbed,
        AtomicLong::get).description("Vault objects the scrub checked.").register(registry);
    FunctionCounter.builder("revkeep.backup.scrub.bytes", bytesScrubbed,
        AtomicLong::get).description("Bytes the scrub read.").register(registry);
    FunctionCounter.builder("revkeep.backup.scrub.damaged", damagedFound,
        AtomicLong::get).description("Damaged or missing copies and vault objects the scrub"
            + " found (one left unrepaired is counted again by each pass).").register(registry);
    FunctionCounter.builder("revkeep.backup.scrub.repaired", repaired,
        AtomicLong::get).description("Copies and vault objects the scrub repaired.")
        .register(registry);
    Gauge.builder("revkeep.backup.scrub.unrepaired", this, Scrubber::unrepaired)
        .description("Damaged copies and vault objects the last scrub pass could not repair.")
        .register(registry);
    Gauge.builder("revkeep.backup.scrub.last.pass", this, Scrubber::lastPassEpochSeconds)
        .description("When the last scrub pass ended, seconds since the epoch (0: none yet).")
        .register(registry);
  }
}
