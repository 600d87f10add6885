package io.revkeep.core.store;

import static io.revkeep.core.store.SqliteRows.EVENT_COLUMNS;
import static io.revkeep.core.store.SqliteRows.fileAt;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.store.SqliteConnections.RevChanged;
import io.revkeep.core.store.SqliteWriteIntents.Author;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link SqliteStore} records a change ({@link FileVersions#record},
 * {@link FileVersions#recordAll}): the commit protocol that writes the version, the file row,
 * the event and the consumption of a matching write intent in one transaction.
 */
final class SqliteRecording {
  /*
   * Threads:    any caller thread; no state besides db. Each record()/recordAll() is one
   *             BEGIN IMMEDIATE transaction (db.write), so writers of this and of other
   *             processes take turns on SQLite's write lock.
   * Invariants: versions are 1..n per file id and event seqs 1..n, both without gaps (but for
   *             the holes an import declared, SqliteHistoryImport): each is max+1 read inside
   *             the same write transaction that inserts it, so writers of this and of other
   *             processes see each other's result, and a rolled-back transaction leaves nothing
   *             behind. record() writes version, file row, event and intent
   *             consumption (SqliteWriteIntents.take; the expired ones swept once per
   *             transaction) in that one transaction. Every update of a
   *             files row checks and bumps its rev (optimistic concurrency, see updateFile).
   *             A RENAME onto a tombstone detaches it (detach) in the same transaction, before
   *             the moved row takes the path: one attached row per path (schema-5.sql).
   *             Every row write here (insertFile, updateFile, markDeleted, detach) keeps the
   *             files row's dir and the folder sums (SqliteFolderSums.move) in step, and every
   *             event appends to them (insertVersionAndEvent): in the same transaction, so the
   *             sums are always those of the committed rows (schema-7.sql).
   */

  private final SqliteConnections db;

  SqliteRecording(SqliteConnections db) {
    this.db = db;
  }

  Optional<Event> record(Change change) {
    Objects.requireNonNull(change, "change");
    return db.write("record " + change.action() + " " + change.path(), c -> {
      SqliteWriteIntents.sweepExpired(c, change.time());
      return apply(c, change);
    });
  }

  List<Optional<Event>> recordAll(List<Change> changes) {
    List<Change> batch = List.copyOf(changes);
    return db.write("record " + batch.size() + " changes", c -> {
      List<Optional<Event>> results = new ArrayList<>(batch.size());
      Optional<Instant> earliest = batch.stream().map(Change::time).min(Instant::compareTo);
      if (earliest.isPresent()) {
        SqliteWriteIntents.sweepExpired(c, earliest.get());
      }
      for (Change ch : batch) {
        results.add(apply(c, ch));
      }
      return results;
    });
  }

  private static Optional<Event> apply(Connection c, Change ch) throws SQLException {
    FileRecord rec = fileAt(c, ch.path()).orElse(null);
    switch (ch.action()) {
      case DELETE:
        return delete(c, ch, rec);
      case RENAME:
        return rename(c, ch, rec);
      case CREATE:
      case MODIFY:
      default:
        return content(c, ch, rec);
    }
  }

  /** "The content at path is now hash": CREATE, MODIFY, or only a fast-path stat update. */
  private static Optional<Event> content(Connection c, Change ch, FileRecord rec)
      throws SQLException {
    if (rec != null && !rec.deleted() && ch.hash().equals(rec.hash())) {
      PreparedStatement ps = SqliteStatements.kept(c,
          "UPDATE files SET fs_size = ?, fs_mtime = ?, rev = rev + 1 WHERE id = ? AND rev = ?");
      ps.setLong(1, ch.fsSize());
      ps.setLong(2, ch.fsMtime());
      ps.setLong(3, rec.id());
      ps.setLong(4, rec.rev());
      checkOneRow(ps.executeUpdate(), rec);
      return Optional.empty();
    }
    Author who = SqliteWriteIntents.take(c, ch);
    long id;
    int version;
    Action action;
    if (rec == null) {
      action = Action.CREATE;
      version = 1;
      id = insertFile(c, ch, who.user());
    } else {
      // A deleted record comes back to life: the same id, so its history continues with the
      // next version number. created/created_user then describe this incarnation of the file
      // (what a listing should show); the earlier life stays visible in the history.
      action = rec.deleted() ? Action.CREATE : Action.MODIFY;
      version = rec.version() + 1;
      id = rec.id();
      updateFile(c, rec, rec.path(), ch, who.user(), version, rec.deleted());
    }
    return Optional.of(appendVersionAndEvent(c, id, version, action, ch, who));
  }

  private static Optional<Event> delete(Connection c, Change ch, FileRecord rec)
      throws SQLException {
    if (rec == null || rec.deleted()) {
      return Optional.empty();
    }
    Author who = SqliteWriteIntents.take(c, ch);
    int version = rec.version() + 1;
    markDeleted(c, rec, ch, who.user(), version);
    return Optional.of(appendVersionAndEvent(c, rec.id(), version, Action.DELETE, ch, who));
  }

  private static Optional<Event> rename(Connection c, Change ch, FileRecord target)
      throws SQLException {
    if (target != null && !target.deleted()) {
      throw new ConflictException("cannot rename " + ch.from() + " to " + ch.path() + ": "
          + ch.path() + " already has a live record");
    }
    FileRecord src = fileAt(c, ch.from()).orElse(null);
    if (src == null || src.deleted()) {
      throw new ConflictException("cannot rename " + ch.from() + " to " + ch.path() + ": "
          + ch.from() + " has no live record");
    }
    if (target != null) {
      detach(c, target);
    }
    Author who = SqliteWriteIntents.take(c, ch);
    int version = src.version() + 1;
    updateFile(c, src, ch.path(), ch, who.user(), version, false);
    return Optional.of(appendVersionAndEvent(c, src.id(), version, Action.RENAME, ch, who));
  }

  /**
   * Detaches the tombstone read as {@code rec} from its path, so a RENAME can land there: the row
   * keeps its id, path, versions and events (schema-5.sql), but is no longer the record at the
   * path, and nothing changes it again.
   */
  static void detach(Connection c, FileRecord rec) throws SQLException {
    PreparedStatement ps = SqliteStatements.kept(c, "UPDATE files SET detached = 1, rev = rev + 1"
        + " WHERE id = ? AND rev = ? AND deleted = 1 AND detached = 0");
    ps.setLong(1, rec.id());
    ps.setLong(2, rec.rev());
    checkOneRow(ps.executeUpdate(), rec);
    SqliteFolderSums.move(c, rec.path(), rec.size(), !rec.deleted(), null, 0, false);
  }

  /** Inserts the files row of a new file (version 1) and returns its id. */
  static long insertFile(Connection c, Change ch, String user) throws SQLException {
    long time = ch.time().toEpochMilli();
    SqliteFolderSums.move(c, null, 0, false, ch.path(), ch.size(), true);
    PreparedStatement ps = SqliteStatements.kept(c, "INSERT INTO files (path, hash, size,"
        + " created, created_user, last_modified, last_modified_user, version, deleted,"
        + " fs_size, fs_mtime, rev, dir) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?, 1, ?)");
    ps.setString(1, ch.path());
    ps.setString(2, ch.hash());
    ps.setLong(3, ch.size());
    ps.setLong(4, time);
    ps.setString(5, user);
    ps.setLong(6, time);
    ps.setString(7, user);
    ps.setLong(8, ch.fsSize());
    ps.setLong(9, ch.fsMtime());
    ps.setString(10, SqliteFolderSums.parent(ch.path()));
    ps.executeUpdate();
    return SqliteStatements.lastInsertId(c);
  }

  /** Turns the files row read as {@code rec} into a tombstone at {@code version}. */
  static void markDeleted(Connection c, FileRecord rec, Change ch, String user, int version)
      throws SQLException {
    PreparedStatement ps = SqliteStatements.kept(c, "UPDATE files SET hash = NULL, size = 0,"
        + " last_modified = ?, last_modified_user = ?, version = ?, deleted = 1, fs_size = 0,"
        + " fs_mtime = 0, rev = rev + 1 WHERE id = ? AND rev = ?");
    ps.setLong(1, ch.time().toEpochMilli());
    ps.setString(2, user);
    ps.setInt(3, version);
    ps.setLong(4, rec.id());
    ps.setLong(5, rec.rev());
    checkOneRow(ps.executeUpdate(), rec);
    SqliteFolderSums.move(c, rec.path(), rec.size(), !rec.deleted(), rec.path(), 0, false);
  }

  /**
   * Writes the new content state into the files row read as {@code rec}.
   *
   * <p>The {@code rev} check: BEGIN IMMEDIATE already makes read-then-update atomic for every
   * writer that goes through SQLite's write lock, so here it can only fail if that assumption
   * breaks — a second process whose revkeep (older, or a script) writes with a plain deferred
   * BEGIN or outside a transaction, a tool editing the file by hand, a future change here that
   * reads before BEGIN. It costs nothing and turns such a bug into a retry (SqliteConnections
   * runs the whole transaction again from a fresh read) instead of a silently lost update. It
   * is also the contract's shape: a store without multi-document transactions (the Couchbase
   * twin, CAS per document) must detect a concurrent update exactly this way, and both
   * implementations pass the same tests.
   */
  static void updateFile(Connection c, FileRecord rec, String path, Change ch,
      String user, int version, boolean reborn) throws SQLException {
    long time = ch.time().toEpochMilli();
    String sql = "UPDATE files SET path = ?, dir = ?, hash = ?, size = ?, last_modified = ?,"
        + " last_modified_user = ?, version = ?, deleted = 0, fs_size = ?, fs_mtime = ?,"
        + " rev = rev + 1" + (reborn ? ", created = ?, created_user = ?" : "")
        + " WHERE id = ? AND rev = ?";
    PreparedStatement ps = SqliteStatements.kept(c, sql);
    int i = 0;
    ps.setString(++i, path);
    ps.setString(++i, SqliteFolderSums.parent(path));
    ps.setString(++i, ch.hash());
    ps.setLong(++i, ch.size());
    ps.setLong(++i, time);
    ps.setString(++i, user);
    ps.setInt(++i, version);
    ps.setLong(++i, ch.fsSize());
    ps.setLong(++i, ch.fsMtime());
    if (reborn) {
      ps.setLong(++i, time);
      ps.setString(++i, user);
    }
    ps.setLong(++i, rec.id());
    ps.setLong(++i, rec.rev());
    checkOneRow(ps.executeUpdate(), rec);
    SqliteFolderSums.move(c, rec.path(), rec.size(), !rec.deleted(), path, ch.size(), true);
  }

  private static void checkOneRow(int rows, FileRecord rec) {
    if (rows != 1) {
      throw new RevChanged("file record " + rec.path() + " (id " + rec.id()
          + ") changed since rev " + rec.rev());
    }
  }

  private static Event appendVersionAndEvent(Connection c, long fileId, int version,
      Action action, Change ch, Author who) throws SQLException {
    return insertVersionAndEvent(c, SqliteRows.lastSeq(c) + 1, fileId, version, action, ch, who);
  }

  /**
   * Inserts the version and its event with this seq (the next one, or an imported one: see
   * SqliteHistoryImport).
   */
  static Event insertVersionAndEvent(Connection c, long seq, long fileId, int version,
      Action action, Change ch, Author who) throws SQLException {
    long time = ch.time().toEpochMilli();
    String hash = action == Action.DELETE ? null : ch.hash();
    long size = action == Action.DELETE ? 0 : ch.size();
    PreparedStatement versionRow = SqliteStatements.kept(c, "INSERT INTO versions (file_id,"
        + " version, path, hash, size, time, user, origin, action, change_set, dir)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    versionRow.setLong(1, fileId);
    versionRow.setInt(2, version);
    versionRow.setString(3, ch.path());
    versionRow.setString(4, hash);
    versionRow.setLong(5, size);
    versionRow.setLong(6, time);
    versionRow.setString(7, who.user());
    versionRow.setString(8, who.origin().wire());
    versionRow.setString(9, action.name());
    versionRow.setString(10, who.changeSet());
    versionRow.setString(11, SqliteFolderSums.parent(ch.path()));
    versionRow.executeUpdate();
    String from = action == Action.RENAME ? ch.from() : null;
    PreparedStatement eventRow = SqliteStatements.kept(c, "INSERT INTO events (" + EVENT_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    eventRow.setLong(1, seq);
    eventRow.setString(2, action.name());
    eventRow.setString(3, ch.path());
    eventRow.setString(4, from);
    eventRow.setString(5, ch.location());
    eventRow.setInt(6, version);
    eventRow.setString(7, hash);
    eventRow.setLong(8, size);
    eventRow.setLong(9, time);
    eventRow.setString(10, who.user());
    eventRow.executeUpdate();
    SqliteFolderSums.afterEvent(c, seq, time, fileId, version, action.name(), ch.path(), from,
        size);
    return new Event(seq, action, ch.path(), from, ch.location(), version, hash, size,
        Instant.ofEpochMilli(time), who.user(), who.origin(), who.changeSet());
  }
}
