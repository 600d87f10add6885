package io.revkeep.web;

import io.revkeep.web.api.FolderBodies.DirEntry;
import io.revkeep.web.api.FolderBodies.Entry;
import io.revkeep.web.api.FolderBodies.FileEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.TreeMap;

/**
 * One folder's entries from the files beneath it (at any depth): a file directly in it is a
 * {@link FileEntry}; the files deeper down are summed into a {@link DirEntry} for each
 * sub-folder (size and count of the files not deleted, the newest change, deleted when all
 * are). Used by one request on one thread.
 */
final class FolderListing {
  private final String prefix;
  private final boolean past;
  /** "d:" or "f:" + name → entry (a folder's sums while files are added); ordered on demand. */
  private final Map<String, Object> byKey = new HashMap<>();

  /**
   * @param dir the folder ("" for the shared root)
   * @param past a listing of a past moment: files carry {@code deleted_since}
   */
  FolderListing(String dir, boolean past) {
    this.prefix = dir.isEmpty() ? "" : dir + "/";
    this.past = past;
  }

  /**
   * Adds one file beneath the folder.
   *
   * @param deletedSince (a past listing) the file has been deleted since
   * @param movedTo (a past listing) where the file is now, when it was renamed or moved since
   */
  void add(String path, String hash, long size, Instant time, String user, int version,
      boolean deleted, boolean deletedSince, String movedTo) {
    String rest = path.substring(prefix.length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      byKey.put("f:" + rest, new FileEntry(rest, path, size, version, hash, time, user, deleted,
          past ? deletedSince : null, past ? movedTo : null));
      return;
    }
    String name = rest.substring(0, slash);
    DirTotals d = (DirTotals) byKey.computeIfAbsent("d:" + name, k -> new DirTotals(name));
    if (!deleted) {
      d.size += size;
      d.files++;
      d.deleted = false;
    }
    if (d.lastModified == null || time.isAfter(d.lastModified)) {
      d.lastModified = time;
      d.lastModifiedUser = user;
    }
  }

  /** Every entry, sub-folders first, then files, each by name; deleted ones included. */
  List<Entry> entries() {
    return entries(new TreeMap<>(byKey).values());
  }

  /** Every entry in no particular order (a page sorts them itself: {@link SortedFolder}). */
  List<Entry> unordered() {
    return entries(byKey.values());
  }

  private List<Entry> entries(Iterable<Object> values) {
    List<Entry> out = new ArrayList<>();
    for (Object o : values) {
      out.add(o instanceof DirTotals d ? new DirEntry(d.name, prefix + d.name, d.size, d.files,
          d.lastModified, d.lastModifiedUser, d.deleted) : (Entry) o);
    }
    return out;
  }

  /** A sub-folder's sums while the files are added. */
  private static final class DirTotals {
    final String name;
    long size;
    int files;
    Instant lastModified;
    String lastModifiedUser;
    boolean deleted = true;

    DirTotals(String name) {
      this.name = name;
    }
  }
}
