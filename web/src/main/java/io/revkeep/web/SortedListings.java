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
 * only the folder's own files changed since and {@link FolderChanges#filesChangedSince} still
 * knows which, those files are read again and put in their place in the kept listing; else the
 * whole folder is read and sorted. A folder of 100,000 files in which people work is so read
 * once, not once per change in it (issue 17: the first rows of such a folder in the browser).
 *
 * <p>Jetty's request threads call it at once; its state is the cache's (its own lock) and the
 * immutable listings it holds.
 */
final class SortedListings {
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
      Optional<Set<String>> changed = changes.filesChangedSince(key.dir(), previous.tag(), tag);
      if (changed.isPresent()) {
        Set<String> names = new HashSet<>();
        List<Entry> files = new ArrayList<>();
        for (String path : changed.get()) {
          names.add(FolderListing.name(path));
          store.file(path).filter(r -> key.deleted() || !r.deleted())
              .ifPresent(r -> files.add(FolderListing.file(r)));
        }
        return previous.value().withFiles(names, files);
      }
    }
    wholeReads.increment();
    return SortedFolder.of(FolderListing.read(store, key.dir(), key.deleted(), key.at()),
        key.sort());
  }

  /** How many times a whole folder was read (the others were kept or brought up to date). */
  long wholeReads() {
    return wholeReads.sum();
  }
}
