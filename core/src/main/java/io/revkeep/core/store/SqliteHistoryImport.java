package io.revkeep.core.store;

import static io.revkeep.core.store.SqliteRows.fileAt;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.ImportedVersion;
import io.revkeep.core.store.ImportRules.Held;
import io.revkeep.core.store.SqliteWriteIntents.Author;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * How {@link SqliteStore} imports a history ({@link HistoryImport}): each version through the
 * same row writes as SqliteRecording (a new file, a changed, moved or deleted one, then the
 * version and its event), with the original's version number, author and seq instead of the
 * next ones and a write intent's; seqs the original had no event at become rows of the holes
 * table (schema step 4).
 */
final class SqliteHistoryImport implements HistoryImport {
  /*
   * Threads:    any caller thread; no state besides db. Each importAll()/finishImport() is one
   *             BEGIN IMMEDIATE transaction (db.write): each version is checked (ImportRules)
   *             against the rows as the batch's earlier versions left them, inside it, and a
   *             refusal rolls the whole batch back.
   * Invariants: the files row of a file imported is the one record() would have left, but for
   *             its rev and its stat (ImportRules.UNREAD_FS_SIZE); ids are handed out in the
   *             order files first appear, as record() did.
   */

  private final SqliteConnections db;

  SqliteHistoryImport(SqliteConnections db) {
    this.db = db;
  }

  @Override
  public boolean isEmpty() {
    return db.read("check that the store is empty", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM files)"
          + " AND NOT EXISTS (SELECT 1 FROM events) AND NOT EXISTS (SELECT 1 FROM holes)");
          ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    });
  }

  @Override
  public void importVersion(ImportedVersion version) {
    importAll(List.of(Objects.requireNonNull(version, "version")));
  }

  @Override
  public void importAll(List<ImportedVersion> versions) {
    List<ImportedVersion> batch = List.copyOf(versions);
    if (batch.isEmpty()) {
      return;
    }
    db.write("import " + batch.size() + " versions", c -> {
      long last = SqliteRows.lastSeq(c);
      for (ImportedVersion v : batch) {
        FileRecord at = fileAt(c, v.path()).orElse(null);
        FileRecord from = v.action() == Action.RENAME && v.from() != null
            ? fileAt(c, v.from()).orElse(null) : null;
        ImportRules.check(v, last, Held.of(at), Held.of(from));
        if (v.seq() > last + 1) {
          declareHoles(c, last + 1, v.seq() - 1);
        }
        apply(c, v, at, from);
        last = v.seq();
      }
      return null;
    });
  }

  @Override
  public void finishImport(long lastSeq) {
    db.write("finish the import at seq " + lastSeq, c -> {
      long last = SqliteRows.lastSeq(c);
      ImportRules.checkFinish(lastSeq, last);
      if (lastSeq > last) {
        declareHoles(c, last + 1, lastSeq);
      }
      return null;
    });
  }

  /** Writes one checked version: the files row as record() would change it, version, event. */
  private static void apply(Connection c, ImportedVersion v, FileRecord at, FileRecord from)
      throws SQLException {
    boolean tomb = v.action() == Action.DELETE;
    Change ch = new Change(v.action(), v.path(), v.from(), v.hash(), v.size(),
        tomb ? 0 : ImportRules.UNREAD_FS_SIZE, tomb ? 0 : ImportRules.UNREAD_FS_MTIME, v.time(),
        v.user(), v.origin(), v.location());
    String user = v.user();
    long id;
    switch (v.action()) {
      case CREATE -> {
        if (at == null) {
          id = SqliteRecording.insertFile(c, ch, user);
        } else {
          SqliteRecording.updateFile(c, at, at.path(), ch, user, v.version(), true);
          id = at.id();
        }
      }
      case MODIFY -> {
        SqliteRecording.updateFile(c, at, at.path(), ch, user, v.version(), false);
        id = at.id();
      }
      case DELETE -> {
        SqliteRecording.markDeleted(c, at, ch, user, v.version());
        id = at.id();
      }
      case RENAME -> {
        if (at != null) { // a tombstone (ImportRules): detached, as record() does
          SqliteRecording.detach(c, at);
        }
        SqliteRecording.updateFile(c, from, v.path(), ch, user, v.version(), false);
        id = from.id();
      }
      default -> throw new IllegalStateException("unknown action " + v.action());
    }
    SqliteRecording.insertVersionAndEvent(c, v.seq(), id, v.version(), v.action(), ch,
        new Author(user, v.origin(), v.changeSet()));
  }

  private static void declareHoles(Connection c, long first, long last) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("INSERT INTO holes (first, last) VALUES (?, ?)")) {
      ps.setLong(1, first);
      ps.setLong(2, last);
      ps.executeUpdate();
    }
  }
}
