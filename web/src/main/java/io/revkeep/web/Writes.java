package io.revkeep.web;

import io.revkeep.core.Durable;
import io.revkeep.core.Sha256;
import io.revkeep.core.paths.AtomicWrite;
import io.revkeep.core.model.Lock;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.WriteIntent;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.OnDisk;
import io.revkeep.core.store.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * How the web puts content into the shared folder: the way an edit arrives, so the listener
 * records it as a new version (by the web user, origin {@code web}).
 *
 * <ol>
 *   <li>{@link #stage}: the bytes stream into a file in the staging folder
 *       {@code <shared>/.revkeep-tmp-web-staging/} (the listener ignores {@code .revkeep-tmp-}
 *       names; being under the shared root, it is on the same file system), hashed on the way,
 *       then fsynced. Memory use does not depend on the size.
 *   <li>{@link #checkTarget}: the path is checked — no {@code ..}, not absolute, no NUL or
 *       control character, no symbolic link on the way, not an ignored or temporary name, not
 *       locked by someone else, and nothing unrecorded stands there (restore never destroys).
 *   <li>{@link #commit}: a {@link WriteIntent} tells the listener who writes which content, the
 *       staged file is renamed over the target in one step, and the folder is fsynced.
 * </ol>
 * A request that fails before its commit leaves nothing in the shared folder.
 */
final class Writes {
  /** The staging folder's name, directly under the shared root. */
  static final String STAGING = SharedRoot.TEMP_PREFIX + "web-staging";
  /** How long a write intent stays valid: the listener records well within it. */
  static final Duration INTENT_TTL = Duration.ofMinutes(10);
  private static final int BUFFER_BYTES = 128 * 1024;
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

  /** Content staged for a write; {@link #discard} it unless committed. */
  record Staged(Path file, String hash, long size) {}

  private final SharedRoot root;
  private final Store store;
  private final boolean lockFiles;
  private final List<PathMatcher> ignore;
  private final List<Path> ownFolders;
  private final Clock clock;
  private final Path staging;

  /** The shared folder. */
  java.nio.file.Path sharedRoot() {
    return root.path();
  }

  Writes(SharedRoot root, Store store, boolean lockFiles, List<String> ignoreGlobs,
      List<Path> ownFolders, Clock clock) throws IOException {
    this.root = root;
    this.store = store;
    this.lockFiles = lockFiles;
    this.ignore = ignoreGlobs.stream().map(String::trim).filter(g -> !g.isEmpty())
        .map(g -> FileSystems.getDefault().getPathMatcher("glob:" + g)).toList();
    this.ownFolders = ownFolders.stream().map(p -> p.toAbsolutePath().normalize()).toList();
    this.clock = clock;
    this.staging = root.path().resolve(STAGING);
    if (Files.isSymbolicLink(staging)) {
      throw new IOException(staging + " is a symbolic link; remove it (the web stages uploads"
          + " there and will not follow a link out of the shared folder)");
    }
    Files.createDirectories(staging);
    try (var old = Files.list(staging)) { // leftovers of a crash
      for (Path p : (Iterable<Path>) old::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  Path staging() {
    return staging;
  }

  /** Streams {@code in} (to its end) into a new staged file, hashing it; fsyncs it. */
  Staged stage(InputStream in) throws IOException {
    Path file = staging.resolve(UUID.randomUUID() + ".part");
    MessageDigest sha = Sha256.digest();
    long size = 0;
    boolean ok = false;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      OutputStream out = Channels.newOutputStream(ch);
      byte[] buf = new byte[BUFFER_BYTES];
      int n;
      while ((n = in.read(buf)) >= 0) {
        sha.update(buf, 0, n);
        out.write(buf, 0, n);
        size += n;
      }
      ch.force(true);
      ok = true;
    } finally {
      if (!ok) {
        Files.deleteIfExists(file);
      }
    }
    return new Staged(file, Sha256.hex(sha), size);
  }

  static void discard(Staged s) {
    try {
      Files.deleteIfExists(s.file());
    } catch (IOException e) {
      // the staging folder is emptied at the next start
    }
  }

  /**
   * Checks that {@code user} may write a new version at this user-given path now.
   *
   * @return the stored form of the path
   * @throws HttpError 400 for a bad path, 409 for a lock or unrecorded changes
   */
  String checkTarget(String userPath, String user) throws IOException {
    return checkTarget(userPath, user, true);
  }

  /** The shared folder these writes land in. */
  SharedRoot root() {
    return root;
  }

  /**
   * {@link #checkTarget(String, String)}; {@code requireRecorded} false skips the check that what
   * stands there is recorded (a folder restore waits for the listener instead, bounded).
   */
  String checkTarget(String userPath, String user, boolean requireRecorded) throws IOException {
    String path;
    Path abs;
    try {
      path = SharedRoot.normalize(userPath);
      abs = root.resolveForWrite(path);
    } catch (BadPathException e) {
      throw new HttpError(400, e.getMessage());
    }
    for (String segment : path.split("/")) {
      if (segment.startsWith(SharedRoot.TEMP_PREFIX)) {
        throw new HttpError(400, "'" + path + "' uses a revkeep temporary name ("
            + SharedRoot.TEMP_PREFIX + "…), which is never versioned; choose another");
      }
    }
    for (PathMatcher m : ignore) {
      if (m.matches(abs.getFileName())) {
        throw new HttpError(400, "'" + path + "' matches a [listener] ignore pattern: revkeep"
            + " would not version it; choose another name");
      }
    }
    for (Path own : ownFolders) {
      if (abs.startsWith(own)) {
        throw new HttpError(400, "'" + path + "' lies in revkeep's own folder " + own);
      }
    }
    // The nearest existing ancestor must really be inside the root (belt and braces: no link).
    Path existing = abs.getParent();
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null || !existing.toRealPath().startsWith(root.path())) {
      throw new HttpError(400, "the path '" + path + "' leads out of the shared folder");
    }
    if (lockFiles) {
      Optional<Lock> lock = store.lock(path, clock.instant());
      if (lock.isPresent() && !lock.get().owner().equals(user)) {
        throw new HttpError(409, path + " is locked by " + lock.get().owner() + " until "
            + TIME.format(lock.get().expiry()));
      }
    }
    if (requireRecorded) {
      requireRecorded(path, abs);
    }
    return path;
  }

  /** Refuses (409) when what stands at the target differs from its newest recorded version. */
  private void requireRecorded(String path, Path abs) throws IOException {
    if (OnDisk.check(store.file(path).filter(r -> !r.deleted()), abs) == OnDisk.UNRECORDED) {
      throw new HttpError(409, path + " has changes revkeep has not recorded yet (the listener"
          + " records them within a second or two); nothing was written: try again");
    }
  }


  /**
   * Puts a staged file at {@code path} (checked by {@link #checkTarget}) for {@code user}.
   *
   * @return the absolute target
   */
  Path commit(Staged staged, String path, String user, String changeSet) throws IOException {
    Path target;
    try {
      target = root.resolveForWrite(path);
      AtomicWrite.createFolders(root, target.getParent(), path);
    } catch (BadPathException e) {
      throw new HttpError(400, e.getMessage());
    }
    store.expectWrite(new WriteIntent(path, staged.hash(), user, Origin.WEB, changeSet,
        clock.instant().plus(INTENT_TTL)));
    Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    Durable.fsyncDirectory(target.getParent());
    return target;
  }
}
