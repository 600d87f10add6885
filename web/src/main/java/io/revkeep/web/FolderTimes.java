package io.revkeep.web;

import io.revkeep.core.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * Folders' change times for the page's slider ({@link Store#changeTimes}, all of them, newest
 * first), kept in a {@link SeqCache} under their folder's tag ({@link FolderChanges}) and brought
 * up to date when the tag moves: each event is one version recorded at its path, and versions
 * are never removed, so the times of the events heard since beneath the folder
 * ({@link FolderChanges#timesSince}) added to the kept ones are what the store would answer.
 * Else (the feed lagged, too many events since) they are read again. A folder of 100,000 files
 * so costs a merge per change beneath it, not a read and a sort of 100,000 times while its page
 * loads (issue 17: the page asks for them beside its first rows).
 *
 * <p>Jetty's request threads call it at once; its state is the cache's (its own lock) and the
 * immutable lists it holds.
 */
final class FolderTimes {
  /*
   * Threads:    Jetty's request threads, any number at once.
   * State:      the SeqCache's (its own lock): a folder → its times under a tag; the lists are
   *             immutable and shared.
   * Invariants: a list kept under tag T holds every change time up to the store's seq read
   *             before T was (FolderChanges' invariant); merging the times of the events heard
   *             after T beneath the folder (each one version at its path; versions are never
   *             removed) keeps that true for the newer tag, and a time read twice (an event
   *             the read already saw) is kept once.
   * Shutdown:   nothing to stop; the cache goes with the web server.
   */
  private final Store store;
  private final FolderChanges changes;
  private final SeqCache<String, List<Instant>> kept;
  private final LongAdder wholeReads = new LongAdder();

  /** @param maxTimes how many times the kept lists hold at most in all */
  FolderTimes(Store store, FolderChanges changes, long maxTimes) {
    this.store = store;
    this.changes = changes;
    this.kept = new SeqCache<>(16, maxTimes, List::size);
  }

  /**
   * Every change time under {@code dir}, newest first, up to date at least to the store's seq
   * {@code seq} (read by the caller before).
   */
  List<Instant> get(String dir, long seq) {
    long tag = changes.tag(dir, seq);
    return kept.get(dir, tag, previous -> {
      if (previous != null) {
        var since = changes.timesSince(dir, previous.tag(), tag);
        if (since.isPresent()) {
          return merged(previous.value(), since.get());
        }
      }
      wholeReads.increment();
      return List.copyOf(store.changeTimes(dir, Integer.MAX_VALUE));
    });
  }

  /** The times of {@code newestFirst} and {@code more}, each once, newest first. */
  static List<Instant> merged(List<Instant> newestFirst, List<Instant> more) {
    if (more.isEmpty()) {
      return newestFirst;
    }
    TreeSet<Instant> added = new TreeSet<>(Comparator.reverseOrder());
    added.addAll(more);
    List<Instant> out = new ArrayList<>(newestFirst.size() + added.size());
    int i = 0;
    for (Instant t : added) {
      while (i < newestFirst.size() && newestFirst.get(i).isAfter(t)) {
        out.add(newestFirst.get(i++));
      }
      if (i < newestFirst.size() && newestFirst.get(i).equals(t)) {
        continue; // already there
      }
      out.add(t);
    }
    out.addAll(newestFirst.subList(i, newestFirst.size()));
    return List.copyOf(out);
  }

  /** How many times a folder's times were read from the store (the others kept or merged). */
  long wholeReads() {
    return wholeReads.sum();
  }
}
