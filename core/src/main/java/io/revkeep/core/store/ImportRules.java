package io.revkeep.core.store;

import io.revkeep.core.Printable;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.ImportedVersion;
import io.revkeep.core.vault.Vault;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * When a {@link HistoryImport} accepts a version: the checks both stores make, from what they
 * hold, before they write anything. Each rule is the mirror of what {@link FileVersions#record}
 * does, so that only a history record() could have made is imported. Stateless.
 */
public final class ImportRules {

  /**
   * The longest run of seqs without an event that an import declares holes, between two imported
   * seqs or at the end. The feed accepts a jump in the event log over at most this many declared
   * holes (feed/src/main/java/io/revkeep/feed/LogBatch.java, MAX_HOLES); a longer gap is no
   * history revkeep made.
   */
  public static final long MAX_HOLE_RUN = 10_000;

  /**
   * The fast-path stat of an imported live record: no file on disk has a negative size, so the
   * listener's reconcile and recorder never take the record for unchanged and hash the file
   * once, which only updates the stat when the content is the recorded one.
   */
  public static final long UNREAD_FS_SIZE = -1;
  /** The fast-path modification time of an imported record (see {@link #UNREAD_FS_SIZE}). */
  public static final long UNREAD_FS_MTIME = 0;

  private ImportRules() {}

  /**
   * What a store holds at a path, as far as an import is concerned: the newest version of the
   * file there and whether that is a tombstone. A path with no record is null.
   */
  public record Held(int version, boolean deleted) {
    /** The state of a record (null for none). */
    public static Held of(FileRecord rec) {
      return rec == null ? null : new Held(rec.version(), rec.deleted());
    }
  }

  /**
   * Refuses, with an {@link ImportException}, a version that may not follow what the store
   * holds.
   *
   * @param lastSeq the store's last seq (events and declared holes)
   * @param at the record at the version's path (null: none)
   * @param from for a RENAME, the record at its source path (null: none); else ignored
   */
  public static void check(ImportedVersion v, long lastSeq, Held at, Held from) {
    checkFields(v);
    if (v.seq() <= lastSeq) {
      throw refused(v, "the store is already at seq " + lastSeq
          + "; versions are imported once each, in increasing seq order");
    }
    if (v.seq() - lastSeq - 1 > MAX_HOLE_RUN) {
      throw refused(v, "it would leave " + (v.seq() - lastSeq - 1) + " seqs after " + lastSeq
          + " without an event, more than the " + MAX_HOLE_RUN + " a history can have");
    }
    switch (v.action()) {
      case CREATE -> {
        if (at != null && !at.deleted()) {
          throw refused(v, "a live file is at " + Printable.escape(v.path()) + " already");
        }
        expectVersion(v, at == null ? 1 : at.version() + 1, at == null
            ? "a new file starts at version 1"
            : "the deleted file there is at version " + at.version());
      }
      case MODIFY, DELETE -> {
        if (at == null || at.deleted()) {
          throw refused(v, "no live file is at " + Printable.escape(v.path()));
        }
        expectVersion(v, at.version() + 1, "the file there is at version " + at.version());
      }
      case RENAME -> {
        if (at != null && !at.deleted()) { // a tombstone there is detached (FileVersions.record)
          throw refused(v, "a live file is at " + Printable.escape(v.path()) + " already");
        }
        if (from == null || from.deleted()) {
          throw refused(v, "no live file is at " + Printable.escape(v.from()));
        }
        expectVersion(v, from.version() + 1, "the file there is at version " + from.version());
      }
      default -> throw refused(v, "unknown action");
    }
  }

  /**
   * {@link #check} for each version of a batch in order, against what the store holds plus the
   * effect of the batch's earlier versions: the first version that may not follow is refused
   * before anything of the batch is written.
   *
   * @param held what the store holds at a path now (null: no record); asked once per path
   */
  public static void checkAll(List<ImportedVersion> batch, long lastSeq,
      Function<String, Held> held) {
    Map<String, Optional<Held>> state = new HashMap<>();
    Function<String, Held> now = p -> state.computeIfAbsent(p,
        q -> Optional.ofNullable(held.apply(q))).orElse(null);
    long seq = lastSeq;
    for (ImportedVersion v : batch) {
      Held at = now.apply(v.path());
      Held from = v.action() == Action.RENAME && v.from() != null ? now.apply(v.from()) : null;
      check(v, seq, at, from);
      if (v.action() == Action.RENAME) {
        state.put(v.from(), Optional.empty());
      }
      state.put(v.path(), Optional.of(new Held(v.version(), v.action() == Action.DELETE)));
      seq = v.seq();
    }
  }

  /**
   * Refuses to finish an import at {@code lastSeq} when the store is already past it, or when
   * it would leave more than {@link #MAX_HOLE_RUN} seqs without an event.
   */
  public static void checkFinish(long lastSeq, long storeLastSeq) {
    if (lastSeq < storeLastSeq) {
      throw new ImportException("cannot finish the import at seq " + lastSeq
          + ": the store is already at seq " + storeLastSeq);
    }
    if (lastSeq - storeLastSeq > MAX_HOLE_RUN) {
      throw new ImportException("cannot finish the import at seq " + lastSeq + ": the store is"
          + " at seq " + storeLastSeq + ", and a history has at most " + MAX_HOLE_RUN
          + " seqs in a row without an event");
    }
  }

  private static void checkFields(ImportedVersion v) {
    if (v.seq() < 1) {
      throw refused(v, "seqs start at 1");
    }
    if (v.version() < 1) {
      throw refused(v, "versions start at 1");
    }
    if (!isStoredPath(v.path())) {
      throw refused(v, "'" + Printable.escape(v.path()) + "' is not a path relative to the"
          + " shared folder");
    }
    boolean rename = v.action() == Action.RENAME;
    if (rename ? !isStoredPath(v.from()) : v.from() != null) {
      throw refused(v, rename ? "a RENAME needs the path it came from"
          : "only a RENAME has a path it came from");
    }
    if (rename && v.from().equals(v.path())) {
      throw refused(v, "a RENAME moves a file to another path");
    }
    if (v.action() == Action.DELETE) {
      if (v.hash() != null || v.size() != 0) {
        throw refused(v, "a DELETE has no content (no hash, size 0)");
      }
    } else if (!Vault.isHash(v.hash())) {
      throw refused(v, "its hash is not a SHA-256 in lower-case hex");
    } else if (v.size() < 0) {
      throw refused(v, "its size is negative");
    }
  }

  /** Whether p is in the form a store keeps paths (see {@link Store}): nothing to normalize. */
  private static boolean isStoredPath(String p) {
    if (p == null || p.isEmpty() || p.indexOf('\0') >= 0) {
      return false;
    }
    for (String seg : p.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        return false;
      }
    }
    return true;
  }

  private static void expectVersion(ImportedVersion v, int expected, String why) {
    if (v.version() != expected) {
      throw refused(v, "expected version " + expected + " (" + why + ")");
    }
  }

  private static ImportException refused(ImportedVersion v, String why) {
    return new ImportException("cannot import " + v.describe() + ": " + why);
  }
}
