package io.revkeep.cli;

import io.revkeep.core.Sha256;
import io.revkeep.config.Config;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.Lock;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.model.WriteIntent;
import io.revkeep.core.paths.AtomicWrite;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts a recorded version back into the shared folder the way every edit arrives there, so the
 * listener records it as a new version and history is never rewritten (revert, restore).
 *
 * <p>The order is what keeps "no version is lost" true:
 * <ol>
 *   <li>the listener must be running and healthy — a write it would not record is not made;
 *   <li>a lock held by someone else ({@code [revisions] lockfiles = true}) refuses the write;
 *   <li>what stands at the target on disk must already be recorded as its newest version (wait
 *       for the listener, bounded); otherwise nothing is written;
 *   <li>a {@link WriteIntent} tells the listener who writes which content (origin {@code cli},
 *       the OS user); the bytes come from the vault and land by {@link AtomicWrite};
 *   <li>wait (bounded) until the listener has recorded the new version, and report its number.
 * </ol>
 * Between step 3 and 4 someone could still edit the file; that edit is then overwritten before
 * the listener read it. The window is one vault read long; closing it needs a lock the editors
 * of a shared folder do not take.
 */
final class WriteBack {
  /** How long to wait for the listener to record a change before giving up. */
  static final Duration RECORD_TIMEOUT = Duration.ofSeconds(30);
  /** How often the store is polled while waiting. */
  static final Duration POLL = Duration.ofMillis(50);
  /** How long the write intent stays valid: the listener records well within it. */
  static final Duration INTENT_TTL = Duration.ofMinutes(1);

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private final Config config;
  private final Store store;
  private final Vault vault;
  private final SharedRoot root;
  private final String user;

  WriteBack(Config config, Store store, Vault vault) {
    this.config = config;
    this.store = store;
    this.vault = vault;
    this.root = new SharedRoot(config.paths().shared());
    this.user = osUser();
  }

  /** The OS user running the command: the owner of CLI versions and of locks. */
  static String osUser() {
    return Objects.requireNonNullElse(System.getProperty("user.name"), "unknown");
  }

  String user() {
    return user;
  }

  /** Refuses unless a listener publishes a fresh, healthy status on this data folder. */
  void requireListener() {
    Optional<ServiceStatus> st = new StatusBoard(config.paths().data()).read("listener");
    if (st.isEmpty() || !st.get().aliveAt(Instant.now())) {
      throw new UserError("the listener is not running: start it with 'revkeep up'"
          + " (nothing was changed: a write it would not record is not made)");
    }
    if (!st.get().healthy()) {
      throw new UserError("the listener is running but unhealthy (see 'revkeep status');"
          + " nothing was changed: restart it with 'revkeep up'");
    }
  }

  /** Refuses if {@code path} is locked by another owner (only with lockfiles = true). */
  void requireUnlocked(String path) {
    if (!config.revisions().lockFiles()) {
      return;
    }
    Optional<Lock> lock = store.lock(path, Instant.now());
    if (lock.isPresent() && !lock.get().owner().equals(user)) {
      throw new UserError(path + " is locked by " + lock.get().owner() + " until "
          + TIME.format(lock.get().expiry()) + "; ask them to unlock it, or try after that");
    }
  }

  /** Refuses a target the listener would never record: an ignored name, a revkeep folder. */
  Path requireVersionable(String path) throws BadPathException {
    Path abs = root.resolveForWrite(path);
    String name = abs.getFileName().toString();
    if (name.startsWith(SharedRoot.TEMP_PREFIX)) {
      throw new BadPathException("'" + path + "' is a revkeep temporary name; choose another");
    }
    for (String glob : config.listener().ignore()) {
      String g = glob.trim();
      if (g.isEmpty()) {
        continue;
      }
      PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + g);
      if (m.matches(abs.getFileName())) {
        throw new BadPathException("'" + path + "' matches the [listener] ignore pattern '" + g
            + "': revkeep does not version it; choose another name");
      }
    }
    for (Path own : List.of(config.paths().data(), config.paths().backup())) {
      if (abs.startsWith(own.toAbsolutePath().normalize())) {
        throw new BadPathException("'" + path + "' lies in revkeep's own folder " + own);
      }
    }
    return abs;
  }

  /**
   * Checks that a version has bytes to write back, and says which version and why if not.
   */
  void requireContent(VersionRecord v) {
    if (v.hash() == null) {
      throw new UserError("version " + v.version() + " of " + v.path() + " is a deletion: it has"
          + " no content to restore; pick another version (see 'revkeep history " + v.path()
          + "')");
    }
    if (!vault.contains(v.hash())) {
      throw new UserError("the bytes of version " + v.version() + " of " + v.path()
          + " are not in the vault (removed by retention, or the vault is damaged): it cannot be"
          + " restored; 'revkeep verify' checks the vault");
    }
  }

  /**
   * Waits until what stands at {@code path} on disk is the newest recorded version there (or
   * nothing stands there); refuses, having changed nothing, if that takes longer than
   * {@link #RECORD_TIMEOUT}.
   *
   * @return the hash of what stands there now, or empty if nothing does
   */
  Optional<String> awaitCurrentRecorded(String path, Path abs) throws IOException {
    Instant deadline = Instant.now().plus(RECORD_TIMEOUT);
    Object lastKey = null;
    String lastHash = null;
    while (true) {
      BasicFileAttributes attrs;
      try {
        attrs = Files.readAttributes(abs, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (java.nio.file.NoSuchFileException e) {
        return Optional.empty();
      }
      Object key = List.of(attrs.size(), attrs.lastModifiedTime(), String.valueOf(attrs.fileKey()));
      if (!key.equals(lastKey)) {
        lastHash = Sha256.ofFile(abs).orElse(null);
        lastKey = key;
      }
      if (lastHash != null) {
        Optional<FileRecord> rec = store.file(path);
        if (rec.isPresent() && !rec.get().deleted() && lastHash.equals(rec.get().hash())) {
          return Optional.of(lastHash);
        }
      }
      if (Instant.now().isAfter(deadline)) {
        throw new UserError(path + " has changes revkeep has not recorded yet, and the listener"
            + " did not record them within " + RECORD_TIMEOUT.toSeconds() + " s; nothing was"
            + " changed: try again, and check 'revkeep status'");
      }
      pause();
    }
  }

  /**
   * Writes the bytes of {@code source} to {@code path} and waits for the listener to record them.
   *
   * @param before the version number at {@code path} before the write (0 if none)
   * @return the version number the listener gave the new content
   */
  int write(String path, VersionRecord source, int before) throws BadPathException, IOException {
    store.expectWrite(new WriteIntent(path, source.hash(), user, Origin.CLI, null,
        Instant.now().plus(INTENT_TTL)));
    Optional<InputStream> in = vault.open(source.hash());
    if (in.isEmpty()) {
      requireContent(source); // throws, naming the version
    }
    try (InputStream s = in.get()) {
      AtomicWrite.write(root, path, s);
    }
    Instant deadline = Instant.now().plus(RECORD_TIMEOUT);
    while (true) {
      Optional<FileRecord> rec = store.file(path);
      if (rec.isPresent() && !rec.get().deleted() && rec.get().version() > before
          && source.hash().equals(rec.get().hash())) {
        return rec.get().version();
      }
      if (Instant.now().isAfter(deadline)) {
        throw new UserError("wrote " + path + " but the listener has not recorded it within "
            + RECORD_TIMEOUT.toSeconds() + " s; check 'revkeep status' and 'revkeep history "
            + path + "'");
      }
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted while waiting for the listener; nothing more was done");
    }
  }
}
