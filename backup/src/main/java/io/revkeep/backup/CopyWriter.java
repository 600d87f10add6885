package io.revkeep.backup;

import io.revkeep.core.Sha256;
import io.revkeep.core.model.Event;
import io.revkeep.core.retry.Backoff;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.BlobMissingException;
import io.revkeep.feed.FeedClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Writes one version's copy into the backup folder, exactly once: temp file → verify against the
 * version's hash → read-only ({@link #stage}); the fsync, the atomic rename and the fsync of its
 * folder follow for a whole group of copies at once ({@link CopyGroup#commit}). A copy
 * already there with the right bytes is kept; one with other bytes is quarantined first (no
 * other version is ever named so: the seq is in the name, {@link CopyNames}); an old-layout
 * copy is adopted by renaming ({@link Migration}).
 *
 * <p>Called by {@link BackupDaemon} under its groupLock only (the folder's one writer of copies);
 * the counters are read by any thread.
 */
final class CopyWriter {
  private static final Logger LOG = LogManager.getLogger(BackupDaemon.class);
  /** How long one fetch over the feed may take before it is retried. */
  private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(10);

  /**
   * Where a version's bytes come from: writes those of {@code hash} to {@code temp} (which need
   * not be fsynced yet: {@link CopyGroup#commit} does it).
   */
  interface ByteSource {
    /**
     * @return the SHA-256 of the very bytes written to {@code temp}, hashed as they were written
     * @throws BlobMissingException when the bytes are no longer kept anywhere
     */
    String copyInto(String hash, Path temp) throws IOException;
  }

  /** Copies written (not counting ones that existed). */
  final AtomicLong written = new AtomicLong();
  /** Bytes of the copies written. */
  final AtomicLong bytesWritten = new AtomicLong();
  /** Events whose copy already existed with the right bytes (a replay). */
  final AtomicLong present = new AtomicLong();
  /** Versions whose bytes were gone before they were copied (retention removed them). */
  final AtomicLong gone = new AtomicLong();
  /** Why the last attempt at a copy failed; empty once one succeeds. */
  private volatile String lastError = "";

  private final BackupFolder folder;
  private final Migration migration;
  private final Clock clock;
  private final ByteSource source;

  CopyWriter(BackupFolder folder, Migration migration, Clock clock, ByteSource source) {
    this.folder = folder;
    this.migration = migration;
    this.clock = clock;
    this.source = source;
  }

  /** The bytes from the vault on this host. */
  static ByteSource fromVault(Vault vault) {
    return (hash, temp) -> {
      Optional<InputStream> in = vault.open(hash);
      if (in.isEmpty()) {
        throw new BlobMissingException("the vault has no object " + hash);
      }
      try (InputStream s = in.get()) {
        return BackupFolder.write(s, temp);
      }
    };
  }

  /** The bytes fetched over the feed from the listener's host. */
  static ByteSource fromFeed(FeedClient client) {
    return (hash, temp) -> {
      try {
        client.fetch(hash, temp).get(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return hash; // the fetch hashed what it wrote and failed unless it was this
      } catch (ExecutionException ex) {
        Throwable cause = ex.getCause();
        if (cause instanceof IOException io) {
          throw io;
        }
        throw new IOException("fetch " + hash + ": " + cause, cause);
      } catch (TimeoutException ex) {
        throw new IOException("fetch " + hash + ": no answer in " + FETCH_TIMEOUT.toMinutes()
            + " minutes");
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("fetch " + hash + " interrupted");
      }
    };
  }

  /** Why the last attempt at a copy failed, or empty when the last one succeeded. */
  String lastError() {
    return lastError;
  }

  /**
   * {@link #stage}, retried with {@code retry}'s waits until it succeeds, the version's bytes are
   * gone (then a staged event without a copy: there is nothing left to copy), or {@code closing}
   * opens. Before the first wait it runs {@code beforeWaiting} (the daemon commits the copies
   * staged so far, so they do not wait for this one).
   *
   * @throws InterruptedIOException when closing (or interrupted) before the copy was made
   */
  CopyGroup.Staged stageRetrying(Event e, Backoff retry, CountDownLatch closing,
      Runnable beforeWaiting) throws IOException {
    Backoff.Attempts attempts = retry.attempts();
    boolean waited = false;
    while (true) {
      try {
        CopyGroup.Staged staged = stage(e);
        lastError = "";
        return staged;
      } catch (BlobMissingException missing) {
        gone.incrementAndGet();
        LOG.warn("backup: no copy of {} v{} (seq {}): its bytes are no longer kept (removed by"
            + " retention before the backup copied them): {}", e.name(), e.version(), e.seq(),
            missing.getMessage());
        return CopyGroup.Staged.done(e, null);
      } catch (IOException failure) {
        if (closing.getCount() == 0) {
          throw failure;
        }
        if (!waited) {
          waited = true;
          beforeWaiting.run();
        }
        lastError = failure.getMessage();
        Duration wait = attempts.failed();
        LOG.error("backup: cannot copy {} v{} (seq {}) into {}: {}; retrying in {} ms",
            e.name(), e.version(), e.seq(), folder.root(), failure.getMessage(),
            wait.toMillis());
        waitBeforeRetry(closing, wait);
      }
    }
  }

  /**
   * Writes and checks the copy of one version as a temporary file beside its target, unless the
   * copy already is in place (then the staged event has no temp). On failure no partial file
   * stays.
   */
  CopyGroup.Staged stage(Event e) throws IOException {
    Path target = folder.copyOf(e);
    String name = folder.relative(target);
    // exists() first: a missing copy is the common case, and ofFile would learn it from a
    // NoSuchFileException (its stack trace filled in each time)
    Optional<String> existing = Files.exists(target, LinkOption.NOFOLLOW_LINKS)
        ? Sha256.ofFile(target) : Optional.empty();
    if (existing.isPresent()) {
      if (existing.get().equals(e.hash())) {
        present.incrementAndGet();
        LOG.debug("backup: {} already holds seq {}; not written again", target, e.seq());
        return CopyGroup.Staged.done(e, name);
      }
      // no other version is ever named so (the seq is in the name): damaged bytes
      Quarantine.move(folder, target, clock.instant(), "it holds other bytes than " + e.name()
          + " v" + e.version() + " (seq " + e.seq() + "), whose copy it is named as; the right"
          + " copy is written in its place");
    }
    if (migration.adopt(e, target)) {
      return CopyGroup.Staged.done(e, name);
    }
    if (!Files.isDirectory(target.getParent(), LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(target.getParent()); // throws for a folder that exists already
    }
    Path temp = BackupFolder.tempNextTo(target);
    boolean staged = false;
    try {
      // the hash of the bytes as they were handed to write(), not of what was sent: reading
      // the file back would only read the same page cache again; the scrubber rereads copies
      // from the disk (Scrubber)
      String hash = source.copyInto(e.hash(), temp);
      if (!hash.equals(e.hash())) {
        throw new IOException("the bytes written for " + target + " hash to " + hash
            + ", not to the version's " + e.hash());
      }
      BackupFolder.makeReadOnly(temp);
      // nothing stands at target: checked above, and the caller is the folder's one writer
      staged = true;
      return new CopyGroup.Staged(e, name, target, temp);
    } finally {
      if (!staged) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Counts (and logs) a copy its group's commit made durable. */
  void committed(CopyGroup.Staged s) {
    if (s.temp() == null) {
      return;
    }
    written.incrementAndGet();
    bytesWritten.addAndGet(s.event().size());
    LOG.info("backup: wrote {} (seq {})", s.name(), s.event().seq());
  }

  /**
   * Waits {@code wait} before a retry, unless the backup stops meanwhile.
   *
   * @throws InterruptedIOException when {@code closing} opens or the thread is interrupted
   */
  static void waitBeforeRetry(CountDownLatch closing, Duration wait)
      throws InterruptedIOException {
    try {
      if (closing.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new InterruptedIOException("backup stopping");
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("backup interrupted");
    }
  }
}
