package io.revkeep.core.store;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.Lock;
import io.revkeep.core.model.User;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.model.WriteIntent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything revkeep remembers about files, versions, events, users, locks and pinned versions
 * (pins, which retention never prunes; schema step 2).
 *
 * <p>Implementations ({@code SqliteStore}, later {@code CouchbaseStore}) pass the same contract
 * tests. All methods are thread-safe, and several processes may share one store. Paths are
 * relative to the shared root, '/'-separated, with no leading slash and no {@code .}/{@code ..}
 * segments (see {@code SharedPath}).
 */
public interface Store extends EventLog, AutoCloseable {

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
   *       {@code from} has no live record or {@code path} already has any record.
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

  /** The record at this path, live or deleted. */
  Optional<FileRecord> file(String path);

  /**
   * Records under a folder ({@code ""} is the root), ordered by path.
   *
   * @param recursive false: only direct children; true: the whole subtree
   * @param includeDeleted whether deleted records are included
   */
  List<FileRecord> files(String dir, boolean recursive, boolean includeDeleted);

  /** Live records whose current content has this hash (rename detection). */
  List<FileRecord> liveFilesWithHash(String hash);

  /**
   * Every version of the file now (or last) at this path, oldest first, following renames: the
   * versions recorded under earlier paths are included. Empty when the path is unknown.
   */
  List<VersionRecord> history(String path);

  /** One version of the file at this path (following renames, as {@link #history}). */
  Optional<VersionRecord> version(String path, int version);

  // ---- point in time --------------------------------------------------------------------------

  /**
   * The tree under a folder as it was at an instant: for every file that existed then, the
   * version it had (its newest version recorded at or before {@code at}), carrying the path it had
   * then. Files whose newest version by then is a DELETE tombstone, and files first recorded
   * after {@code at}, are absent; a file renamed into or out of the folder since counts where it
   * was at {@code at}. Recursive ({@code ""} is the root), ordered by path.
   */
  List<VersionRecord> filesAt(String dir, Instant at);

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

  // ---- users ----------------------------------------------------------------------------------

  /** Adds a user; {@link ConflictException} if the name is taken. */
  void addUser(User user);

  Optional<User> user(String name);

  /** All users, ordered by name. */
  List<User> users();

  /** Replaces password hash and role; false if there is no such user. */
  boolean updateUser(User user);

  /** false if there was no such user. */
  boolean removeUser(String name);

  // ---- locks ----------------------------------------------------------------------------------

  /**
   * Takes or renews the lock atomically: succeeds when the path is unlocked, its lock has expired
   * at {@code now}, or it is already held by the same owner. Returns the lock that holds the path
   * afterwards (the caller's on success, the other owner's on refusal).
   */
  Lock tryLock(Lock lock, Instant now);

  /** The lock on this path, if any and not expired at {@code now}. */
  Optional<Lock> lock(String path, Instant now);

  /** Releases the lock if this owner holds it; false otherwise. */
  boolean unlock(String path, String owner);

  // ---- pins -----------------------------------------------------------------------------------

  /*
   * Pins (schema step 2) are the only thing retention reads from the store besides versions:
   * a pinned version's bytes survive every policy. Retention itself never changes the store (a
   * pruned version keeps its row; only its bytes go), so these three methods are all it needs.
   */

  /**
   * Pins one version of the file at this path (following renames, as {@link #version}), or
   * replaces the label and time of an existing pin.
   *
   * @return false when the file has no such version (nothing is pinned)
   */
  boolean pin(String path, int version, String label, Instant time);

  /** Removes the pin of one version; false if that version was not pinned. */
  boolean unpin(String path, int version);

  /** The pins of the file at this path, ordered by version; empty for an unknown path. */
  List<Pin> pins(String path);

  // ---- health ---------------------------------------------------------------------------------

  /** Throws {@link StoreException} if the store cannot be reached or read right now. */
  void ping();

  /** A short description for logs and status, e.g. {@code sqlite /var/lib/revkeep/revkeep.db}. */
  String describe();

  @Override
  void close();
}
