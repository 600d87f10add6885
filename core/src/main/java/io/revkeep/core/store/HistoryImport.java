package io.revkeep.core.store;

import io.revkeep.core.model.ImportedVersion;
import java.util.List;

/**
 * Putting a recorded history back into an empty store, version by version, exactly as it was
 * first recorded: the rebuild of a lost store from its backup ({@code revkeep recover
 * --from-backup}, see io.revkeep.core.recover.HistoryRebuild). Thread-safe, but an import
 * needs the store to itself: no listener may record while it runs.
 *
 * <p>After importing every version of a store and {@link #finishImport finishing} with its last
 * seq, the store answers {@link FileVersions#history}, {@link FileVersions#files},
 * {@link PointInTime#filesAt}, {@link PointInTime#changeSet}, {@link EventLog#eventsAfter} and
 * {@link EventLog#lastSeq} exactly as the original did, and the next change recorded gets the
 * original's next seq. What is not history is not restored: a file record's {@code id} (only
 * its identity across renames is), its {@code rev}, and its fast-path stat, which is set to
 * "never seen on disk" ({@code fsSize} -1, {@code fsMtime} 0) so that the listener's
 * reconcile hashes every file once; users, locks, pins and write intents are not touched.
 *
 * <p>A version is imported as {@link FileVersions#record} would have recorded it: a CREATE at a
 * path with no record starts a new file, at a path whose file is deleted continues that file's
 * versions; a MODIFY or DELETE changes the live file at its path; a RENAME moves the live file at
 * {@code from} to {@code path}, which must have no record at all, and its history follows it.
 */
public interface HistoryImport {

  /**
   * Whether the store holds no file record and no event (nor a declared hole): the only kind of
   * store an import may start on. Users may exist — they are not part of the history, so a
   * rebuilt store has none unless an operator made one (the web creates the first admin on a
   * store without users, as on a new one).
   */
  boolean isEmpty();

  /**
   * Imports one version (its version record, its file record's change and its event) in one
   * atomic step.
   *
   * @throws ImportException, changing nothing, when the version does not follow what the store
   *     holds: its seq is not above {@link EventLog#lastSeq} (or leaves a gap of more than
   *     {@link ImportRules#MAX_HOLE_RUN} seqs), its version is not its file's next one, its
   *     action does not fit the record at its path (a MODIFY where no live file is, a CREATE
   *     over a live one, a RENAME whose source has no live file or whose target has a record),
   *     or a field is malformed (a hash that is no SHA-256, a path not in stored form)
   */
  void importVersion(ImportedVersion version);

  /**
   * Imports versions in the given (strictly increasing seq) order, with the effect of
   * {@link #importVersion} for each. The whole batch is checked before anything is written: an
   * {@link ImportException} for any version changes nothing. On SQLite the batch is one
   * transaction (one commit for hundreds of versions); on Couchbase each version is its own
   * atomic step, so a crash (not a refusal) midway can leave a prefix imported.
   */
  void importAll(List<ImportedVersion> versions);

  /**
   * Ends an import: the store's last seq becomes {@code lastSeq}, the seqs after the last
   * imported event up to it are declared holes (as are the gaps between imported seqs, when they
   * are imported), so the feed replays across them and the next change recorded gets
   * {@code lastSeq + 1} — a backup that followed the original store up to {@code lastSeq} then
   * carries on with it.
   *
   * @throws ImportException, changing nothing, when {@code lastSeq} is below the store's last
   *     seq, or more than {@link ImportRules#MAX_HOLE_RUN} above it
   */
  void finishImport(long lastSeq);
}
