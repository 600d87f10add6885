package io.revkeep.listener;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.ConflictException;
import io.revkeep.core.store.Store;
import io.revkeep.core.store.StoreException;
import io.revkeep.core.vault.FileChangedException;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Turns settled paths into recorded changes: reads each file once into SHA-256 and the vault
 * together, and where the content differs from the store's, makes the bytes durable in the
 * vault, then records the versions and events in one store transaction, then publishes the
 * events. While the store is unavailable, journals the changes instead (see Outages). Called
 * by the settler thread.
 */
final class Recorder {
  /*
   * Threads:    only the settler thread calls it, except published(Event), which the catch-up
   *             thread calls for replayed changes (the journal's gate keeps the two from
   *             publishing at the same time; see CatchUp). It holds no state of its own between
   *             calls except counters (atomics, read by status).
   * Invariants: vault objects are committed (fsynced, renamed, folder fsynced) before the
   *             transaction that names them, so a recorded version's bytes are always there (a
   *             crash in between leaves unreferenced objects, never a reference to nothing).
   *             Events are published in the order they were recorded, after the commit.
   * Batches:    a batch is one transaction, so its versions appear together; a batch the store
   *             refuses (a rename whose source vanished meanwhile) is recorded change by change.
   * Renames:    a file with no live record whose hash equals that of a live record whose path is
   *             gone from disk is that file, moved: one RENAME, its history follows it. Where
   *             the path has a deleted file's record (a tombstone), the RENAME detaches it
   *             (FileVersions.record): the path then belongs to the moved file, as after a
   *             restore that moves a file back to a path reused and deleted since. With no such
   *             live record, content at a tombstone's path continues the deleted file's history.
   * Outages:    while the journal's gate is closed (something is pending, or the store failed),
   *             the store is not asked anything: every read file's bytes are committed to the
   *             vault and its state is journaled as "the content is now hash" (Change.content;
   *             the store decides CREATE or MODIFY when it is replayed), and a missing file as a
   *             DELETE. Rename detection needs the store, so it is lost for such changes: the
   *             history then shows a DELETE of the old path and a CREATE of the new one. A
   *             StoreException (not a ConflictException) while recording directly journals the
   *             changes not yet recorded (which closes the gate), then reports the outage
   *             (CatchUp.failed: journal first, so the catch-up finds something to retry rather
   *             than an empty journal to probe). A path is marked done only once its change is
   *             in the store or durably in the journal; when the journal is full or cannot be
   *             written it is read again later (RETRY), as before the journal existed.
   */

  private static final Logger LOG = LogManager.getLogger();

  /** How a settled path was handled. */
  enum Outcome {
    /** A new version was recorded and published. */
    RECORDED,
    /** The content equals the newest version (or the path is not versioned). */
    UNCHANGED,
    /** The file changed while it was read, or the store failed: settle it again. */
    RETRY,
    /** Nothing is at the path: check again later whether it is deleted. */
    MISSING,
    /** A folder: its files are handled by rescans. */
    FOLDER
  }

  private final SharedRoot root;
  private final Store store;
  private final Vault vault;
  private final Consumer<Event> publisher;
  private final PathFilter filter;
  private final Clock clock;
  private final OwnerNames owners;
  private final String host;
  private final AtomicLong recorded = new AtomicLong();
  private final PendingJournal journal;
  /** Told when the store fails: closes the journal's gate and notes the outage. */
  private final Consumer<StoreException> storeFailed;

  Recorder(SharedRoot root, Store store, Vault vault, Consumer<Event> publisher, PathFilter filter,
      Clock clock, String host, PendingJournal journal, Consumer<StoreException> storeFailed) {
    this.root = root;
    this.store = store;
    this.vault = vault;
    this.publisher = publisher;
    this.filter = filter;
    this.clock = clock;
    this.owners = new OwnerNames(clock);
    this.host = host;
    this.journal = journal;
    this.storeFailed = storeFailed;
  }

  long recorded() {
    return recorded.get();
  }

  /**
   * Handles a batch of settled paths: reads each once, then commits the new vault objects
   * together and records every change in one store transaction (one sync for the batch), then
   * publishes the events in order. If the batch transaction is refused (an impossible rename
   * raced by another writer), each change is recorded on its own.
   *
   * @return the outcome per path
   */
  Map<Path, Outcome> settled(List<Path> paths) {
    Map<Path, Outcome> outcomes = new LinkedHashMap<>();
    List<Read> reads = new ArrayList<>();
    try {
      for (Path path : paths) {
        Outcome early = read(path, reads);
        if (early != null) {
          outcomes.put(path, early);
        }
      }
      if (!reads.isEmpty()) {
        record(reads, outcomes);
      }
    } finally {
      for (Read r : reads) {
        try {
          r.capture.close();
        } catch (IOException e) {
          LOG.warn("dropping a capture of {}: {}", r.path, e.toString());
        }
      }
    }
    return outcomes;
  }

  /** One file read into the vault, waiting to be recorded. */
  private record Read(Path path, String rel, Vault.Capture capture, long mtime) {}

  /** Reads one path; returns its outcome, or null when it was read and added to {@code reads}. */
  private Outcome read(Path path, List<Read> reads) {
    if (!root.contains(path) || filter.ignored(path)) {
      return Outcome.UNCHANGED;
    }
    if (!PathFilter.hasStorableName(path)) {
      LOG.warn("not versioned: the name of {} is not valid UTF-8 (its unreadable bytes are shown"
          + " as \uFFFD); revkeep records names as UTF-8 text, so it could not be restored:"
          + " rename it", path);
      return Outcome.UNCHANGED;
    }
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Outcome.MISSING;
    } catch (IOException e) {
      LOG.warn("cannot read the attributes of {}: {}", path, e.toString());
      return Outcome.UNCHANGED;
    }
    if (attrs.isDirectory()) {
      return Outcome.FOLDER;
    }
    if (!attrs.isRegularFile()) {
      return Outcome.UNCHANGED; // symbolic links and special files are not versioned
    }
    try {
      Vault.Capture capture = vault.capture(path);
      reads.add(new Read(path, root.relativize(path), capture,
          capture.attributes().lastModifiedTime().to(TimeUnit.NANOSECONDS)));
      return null;
    } catch (FileChangedException | NoSuchFileException e) {
      LOG.debug("{}; will read it again", e.getMessage());
      return Outcome.RETRY;
    } catch (IOException e) {
      LOG.warn("cannot read {}: {}", path, e.toString());
      return Outcome.UNCHANGED;
    }
  }

  private void record(List<Read> reads, Map<Path, Outcome> outcomes) {
    if (!journal.isOpen()) {
      journalReads(reads, outcomes);
      return;
    }
    List<Change> changes = new ArrayList<>();
    List<Vault.Capture> fresh = new ArrayList<>();
    Set<String> renamedFrom = new HashSet<>();
    try {
      // the batch's lookups, each kind in one read of the store (not one per file)
      Map<String, FileRecord> records = store.filesAt(reads.stream().map(Read::rel).toList());
      Map<String, List<FileRecord>> movedFrom = store.liveFilesWithHashes(reads.stream()
          .filter(r -> isNew(records.get(r.rel))).map(r -> r.capture.hash()).toList());
      for (Read r : reads) {
        FileRecord current = records.get(r.rel);
        boolean same = !isNew(current) && r.capture.hash().equals(current.hash());
        if (same && current.fsSize() == r.capture.size() && current.fsMtime() == r.mtime) {
          continue; // nothing at all to write
        }
        if (!same) {
          fresh.add(r.capture);
        }
        changes.add(isNew(current)
            ? renameOrCreate(r, movedFrom.get(r.capture.hash()), renamedFrom) : content(r));
      }
    } catch (StoreException e) {
      journalReads(reads, outcomes); // the store cannot even be read: journal without it
      storeFailed.accept(e);
      return;
    } catch (RuntimeException e) {
      LOG.error("reading {} files failed; will try again: {}", reads.size(), e.toString());
      reads.forEach(r -> outcomes.put(r.path, Outcome.RETRY));
      return;
    }
    try {
      vault.commitAll(fresh); // bytes durable before any version names them
      if (changes.isEmpty()) {
        reads.forEach(r -> outcomes.put(r.path, Outcome.UNCHANGED));
        return;
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("reading {} files failed; will try again: {}", reads.size(), e.toString());
      reads.forEach(r -> outcomes.put(r.path, Outcome.RETRY));
      return;
    }
    reads.forEach(r -> outcomes.put(r.path, Outcome.UNCHANGED));
    try {
      store.recordAll(changes).forEach(event -> published(event, outcomes));
    } catch (ConflictException e) {
      LOG.debug("batch refused ({}); recording one by one", e.getMessage());
      for (int i = 0; i < changes.size(); i++) {
        Change change = changes.get(i);
        try {
          published(recordAlone(change), outcomes);
        } catch (StoreException failed) {
          journal(changes.subList(i, changes.size()), outcomes);
          storeFailed.accept(failed);
          return;
        } catch (RuntimeException failed) { // a ConflictException or another refusal
          LOG.error("recording {} failed; will try again: {}", change.path(), failed.toString());
          outcomes.put(root.resolve(change.path()), Outcome.RETRY);
        }
      }
    } catch (StoreException e) {
      journal(changes, outcomes);
      storeFailed.accept(e);
    } catch (RuntimeException e) {
      LOG.error("recording {} changes failed; will try again: {}", changes.size(), e.toString());
      reads.forEach(r -> outcomes.put(r.path, Outcome.RETRY));
    }
  }

  /**
   * The store is not asked (the gate is closed, or it cannot be read): commits every capture to
   * the vault and journals each file's state as "the content is now hash".
   */
  private void journalReads(List<Read> reads, Map<Path, Outcome> outcomes) {
    try {
      vault.commitAll(reads.stream().map(Read::capture).toList());
    } catch (IOException | RuntimeException e) {
      LOG.error("capturing {} files into the vault failed; will try again: {}", reads.size(),
          e.toString());
      reads.forEach(r -> outcomes.put(r.path, Outcome.RETRY));
      return;
    }
    journal(reads.stream().map(this::content).toList(), outcomes);
  }

  /**
   * Appends changes (their bytes already in the vault) to the pending journal and sets each
   * path's outcome: UNCHANGED (done) once they are durable there, RETRY when the journal is full
   * or cannot be written.
   */
  private void journal(List<Change> changes, Map<Path, Outcome> outcomes) {
    List<Change> entries = new ArrayList<>(changes.size());
    for (Change c : changes) {
      entries.addAll(forJournal(c));
    }
    Outcome outcome;
    try {
      outcome = journal.append(entries) ? Outcome.UNCHANGED : Outcome.RETRY;
    } catch (IOException e) {
      LOG.error("cannot write the pending journal {}; will read {} files again: {}",
          journal.dir(), changes.size(), e.toString());
      outcome = Outcome.RETRY;
    }
    for (Change c : changes) {
      outcomes.put(root.resolve(c.path()), outcome);
    }
  }

  /**
   * How a change is journaled: a RENAME becomes a DELETE of its source and the content at its
   * target, both at its time. Replayed later, a rename could meet a store that changed
   * meanwhile, and its history would move to another path, which would defeat the check that
   * makes replays exactly once (CatchUp.alreadyRecorded): what was renamed while the store was
   * down shows as deleted and created.
   */
  static List<Change> forJournal(Change c) {
    if (c.action() != Action.RENAME) {
      return List.of(c);
    }
    return List.of(Change.delete(c.from(), c.time(), c.user(), c.location()),
        new Change(Action.MODIFY, c.path(), null, c.hash(), c.size(), c.fsSize(), c.fsMtime(),
            c.time(), c.user(), c.origin(), c.location()));
  }

  private Optional<Event> recordAlone(Change change) {
    try {
      return store.record(change);
    } catch (ConflictException e) {
      if (change.action() != Action.RENAME) {
        throw e;
      }
      // the rename's source changed meanwhile: record the content as new instead
      return store.record(Change.content(change.path(), change.hash(), change.size(),
          change.fsMtime(), change.time(), change.user(), change.location()));
    }
  }

  private void published(Optional<Event> event, Map<Path, Outcome> outcomes) {
    publish(event);
    event.ifPresent(e -> outcomes.put(root.resolve(e.name()), Outcome.RECORDED));
  }

  /**
   * Records a DELETE if the path is still missing and has a live record (through the journal
   * while its gate is closed). Returns false when it must be tried again later (the store
   * failed and the journal is full or cannot be written).
   */
  boolean deleteIfMissing(Path path) {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) || !PathFilter.hasStorableName(path)) {
      return true; // present, or a name never recorded (read)
    }
    String rel = root.relativize(path);
    Change delete = Change.delete(rel, clock.instant(), "unknown", location(path));
    if (!journal.isOpen()) {
      return journalDelete(delete);
    }
    try {
      publish(store.record(delete));
      return true;
    } catch (StoreException e) {
      boolean journaled = journalDelete(delete);
      storeFailed.accept(e);
      return journaled;
    } catch (RuntimeException e) { // a ConflictException or another refusal
      LOG.error("recording the deletion of {} failed; will try again: {}", rel, e.toString());
      return false;
    }
  }

  private boolean journalDelete(Change delete) {
    try {
      return journal.append(List.of(delete));
    } catch (IOException e) {
      LOG.error("cannot write the pending journal {}; will check {} again: {}", journal.dir(),
          delete.path(), e.toString());
      return false;
    }
  }

  /** Publishes an event recorded from the journal (catch-up thread), counting it. */
  void published(Event event) {
    publish(Optional.of(event));
  }

  /**
   * Absolute paths of the live records under a folder (it vanished or moved).
   *
   * @throws StoreException when the store cannot be read
   */
  List<Path> liveUnder(Path dir) {
    return store.files(root.relativize(dir), true, false).stream()
        .map(r -> root.resolve(r.path()))
        .toList();
  }

  /** Whether a path's record (null: none) leaves its file new: no record, or a tombstone. */
  private static boolean isNew(FileRecord current) {
    return current == null || current.deleted();
  }

  /**
   * A file with no live record (none, or a tombstone): a RENAME if one of the live records with
   * its hash ({@code sameHash}) lost its file, else new content (a new file, or the deleted one
   * back to life).
   */
  private Change renameOrCreate(Read r, List<FileRecord> sameHash, Set<String> renamedFrom) {
    for (FileRecord candidate : sameHash) {
      if (!renamedFrom.contains(candidate.path())
          && !Files.exists(root.resolve(candidate.path()), LinkOption.NOFOLLOW_LINKS)) {
        renamedFrom.add(candidate.path());
        return Change.rename(candidate.path(), r.rel, r.capture.hash(), r.capture.size(),
            r.mtime, clock.instant(), owner(r.path), location(r.path));
      }
    }
    return content(r);
  }

  private Change content(Read r) {
    return Change.content(r.rel, r.capture.hash(), r.capture.size(), r.mtime, clock.instant(),
        owner(r.path), location(r.path));
  }

  private void publish(Optional<Event> event) {
    if (event.isPresent()) {
      recorded.incrementAndGet();
      publisher.accept(event.get());
    }
  }

  private String location(Path abs) {
    return host + ":" + abs;
  }

  private String owner(Path abs) {
    return owners.of(abs);
  }
}
