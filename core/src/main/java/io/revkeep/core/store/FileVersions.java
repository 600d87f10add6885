package io.revkeep.core.store;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.model.WriteIntent;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The files revkeep knows and their versions: recording a change (the listener), announcing a
 * write before it happens (web uploads, CLI revert), and reading records and histories (every
 * reader). Thread-safe; paths as described on {@link Store}.
 */
public interface FileVersions {

  // ---- recording ------------------------------------------------------------------------------

  /**
   * Records a change in one atomic step: the new version, the updated file record and the event
   * (with the next gap-free {@code seq}) are all written or none is.
   *
   * <ul>
   *   <li>MODIFY ("the content is now hash"): no live record → a CREATE version (a deleted record
   *       continues its history with the next version number); a live record with a different
   *       hash → MODIFY; the same hash → no version, only the fast-path stat is updated, and the
   *       result is empty.
   *   <li>DELETE: a live record → a tombstone version (hash null); otherwise empty.
   *   <li>RENAME: the live record at {@code from} moves to {@code path} with a RENAME version
   *       carrying the new content; its history follows it. Throws {@link ConflictException} when
   *       {@code from} has no live record or {@code path} has a live one. When {@code path} has
   *       a deleted record (a tombstone), that record is <em>detached</em> from the path in the
   *       same step: it keeps its versions and events, and every reader by time or seq still
   *       finds them ({@link PointInTime#filesAt}, {@link PointInTime#filesAtAndNow} — whose
   *       {@code now} is that tombstone —, {@link PointInTime#changeSet}, the event log), but
   *       {@link #file}, {@link #files}, {@link #history} and {@link #version} at the path answer
   *       the moved file from then on, and nothing changes the detached record again.
   * </ul>
   *
   * <p>If an unexpired {@link WriteIntent} matches (path, hash) — for a DELETE, an intent whose
   * hash is null — the version takes its user, origin and change set, and the intent is consumed
   * in the same transaction.
   *
   * @return the event recorded, or empty when nothing changed
   */
  Optional<Event> record(Change change);

  /**
   * Records several changes in one atomic step, with the same effect as calling
   * {@link #record(Change)} for each in order — but all or none: if one throws (a
   * {@link ConflictException} for an impossible RENAME, say), nothing is recorded. One
   * transaction amortises the commit's sync over the batch (a burst of new files).
   *
   * @return one result per change, in order
   */
  List<Optional<Event>> recordAll(List<Change> changes);

  /** Registers who is about to write this content at this path (web upload, CLI revert). */
  void expectWrite(WriteIntent intent);

  // ---- reading --------------------------------------------------------------------------------

  /** The record at this path, live or deleted (never a detached one: see {@link #record}). */
  Optional<FileRecord> file(String path);

  /**
   * The record at each of these paths, as {@link #file} answers it, read together: the
   * listener asks for a settled batch's records at once. A path with no record is not in the
   * map. This default asks path by path; SQLite reads them in one read transaction (its read
   * lock taken once, not per path).
   */
  default Map<String, FileRecord> filesAt(Collection<String> paths) {
    Map<String, FileRecord> found = new HashMap<>();
    for (String path : paths) {
      file(path).ifPresent(r -> found.put(path, r));
    }
    return found;
  }

  /**
   * Records under a folder ({@code ""} is the root), ordered by path.
   *
   * @param recursive false: only direct children; true: the whole subtree
   * @param includeDeleted whether deleted records are included
   */
  List<FileRecord> files(String dir, boolean recursive, boolean includeDeleted);

  /**
   * What the listener's reconcile compares with the disk: a live file's path, and the size and
   * modification time (nanoseconds) its file had when it was last read.
   */
  record FileStat(String path, long fsSize, long fsMtime) {}

  /**
   * Hands the {@link FileStat} of every live file under a folder ({@code ""} is the root), the
   * whole subtree, to {@code visitor}, reading no more of each record than that: the reconcile
   * of a large tree reads its records this way. The visitor must be quick and must not call the
   * store (a store may hold a read open while it runs).
   */
  default void forEachLiveFileStat(String dir, Consumer<FileStat> visitor) {
    for (FileRecord r : files(dir, true, false)) {
      visitor.accept(new FileStat(r.path(), r.fsSize(), r.fsMtime()));
    }
  }

  /**
   * One folder's share of {@link #forEachLiveFileStat}, for a reconcile that compares the disk
   * folder by folder: the {@link FileStat} of every live file directly in {@code dir} ({@code ""}
   * is the root) to {@code files}, and the path of every sub-folder holding a live file beneath
   * it, at any depth, once each, to {@code folders} (what the disk may no longer have). In any
   * order. The visitors must be quick and must not call the store.
   *
   * <p>This default streams the whole subtree ({@link #forEachLiveFileStat}) and keeps only the
   * folder's own names; a store that can seek in path order reads one row per direct file and
   * per sub-folder instead (SQLite).
   */
  default void forEachLiveFileStatIn(String dir, Consumer<FileStat> files,
      Consumer<String> folders) {
    String prefix = dir.isEmpty() ? "" : dir + "/";
    Set<String> seen = new HashSet<>();
    forEachLiveFileStat(dir, s -> {
      int slash = s.path().indexOf('/', prefix.length());
      if (slash < 0) {
        files.accept(s);
      } else {
        String folder = s.path().substring(0, slash);
        if (seen.add(folder)) {
          folders.accept(folder);
        }
      }
    });
  }

  /**
   * The deleted files under a folder ({@code ""} is the root; the whole subtree), the most
   * recently deleted first (deleted at the same moment: by path), at most {@code limit} of
   * them: the web's trash ({@code GET /api/deleted}). A deleted record's
   * {@link FileRecord#lastModified} is when it was deleted, its {@link FileRecord#version} the
   * tombstone's. This default reads every record of the subtree; a store that can pick the
   * deleted ones in one query does so (SQLite).
   */
  default List<FileRecord> deletedFiles(String dir, int limit) {
    return files(dir, true, true).stream().filter(FileRecord::deleted)
        .sorted(java.util.Comparator.comparing(FileRecord::lastModified).reversed()
            .thenComparing(FileRecord::path))
        .limit(limit).toList();
  }

  /** Live records whose current content has this hash (rename detection). */
  List<FileRecord> liveFilesWithHash(String hash);

  /**
   * {@link #liveFilesWithHash} for each of these hashes, read together (every hash is a key,
   * with an empty list where no live file has it). This default asks hash by hash; SQLite reads
   * them in one read transaction.
   */
  default Map<String, List<FileRecord>> liveFilesWithHashes(Collection<String> hashes) {
    Map<String, List<FileRecord>> found = new HashMap<>();
    for (String hash : hashes) {
      found.computeIfAbsent(hash, this::liveFilesWithHash);
    }
    return found;
  }

  /**
   * Every version of the file now (or last) at this path, oldest first, following renames: the
   * versions recorded under earlier paths are included. Empty when the path is unknown. After a
   * rename onto a deleted file's path, the moved file's history (the deleted file's versions are
   * no longer part of the path's history: {@link #record}).
   */
  List<VersionRecord> history(String path);

  /** One version of the file at this path (following renames, as {@link #history}). */
  Optional<VersionRecord> version(String path, int version);

  /**
   * A deleted file's record that a RENAME detached from its path ({@link #record}): the record
   * (deleted, at the path it stood at last), its versions oldest first, and its pins.
   */
  record DetachedFile(FileRecord record, List<VersionRecord> history, List<Pin> pins) {
    public DetachedFile {
      history = List.copyOf(history);
      pins = List.copyOf(pins);
    }
  }

  /**
   * Every detached record, ordered by path, then by the time it was deleted: the files no read
   * by path reaches any more. Retention and verify read them beside
   * {@code files("", true, true)}, so their versions are kept, checked and removed like any
   * others'.
   */
  List<DetachedFile> detachedFiles();
}
