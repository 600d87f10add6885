package io.revkeep.core.store;

import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.FileThen;
import io.revkeep.core.model.VersionRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One folder's direct entries, now or at an instant: its files, and its sub-folders each with
 * the sums of what lies beneath it — what a listing shows (the web's {@code /api/files}). A
 * store that keeps per-folder sums updated with every version answers by reading the folder's
 * direct entries only, whatever lies below; the defaults here read the whole subtree and the
 * event log, and are the reference the stores' sums are tested against
 * ({@code FolderContentsContract}). Thread-safe; paths as described on {@link Store}.
 */
public interface FolderContents {

  /**
   * A sub-folder's sums.
   *
   * @param path the sub-folder's path
   * @param size the bytes of the live files beneath it, at any depth
   * @param files how many live files lie beneath it, at any depth
   * @param lastModified when the newest change beneath it was recorded: of the events whose
   *     path, or whose former path (a rename or move away), lies beneath it, the one with the
   *     highest seq (at an instant: of those at or before it)
   * @param lastModifiedUser who made that change
   * @param deleted every file beneath it is deleted (only listed when deleted files are asked
   *     for; never at an instant, which lists what existed then)
   */
  record FolderSums(String path, long size, int files, Instant lastModified,
      String lastModifiedUser, boolean deleted) {}

  /**
   * A folder now.
   *
   * @param files the records directly in it, by path
   * @param folders its sub-folders holding a record beneath them (a live one, or with
   *     deleted files asked for a deleted one), by path
   */
  record Contents(List<FileRecord> files, List<FolderSums> folders) {
    public Contents {
      files = List.copyOf(files);
      folders = List.copyOf(folders);
    }
  }

  /**
   * A folder as it was at an instant.
   *
   * @param files the files directly in it then, as {@link PointInTime#filesAtAndNow} gives them,
   *     by path then
   * @param folders its sub-folders holding a file then, by path, never deleted
   */
  record ContentsThen(List<FileThen> files, List<FolderSums> folders) {
    public ContentsThen {
      files = List.copyOf(files);
      folders = List.copyOf(folders);
    }
  }

  /**
   * The folder's direct entries now ({@code ""} is the root).
   *
   * @param includeDeleted whether deleted files, and folders whose files are all deleted, are
   *     included
   */
  default Contents contents(String dir, boolean includeDeleted) {
    Store self = (Store) this;
    String prefix = dir.isEmpty() ? "" : dir + "/";
    List<FileRecord> files = new ArrayList<>();
    Map<String, long[]> sums = new TreeMap<>(); // sub-folder → {size, live files, records}
    for (FileRecord r : self.files(dir, true, true)) {
      String rest = r.path().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash < 0) {
        if (includeDeleted || !r.deleted()) {
          files.add(r);
        }
        continue;
      }
      long[] s = sums.computeIfAbsent(prefix + rest.substring(0, slash), k -> new long[3]);
      if (!r.deleted()) {
        s[0] += r.size();
        s[1]++;
      }
      s[2]++;
    }
    Map<String, Event> newest = newestChanges(self, prefix, sums.keySet(), null);
    List<FolderSums> folders = new ArrayList<>();
    sums.forEach((path, s) -> {
      boolean deleted = s[1] == 0;
      if (includeDeleted || !deleted) {
        Event e = newest.get(path);
        folders.add(new FolderSums(path, s[0], (int) s[1], e == null ? null : e.time(),
            e == null ? null : e.user(), deleted));
      }
    });
    files.sort(Comparator.comparing(FileRecord::path));
    return new Contents(files, folders);
  }

  /** The folder's direct entries as they were at an instant ({@code ""} is the root). */
  default ContentsThen contentsAt(String dir, Instant at) {
    Store self = (Store) this;
    String prefix = dir.isEmpty() ? "" : dir + "/";
    List<FileThen> files = new ArrayList<>();
    Map<String, long[]> sums = new TreeMap<>(); // sub-folder → {size, files}
    for (FileThen f : self.filesAtAndNow(dir, at)) {
      VersionRecord v = f.then();
      String rest = v.path().substring(prefix.length());
      int slash = rest.indexOf('/');
      if (slash < 0) {
        files.add(f);
        continue;
      }
      long[] s = sums.computeIfAbsent(prefix + rest.substring(0, slash), k -> new long[2]);
      s[0] += v.size();
      s[1]++;
    }
    Map<String, Event> newest = newestChanges(self, prefix, sums.keySet(), at);
    List<FolderSums> folders = new ArrayList<>();
    sums.forEach((path, s) -> {
      Event e = newest.get(path);
      folders.add(new FolderSums(path, s[0], (int) s[1], e == null ? null : e.time(),
          e == null ? null : e.user(), false));
    });
    files.sort(Comparator.comparing(f -> f.then().path()));
    return new ContentsThen(files, folders);
  }

  /**
   * For each of the sub-folders, the event with the highest seq (recorded at or before
   * {@code at} when given) whose path or former path lies beneath it: the whole event log read.
   */
  private static Map<String, Event> newestChanges(Store store, String prefix,
      java.util.Set<String> folders, Instant at) {
    Map<String, Event> newest = new TreeMap<>();
    if (folders.isEmpty()) {
      return newest;
    }
    long after = 0;
    while (true) {
      List<Event> page = store.eventsAfter(after, 10_000);
      if (page.isEmpty()) {
        return newest;
      }
      for (Event e : page) {
        after = e.seq();
        if (at != null && e.time().isAfter(at)) {
          continue;
        }
        for (String path : e.from() == null ? List.of(e.name()) : List.of(e.name(), e.from())) {
          String folder = childFolder(prefix, path);
          if (folder != null && folders.contains(folder)) {
            newest.put(folder, e);
          }
        }
      }
    }
  }

  /** The sub-folder of the folder (given as its prefix) that path lies beneath, or null. */
  private static String childFolder(String prefix, String path) {
    if (!path.startsWith(prefix)) {
      return null;
    }
    int slash = path.indexOf('/', prefix.length());
    return slash < 0 ? null : path.substring(0, slash);
  }
}
