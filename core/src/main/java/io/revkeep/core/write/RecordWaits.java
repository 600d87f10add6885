package io.revkeep.core.write;

import io.revkeep.core.model.FileRecord;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.OnDisk;
import io.revkeep.core.store.Store;
import io.revkeep.core.write.WriteRefusedException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two waits for the listener that bracket every write into the shared folder: before, until
 * what stands at each target is what the store has recorded there (so that an edit the listener
 * has not read yet is never overwritten: "no version is lost"); after, until the listener has
 * recorded each write as a new version. Both poll the store with a deadline from the injected
 * clock. Stateless apart from its collaborators; thread-safe.
 */
final class RecordWaits {
  /** How often the store and disk are looked at while waiting. */
  static final Duration POLL = Duration.ofMillis(50);

  /**
   * What a write expects the listener to record at one path.
   *
   * @param before the version of the record at the path before the write (0: none)
   * @param idBefore that record's id (-1: none): a move onto a deleted file's path puts another
   *     record there (the rename detaches the tombstone), whose version says nothing about it
   */
  record Expected(String path, String hash, boolean removed, int before, long idBefore,
      String hashBefore) {
    /** Whether the write changes nothing the listener would see (same content, or no file). */
    boolean noChange() {
      return removed ? hashBefore == null : hash.equals(hashBefore);
    }
  }

  private final SharedRoot root;
  private final Store store;
  private final Clock clock;

  RecordWaits(SharedRoot root, Store store, Clock clock) {
    this.root = root;
    this.store = store;
    this.clock = clock;
  }

  /**
   * Waits until what stands at every path is recorded: the live record's content, or nothing
   * where the store has no live record. {@code max} zero looks once.
   *
   * @throws WriteRefusedException {@link Reason#UNRECORDED} at the deadline; nothing written
   */
  void untilStandingRecorded(List<String> paths, Duration max) throws IOException {
    Instant deadline = clock.instant().plus(max);
    List<String> pending = paths;
    while (true) {
      List<String> still = new ArrayList<>();
      for (String p : pending) {
        requireFileOrNothing(p);
        Optional<FileRecord> live = store.file(p).filter(r -> !r.deleted());
        // Read-only and path-based: at worst it hashes a file a swapped link points at, and
        // the answer is then "unrecorded" — a refusal, never a write.
        OnDisk state;
        try {
          state = OnDisk.check(live, root.resolve(p));
        } catch (java.nio.file.FileSystemException notAFolder) {
          state = OnDisk.NOTHING; // a parent is a file: the write refuses, naming it
        }
        if (!(state == OnDisk.RECORDED || (state == OnDisk.NOTHING && live.isEmpty()))) {
          still.add(p);
        }
      }
      if (still.isEmpty()) {
        return;
      }
      if (!clock.instant().isBefore(deadline)) {
        String first = still.get(0);
        throw new WriteRefusedException(Reason.UNRECORDED, first + (still.size() > 1
            ? " and " + (still.size() - 1) + " other file(s) have" : " has")
            + " changes revkeep has not recorded yet" + (max.isZero()
                ? " (the listener records them within a second or two); nothing was written:"
                    + " try again"
                : ", and the listener did not record them within " + seconds(max)
                    + "; nothing was changed: try again, and check 'revkeep status'"));
      }
      pending = still;
      pause(false);
    }
  }

  /** Refuses a target that is a folder or a link (checked again relative to its folder). */
  private void requireFileOrNothing(String path) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(root.resolve(path), BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS);
      if (!a.isRegularFile()) { // a FIFO too: reading it to compare would wait for a writer
        throw new WriteRefusedException(Reason.BAD_PATH, "'" + path + "' is a "
            + (a.isDirectory() ? "folder" : a.isSymbolicLink() ? "symbolic link"
                : "special file (a FIFO, socket or device), not a regular file"));
      }
    } catch (java.nio.file.FileSystemException e) {
      // nothing there, or a parent is not a folder: the write itself says which
    }
  }

  /** What the store has at {@code path} now, as the "before" of a write. */
  Expected expect(String path, String hash, boolean removed) {
    Optional<FileRecord> rec = store.file(path);
    int before = rec.map(FileRecord::version).orElse(0);
    long idBefore = rec.map(FileRecord::id).orElse(-1L);
    String hashBefore = rec.filter(r -> !r.deleted()).map(FileRecord::hash).orElse(null);
    return new Expected(path, hash, removed, before, idBefore, hashBefore);
  }

  /**
   * Waits until the listener has recorded every write.
   *
   * @return the version now recorded at each path, in order
   * @throws WriteRefusedException {@link Reason#NOT_RECORDED} (partial) at the deadline
   */
  List<Integer> untilRecorded(List<Expected> writes, Duration max, String changeSet) {
    Instant deadline = clock.instant().plus(max);
    Integer[] versions = new Integer[writes.size()];
    while (true) {
      int missing = 0;
      String first = null;
      for (int i = 0; i < writes.size(); i++) {
        if (versions[i] != null) {
          continue;
        }
        Expected w = writes.get(i);
        Optional<FileRecord> rec = store.file(w.path());
        if (w.noChange()) {
          versions[i] = rec.map(FileRecord::version).orElse(0);
        } else if (rec.isPresent()
            && (rec.get().id() != w.idBefore() || rec.get().version() > w.before())
            && (w.removed()
            ? rec.get().deleted() : !rec.get().deleted() && w.hash().equals(rec.get().hash()))) {
          versions[i] = rec.get().version();
        } else {
          missing++;
          first = first == null ? w.path() : first;
        }
      }
      if (missing == 0) {
        return List.of(versions);
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new WriteRefusedException(Reason.NOT_RECORDED, "the files were written, but the"
            + " listener has not recorded " + missing + " of them within " + seconds(max)
            + " (first: " + first + "); check 'revkeep status' and 'revkeep history " + first
            + "'" + (changeSet == null ? "" : "; the change set is " + changeSet), true);
      }
      pause(true);
    }
  }

  private static String seconds(Duration d) {
    return d.toSeconds() + " s";
  }

  private static void pause(boolean partial) {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WriteRefusedException(Reason.INTERRUPTED,
          "interrupted while waiting for the listener; nothing more was done", partial);
    }
  }
}
