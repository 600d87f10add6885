package io.revkeep.core.store;

import io.revkeep.core.model.FileThen;
import io.revkeep.core.model.VersionRecord;
import java.time.Instant;
import java.util.List;

/**
 * The shared folder as it was: the tree at an instant, the versions one multi-file operation
 * made, and the times at which a folder changed (folder restores and the web's time slider).
 * Thread-safe; paths as described on {@link Store}.
 */
public interface PointInTime {

  /**
   * The tree under a folder as it was at an instant: for every file that existed then, the
   * version it had (its newest version recorded at or before {@code at}), carrying the path it had
   * then. Files whose newest version by then is a DELETE tombstone, and files first recorded
   * after {@code at}, are absent; a file renamed into or out of the folder since counts where it
   * was at {@code at}. Recursive ({@code ""} is the root), ordered by path.
   */
  List<VersionRecord> filesAt(String dir, Instant at);

  /**
   * The same files as {@link #filesAt}, each with its record today: which of today's files (at
   * which path, live or deleted) is the file that stood there then. A file's identity survives
   * renames and moves, so a file renamed since is found at its new path, a folder renamed since
   * gives each of its files at the new folder. Ordered by the path then.
   */
  List<FileThen> filesAtAndNow(String dir, Instant at);

  /**
   * Every version recorded with this change-set id (the versions one multi-file operation made,
   * such as a folder restore), ordered by path, then version. Empty for an unknown id.
   */
  List<VersionRecord> changeSet(String id);

  /**
   * The distinct times at which a version was recorded under a folder (recursive, by the path
   * the version was recorded at), newest first, at most {@code limit} of them.
   */
  List<Instant> changeTimes(String dir, int limit);
}
