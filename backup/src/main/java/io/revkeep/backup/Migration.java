package io.revkeep.backup;

import io.revkeep.core.Durable;
import io.revkeep.core.Sha256;
import io.revkeep.core.model.Event;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Brings a backup folder written before the record — copies named {@code
 * <path>.<version><suffix>}, a cursor, no record — to this layout, in place, as a side effect of
 * replaying the feed, which works the same whether the bytes come from the vault or over the feed.
 *
 * <p>How: the daemon starts such a folder from the record's highest seq (0: no record yet; the
 * cursor is lowered to it, since the record does not hold what it claimed), so every event is
 * handled again. For each event with bytes whose copy does not exist under its new name, an
 * old-layout file at {@code <path>.<version><suffix>} that hashes to the event's hash is renamed
 * to the new name ({@link #adopt}) instead of being copied again; the event is recorded like any
 * other. A path and version do not name one version (a path reused after a rename), so an old
 * copy is matched by its bytes, never by its name alone: the old layout wrote the new file's
 * versions over the old file's copies, so the old file's versions find no match and are copied
 * afresh from the vault or the feed (if their bytes are still kept), and the new file's take the
 * old copies. Once the backup has handled every event the feed had when it first welcomed it
 * ({@link #finishIfCaughtUp}), every old-layout file still there matched no event (damaged bytes,
 * or bytes nothing claims): each is moved to the quarantine, never deleted, and the layout mark
 * is written. Until then the daemon is "migrating".
 *
 * <p>Resumable: each step is one rename (durable, with an fsync of its folder) or one record
 * segment, and a restart resumes the replay from the record's highest seq. An old copy already
 * renamed is found under its new name; an old copy not yet reached is still under its old one.
 * A new, empty folder goes through the same steps with nothing to rename.
 */
final class Migration {
  /*
   * Threads:    adopt() on the feed client's delivery thread; finishIfCaughtUp() on the daemon's
   *             cursor thread. Both hold this object's lock, so no old copy is renamed while the
   *             rest are being quarantined.
   * State:      active, target, adopted, quarantined (guarded by this).
   * Invariants: an old-layout file is renamed only to the new name of a version whose hash its
   *             bytes have, and only where nothing stands; nothing is deleted; the layout mark is
   *             written only after every event up to target was handled (adopt had its chance)
   *             and every old-layout file left is in the quarantine.
   * Shutdown:   nothing to close; a migration cut short is resumed at the next start.
   */

  private static final Logger LOG = LogManager.getLogger(Migration.class);

  private final BackupFolder folder;
  private final Clock clock;
  // @GuardedBy("this")
  private boolean active;
  /** The feed's last seq when it first welcomed the daemon; -1 before. */
  // @GuardedBy("this")
  private long target = -1;
  // @GuardedBy("this")
  private long adopted;

  private Migration(BackupFolder folder, Clock clock, boolean active) {
    this.folder = folder;
    this.clock = clock;
    this.active = active;
  }

  /** The migration state of a folder: active unless it has the layout mark. */
  static Migration of(BackupFolder folder, Clock clock) {
    return new Migration(folder, clock, !folder.hasCurrentLayout());
  }

  /** Whether old-layout copies may still be waiting for their version. */
  synchronized boolean active() {
    return active;
  }

  /** Old-layout copies renamed to their new name by this process. */
  synchronized long adopted() {
    return adopted;
  }

  /**
   * Renames the old-layout copy of the event's version to {@code target} (where nothing stands)
   * if it holds the event's bytes. Returns whether it did.
   */
  synchronized boolean adopt(Event e, Path newName) throws IOException {
    if (!active) {
      return false;
    }
    Path old = folder.oldLayoutCopyOf(e.name(), e.version());
    if (!Files.isRegularFile(old, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    Optional<String> hash = Sha256.ofFile(old);
    if (hash.isEmpty() || !hash.get().equals(e.hash())) {
      return false; // another version's bytes (a path reused after a rename) or damaged ones
    }
    Files.move(old, newName, StandardCopyOption.ATOMIC_MOVE);
    Durable.fsyncDirectory(newName.getParent());
    adopted++;
    LOG.info("backup: renamed {} to {} (seq {}): the layout with the seq in the name",
        folder.relative(old), folder.relative(newName), e.seq());
    return true;
  }

  /**
   * Ends the migration once every event the feed had at its first welcome is handled: quarantines
   * every old-layout file left and writes the layout mark. Does nothing before, or when done.
   *
   * @param welcomed whether the feed has welcomed the daemon at least once
   * @param feedLast the feed's last seq (known once welcomed)
   * @param handled the last seq the daemon handled
   */
  synchronized void finishIfCaughtUp(boolean welcomed, long feedLast, long handled)
      throws IOException {
    if (!active || !welcomed) {
      return;
    }
    if (target < 0) {
      target = feedLast; // every old copy was made of an event the feed had by then
    }
    if (handled < target) {
      return;
    }
    List<Path> left = oldLayoutFiles();
    for (Path p : left) {
      Quarantine.move(folder, p, clock.instant(), "a copy of the layout before the record whose"
          + " bytes are no version's of its name");
    }
    folder.markCurrentLayout();
    active = false;
    LOG.info("backup: {} is in the layout with the seq in the copies' names and a record:"
        + " {} copies renamed in this run, {} files that matched no version moved to {}",
        folder.root(), adopted, left.size(), folder.quarantineDir());
  }

  /** Every regular file outside the state folder whose name has the old layout's shape. */
  private List<Path> oldLayoutFiles() throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(folder.root())) {
      return out;
    }
    Files.walkFileTree(folder.root(), new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return dir.equals(folder.stateDir()) ? FileVisitResult.SKIP_SUBTREE
            : FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        String name = file.getFileName().toString();
        if (attrs.isRegularFile() && !name.startsWith(BackupFolder.TEMP_PREFIX)
            && CopyNames.isOldLayout(name, folder.suffix())) {
          out.add(file);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        LOG.warn("backup: cannot look at {} while migrating: {}", file, e.getMessage());
        return FileVisitResult.CONTINUE;
      }
    });
    return out;
  }
}
