package io.revkeep.listener;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.ConflictException;
import io.revkeep.core.store.Store;
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
 * events. Called only by the settler thread.
 */
final class Recorder {
  /*
   * Threads:    only the settler thread calls it; it holds no state of its own between calls
   *             except counters (atomics, read by status).
   * Invariants: vault objects are committed (fsynced, renamed, folder fsynced) before the
   *             transaction that names them, so a recorded version's bytes are always there (a
   *             crash in between leaves unreferenced objects, never a reference to nothing).
   *             Events are published in the order they were recorded, after the commit.
   * Batches:    a batch is one transaction, so its versions appear together; a batch the store
   *             refuses (a rename whose source vanished meanwhile) is recorded change by change.
   * Renames:    a file with no live record whose hash equals that of a live record whose path is
   *             gone from disk is that file, moved: one RENAME, its history follows it.
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
  private final String host;
  private final AtomicLong recorded = new AtomicLong();

  Recorder(SharedRoot root, Store store, Vault vault, Consumer<Event> publisher, PathFilter filter,
      Clock clock, String host) {
    this.root = root;
    this.store = store;
    this.vault = vault;
    this.publisher = publisher;
    this.filter = filter;
    this.clock = clock;
    this.host = host;
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
    List<Change> changes = new ArrayList<>();
    List<Vault.Capture> fresh = new ArrayList<>();
    Set<String> renamedFrom = new HashSet<>();
    try {
      for (Read r : reads) {
        Optional<FileRecord> current = store.file(r.rel);
        boolean same = current.isPresent() && !current.get().deleted()
            && r.capture.hash().equals(current.get().hash());
        if (same && current.get().fsSize() == r.capture.size()
            && current.get().fsMtime() == r.mtime) {
          continue; // nothing at all to write
        }
        if (!same) {
          fresh.add(r.capture);
        }
        changes.add(current.isEmpty() ? renameOrCreate(r, renamedFrom) : content(r));
      }
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
      for (Change change : changes) {
        try {
          published(recordAlone(change), outcomes);
        } catch (RuntimeException failed) {
          LOG.error("recording {} failed; will try again: {}", change.path(), failed.toString());
          outcomes.put(root.resolve(change.path()), Outcome.RETRY);
        }
      }
    } catch (RuntimeException e) {
      LOG.error("recording {} changes failed; will try again: {}", changes.size(), e.toString());
      reads.forEach(r -> outcomes.put(r.path, Outcome.RETRY));
    }
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
   * Records a DELETE if the path is still missing and has a live record. Returns false when the
   * store failed (try again later).
   */
  boolean deleteIfMissing(Path path) {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return true;
    }
    String rel = root.relativize(path);
    try {
      publish(store.record(Change.delete(rel, clock.instant(), "unknown", location(path))));
      return true;
    } catch (RuntimeException e) {
      LOG.error("recording the deletion of {} failed; will try again: {}", rel, e.toString());
      return false;
    }
  }

  /** Absolute paths of the live records under a folder (it vanished or moved). */
  List<Path> liveUnder(Path dir) {
    return store.files(root.relativize(dir), true, false).stream()
        .map(r -> root.resolve(r.path()))
        .toList();
  }

  /** A file with no record: a RENAME if a live record with its hash lost its file, else new. */
  private Change renameOrCreate(Read r, Set<String> renamedFrom) {
    for (FileRecord candidate : store.liveFilesWithHash(r.capture.hash())) {
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

  private static String owner(Path abs) {
    try {
      return Files.getOwner(abs, LinkOption.NOFOLLOW_LINKS).getName();
    } catch (IOException | UnsupportedOperationException e) {
      return "unknown";
    }
  }
}
