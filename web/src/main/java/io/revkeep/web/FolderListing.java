package io.revkeep.web;

import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.FileThen;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.FolderContents.Contents;
import io.revkeep.core.store.FolderContents.ContentsThen;
import io.revkeep.core.store.FolderContents.FolderSums;
import io.revkeep.core.store.Store;
import io.revkeep.web.api.FolderBodies.DirEntry;
import io.revkeep.web.api.FolderBodies.Entry;
import io.revkeep.web.api.FolderBodies.FileEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One folder's listing entries from the store's {@link Contents} (now) or {@link ContentsThen}
 * (as it was): a {@link DirEntry} for each sub-folder with its sums, then a {@link FileEntry}
 * for each file, each group by name. Pure functions.
 */
final class FolderListing {
  private FolderListing() {}

  /**
   * The folder's entries (folders first, then files, each by name): now, with deleted ones
   * when asked for; or as it was at {@code at} (deleted files are those that existed then, so
   * {@code deleted} is moot). The store reads the folder's direct entries and its sub-folders'
   * sums ({@link Store#contents}).
   */
  static List<Entry> read(Store store, String dir, boolean deleted, Instant at) {
    return at == null ? now(store.contents(dir, deleted)) : then(store.contentsAt(dir, at));
  }

  /** The folder now: deleted entries are in when the store was asked for them. */
  static List<Entry> now(Contents contents) {
    List<Entry> out = new ArrayList<>(contents.folders().size() + contents.files().size());
    for (FolderSums d : contents.folders()) {
      out.add(dir(d));
    }
    for (FileRecord r : contents.files()) {
      out.add(file(r));
    }
    return out;
  }

  /** A file of the folder now. */
  static FileEntry file(FileRecord r) {
    return new FileEntry(name(r.path()), r.path(), r.size(), r.version(), r.hash(),
        r.lastModified(), r.lastModifiedUser(), r.deleted(), null, null);
  }

  /**
   * The folder as it was: each file's version then, with where that same file is now (deleted
   * since, or moved to another path).
   */
  static List<Entry> then(ContentsThen contents) {
    List<Entry> out = new ArrayList<>(contents.folders().size() + contents.files().size());
    for (FolderSums d : contents.folders()) {
      out.add(dir(d));
    }
    for (FileThen f : contents.files()) {
      VersionRecord v = f.then();
      out.add(new FileEntry(name(v.path()), v.path(), v.size(), v.version(), v.hash(), v.time(),
          v.user(), false, f.deletedSince(), f.movedSince() ? f.now().path() : null));
    }
    return out;
  }

  /**
   * A sub-folder's entry now, from its own contents ({@link Store#contents} of it, deleted
   * entries included) and the newest change beneath it: the sums the store gives for it in its
   * folder's listing ({@link FolderSums}) are its live files' and its sub-folders' sums added
   * up, and it is listed while it holds a record (with {@code deleted}) or a live file.
   *
   * @param inside the sub-folder's contents, read with deleted entries
   * @param newest the change with the highest seq at or beneath it (path or former path)
   * @param deleted whether the listing shows deleted entries
   */
  static Optional<DirEntry> folder(String path, Contents inside, Event newest, boolean deleted) {
    if (inside.files().isEmpty() && inside.folders().isEmpty()) {
      return Optional.empty(); // no record beneath it any more: not listed at all
    }
    long size = 0;
    int files = 0;
    for (FileRecord r : inside.files()) {
      if (!r.deleted()) {
        size += r.size();
        files++;
      }
    }
    for (FolderSums d : inside.folders()) {
      size += d.size();
      files += d.files();
    }
    if (files == 0 && !deleted) {
      return Optional.empty();
    }
    return Optional.of(new DirEntry(name(path), path, size, files, newest.time(), newest.user(),
        files == 0));
  }

  private static DirEntry dir(FolderSums d) {
    return new DirEntry(name(d.path()), d.path(), d.size(), d.files(), d.lastModified(),
        d.lastModifiedUser(), d.deleted());
  }

  static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }
}
