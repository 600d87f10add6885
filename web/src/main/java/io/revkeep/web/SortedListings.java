package io.revkeep.web;

import io.revkeep.core.store.Store;
import io.revkeep.web.FolderRoutes.ListingKey;
import io.revkeep.web.api.FolderBodies.Entry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Folders' sorted listings for pages ({@link SortedFolder}), kept in a {@link SeqCache} under
 * their folder's tag ({@link FolderChanges}) and brought up to date when the tag moves: when
 * {@link FolderChanges#changedSince} still knows what changed directly in the folder since,
 * those files are read again ({@link Store#file}), and those sub-folders' entries from their
 * own direct entries ({@link FolderListing#folder}), and put in their place in the kept
 * listing; else (or when those sub-folders hold more than the folder) the whole folder is read
 * and sorted. A folder of 100,000 files in which people work is so read once, not once per
 * change in it or in one of its sub-folders (issue 17: the first rows of such a folder in the
 * browser).
 *
 * <p>Jetty's request threads call it at once; its state is the cache's (its own lock) and the
 * immutable listings it holds.
 */
final class SortedListings {
  /*
   * Threads:    Jetty's request threads, any number at once.
   * State:      the SeqCache's (its own lock): a listing key → its sorted listing under a tag;
   *             listings are immutable and shared, a brought-up-to-date one is a new copy.
   * Invariants: a listing kept under tag T holds every change up to the store's seq read before
   *             T was (FolderChanges' invariant); bringing it up to date reads again every file
   *             and sub-folder entry that an event after T touched, after those events were
   *             heard (so the store holds them), which keeps that true for the newer tag.
   * Shutdown:   nothing to stop; the cache goes with the web server.
   */
  private final Store store;
  private final FolderChanges changes;
  private final SeqCache<ListingKey, SortedFolder> kept;
  private final LongAdder wholeReads = new LongAdder();

  /** @param maxEntries how many entries the kept listings hold at most in all */
  SortedListings(Store store, FolderChanges changes, long maxEntries) {
    this.store = store;
    this.changes = changes;
    this.kept = new SeqCache<>(16, maxEntries, SortedFolder::size);
  }

  /**
   * The listing {@code key} names, up to date at least to the store's seq {@code seq} (read by
   * the caller before, so a listing read during a change is read again by the next request).
   */
  SortedFolder get(ListingKey key, long seq) {
    long tag = changes.tag(key.dir(), seq);
    return kept.get(key, tag, previous -> read(key, tag, previous));
  }

  private SortedFolder read(ListingKey key, long tag, SeqCache.Previous<SortedFolder> previous) {
    if (previous != null && key.at() == null) {
      Optional<FolderChanges.Changed> changed =
          changes.changedSince(key.dir(), previous.tag(), tag);
      if (changed.isPresent() && cheaper(previous.value(), changed.get())) {
        return patch(key, previous.value(), changed.get());
      }
    }
    wholeReads.increment();
    return SortedFolder.of(FolderListing.read(store, key.dir(), key.deleted(), key.at()),
        key.sort());
  }

  /**
   * Whether reading the changed entries again costs less than reading the folder whole: a
   * sub-folder's entry is read from its own direct entries, which its live files beneath (as
   * kept) roughly bound — a folder of two large sub-folders is cheaper read whole.
   */
  private static boolean cheaper(SortedFolder kept, FolderChanges.Changed changed) {
    Set<String> names = new HashSet<>();
    for (String path : changed.folders().keySet()) {
      names.add(FolderListing.name(path));
    }
    long cost = changed.files().size() + names.size() + kept.filesBeneath(names);
    return cost < kept.size();
  }

  /** The kept listing with the files and sub-folders that changed read again. */
  private SortedFolder patch(ListingKey key, SortedFolder kept, FolderChanges.Changed changed) {
    Set<String> files = new HashSet<>();
    Set<String> folders = new HashSet<>();
    List<Entry> fresh = new ArrayList<>();
    for (String path : changed.files()) {
      files.add(FolderListing.name(path));
      store.file(path).filter(r -> key.deleted() || !r.deleted())
          .ifPresent(r -> fresh.add(FolderListing.file(r)));
    }
    changed.folders().forEach((path, newest) -> {
      folders.add(FolderListing.name(path));
      // read after the events were taken from the ring: the store holds at least those
      FolderListing.folder(path, store.contents(path, true), newest, key.deleted())
          .ifPresent(fresh::add);
    });
    return kept.with(files, folders, fresh);
  }

  /** How many times a whole folder was read (the others were kept or brought up to date). */
  long wholeReads() {
    return wholeReads.sum();
  }
}
