package io.revkeep.core.store;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.Lock;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.model.WriteIntent;
import io.revkeep.core.store.SqliteConnections.RevChanged;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The embedded {@link Store}: one SQLite file (xerial sqlite-jdbc, WAL mode) that several
 * processes may open at once — the listener records, the CLI and the web read and also write
 * users, locks and write intents.
 *
 * <p>Times are kept to the millisecond (epoch millis columns). {@link #open(Path)} creates the
 * file, its parent folders and the schema, and refuses a database written by a newer revkeep.
 */
public final class SqliteStore implements Store {
  /*
   * Threads:    any number of caller threads; the state is the SQLite file, reached through
   *             SqliteConnections (one write connection behind a lock, a pool of readers).
   * State:      none of its own besides db; every write is one BEGIN IMMEDIATE transaction
   *             (db.write), every read one statement on a read connection (one snapshot).
   * Invariants: versions are 1..n per file id and event seqs 1..n, both without gaps: each is
   *             max+1 read inside the same write transaction that inserts it, so writers of this
   *             and of other processes see each other's result, and a rolled-back transaction
   *             leaves nothing behind. record() writes version, file row, event and intent
   *             consumption in that one transaction. Every update of a files row checks and
   *             bumps its rev (optimistic concurrency, see updateFile).
   * Shutdown:   close() closes db (idempotent; waits for the operations in flight).
   * Testing:    SqliteStoreTest runs the StoreContract suite (shared with other Store
   *             implementations) plus two instances on one file as two processes would, reopen,
   *             a newer schema, and a file-descriptor count over many open/close cycles;
   *             SqliteStoreIT records from child JVMs into the same file at once.
   */

  /** How long a write waits for another process's write transaction before SQLITE_BUSY. */
  static final int DEFAULT_BUSY_TIMEOUT_MS = 10_000;

  private static final String FILE_COLUMNS =
      "id, path, hash, size, created, created_user, last_modified, last_modified_user, version,"
          + " deleted, fs_size, fs_mtime, rev";
  private static final String VERSION_COLUMNS =
      "path, version, hash, size, time, user, origin, action, change_set";
  private static final String EVENT_COLUMNS =
      "seq, action, name, from_name, location, version, hash, size, time, user";

  private final SqliteConnections db;

  private SqliteStore(SqliteConnections db) {
    this.db = db;
  }

  /**
   * Opens (creating if needed) the database file, its parent folders and the schema, migrating
   * an older schema in one transaction.
   *
   * @throws StoreException if the file cannot be opened, is not a SQLite database, or was
   *     written by a newer revkeep
   */
  public static SqliteStore open(Path dbFile) {
    return open(dbFile, DEFAULT_BUSY_TIMEOUT_MS);
  }

  /**
   * {@link #open(Path)} with another busy timeout: how long a write waits for another
   * connection's write transaction before it fails with a {@link StoreException} (tests of what
   * happens while the store is unavailable use a short one).
   */
  public static SqliteStore open(Path dbFile, int busyTimeoutMs) {
    return new SqliteStore(SqliteConnections.open(dbFile, busyTimeoutMs));
  }

  // ---- recording ------------------------------------------------------------------------------

  @Override
  public Optional<Event> record(Change change) {
    Objects.requireNonNull(change, "change");
    return db.write("record " + change.action() + " " + change.path(), c -> apply(c, change));
  }

  @Override
  public List<Optional<Event>> recordAll(List<Change> changes) {
    List<Change> batch = List.copyOf(changes);
    return db.write("record " + batch.size() + " changes", c -> {
      List<Optional<Event>> results = new ArrayList<>(batch.size());
      for (Change ch : batch) {
        results.add(apply(c, ch));
      }
      return results;
    });
  }

  private Optional<Event> apply(Connection c, Change ch) throws SQLException {
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
  private Optional<Event> content(Connection c, Change ch, FileRecord rec) throws SQLException {
    if (rec != null && !rec.deleted() && ch.hash().equals(rec.hash())) {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE files SET fs_size = ?, fs_mtime = ?, rev = rev + 1 WHERE id = ? AND rev = ?")) {
        ps.setLong(1, ch.fsSize());
        ps.setLong(2, ch.fsMtime());
        ps.setLong(3, rec.id());
        ps.setLong(4, rec.rev());
        checkOneRow(ps.executeUpdate(), rec);
      }
      return Optional.empty();
    }
    Author who = takeIntent(c, ch);
    long time = ch.time().toEpochMilli();
    long id;
    int version;
    Action action;
    if (rec == null) {
      action = Action.CREATE;
      version = 1;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO files (path, hash, size,"
          + " created, created_user, last_modified, last_modified_user, version, deleted,"
          + " fs_size, fs_mtime, rev) VALUES (?, ?, ?, ?, ?, ?, ?, 1, 0, ?, ?, 1)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setString(1, ch.path());
        ps.setString(2, ch.hash());
        ps.setLong(3, ch.size());
        ps.setLong(4, time);
        ps.setString(5, who.user());
        ps.setLong(6, time);
        ps.setString(7, who.user());
        ps.setLong(8, ch.fsSize());
        ps.setLong(9, ch.fsMtime());
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          if (!keys.next()) {
            throw new SQLException("no id generated for new file " + ch.path());
          }
          id = keys.getLong(1);
        }
      }
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

  private Optional<Event> delete(Connection c, Change ch, FileRecord rec) throws SQLException {
    if (rec == null || rec.deleted()) {
      return Optional.empty();
    }
    Author who = takeIntent(c, ch);
    int version = rec.version() + 1;
    try (PreparedStatement ps = c.prepareStatement("UPDATE files SET hash = NULL, size = 0,"
        + " last_modified = ?, last_modified_user = ?, version = ?, deleted = 1, fs_size = 0,"
        + " fs_mtime = 0, rev = rev + 1 WHERE id = ? AND rev = ?")) {
      ps.setLong(1, ch.time().toEpochMilli());
      ps.setString(2, who.user());
      ps.setInt(3, version);
      ps.setLong(4, rec.id());
      ps.setLong(5, rec.rev());
      checkOneRow(ps.executeUpdate(), rec);
    }
    return Optional.of(appendVersionAndEvent(c, rec.id(), version, Action.DELETE, ch, who));
  }

  private Optional<Event> rename(Connection c, Change ch, FileRecord target) throws SQLException {
    if (target != null) {
      throw new ConflictException("cannot rename " + ch.from() + " to " + ch.path() + ": "
          + ch.path() + " already has a " + (target.deleted() ? "deleted" : "live") + " record");
    }
    FileRecord src = fileAt(c, ch.from()).orElse(null);
    if (src == null || src.deleted()) {
      throw new ConflictException("cannot rename " + ch.from() + " to " + ch.path() + ": "
          + ch.from() + " has no live record");
    }
    Author who = takeIntent(c, ch);
    int version = src.version() + 1;
    updateFile(c, src, ch.path(), ch, who.user(), version, false);
    return Optional.of(appendVersionAndEvent(c, src.id(), version, Action.RENAME, ch, who));
  }

  /**
   * Writes the new content state into the files row read as {@code rec}.
   *
   * <p>The {@code rev} check: BEGIN IMMEDIATE already makes read-then-update atomic for every
   * writer that goes through SQLite's write lock, so here it can only fail if that assumption
   * breaks — a second process whose revkeep (older, or a script) writes with a plain deferred
   * BEGIN or outside a transaction, a tool editing the file by hand, a future change here that
   * reads before BEGIN. It costs nothing and turns such a bug into a retry (SqliteConnections
   * runs the whole transaction again from a fresh read) instead of a silently lost update. It is also the contract's shape: a store without
   * multi-document transactions (the Couchbase twin, CAS per document) must detect a concurrent
   * update exactly this way, and both implementations pass the same tests.
   */
  private static void updateFile(Connection c, FileRecord rec, String path, Change ch,
      String user, int version, boolean reborn) throws SQLException {
    long time = ch.time().toEpochMilli();
    String sql = "UPDATE files SET path = ?, hash = ?, size = ?, last_modified = ?,"
        + " last_modified_user = ?, version = ?, deleted = 0, fs_size = ?, fs_mtime = ?,"
        + " rev = rev + 1" + (reborn ? ", created = ?, created_user = ?" : "")
        + " WHERE id = ? AND rev = ?";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int i = 0;
      ps.setString(++i, path);
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
    }
  }

  private static void checkOneRow(int rows, FileRecord rec) {
    if (rows != 1) {
      throw new RevChanged("file record " + rec.path() + " (id " + rec.id()
          + ") changed since rev " + rec.rev());
    }
  }

  private static Event appendVersionAndEvent(Connection c, long fileId, int version,
      Action action, Change ch, Author who) throws SQLException {
    long time = ch.time().toEpochMilli();
    String hash = action == Action.DELETE ? null : ch.hash();
    long size = action == Action.DELETE ? 0 : ch.size();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO versions (file_id, version,"
        + " path, hash, size, time, user, origin, action, change_set)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, fileId);
      ps.setInt(2, version);
      ps.setString(3, ch.path());
      ps.setString(4, hash);
      ps.setLong(5, size);
      ps.setLong(6, time);
      ps.setString(7, who.user());
      ps.setString(8, who.origin().wire());
      ps.setString(9, action.name());
      ps.setString(10, who.changeSet());
      ps.executeUpdate();
    }
    long seq;
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) + 1 FROM events")) {
      rs.next();
      seq = rs.getLong(1);
    }
    String from = action == Action.RENAME ? ch.from() : null;
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO events (" + EVENT_COLUMNS
        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, seq);
      ps.setString(2, action.name());
      ps.setString(3, ch.path());
      ps.setString(4, from);
      ps.setString(5, ch.location());
      ps.setInt(6, version);
      ps.setString(7, hash);
      ps.setLong(8, size);
      ps.setLong(9, time);
      ps.setString(10, who.user());
      ps.executeUpdate();
    }
    return new Event(seq, action, ch.path(), from, ch.location(), version, hash, size,
        Instant.ofEpochMilli(time), who.user());
  }

  /**
   * Who the new version is attributed to: the unexpired intent matching (path, hash) — consumed
   * here, in the recording transaction — or else the change's own user and origin. Intents that
   * expired by the change's time are deleted on the way (they can never match again).
   */
  private static Author takeIntent(Connection c, Change ch) throws SQLException {
    long time = ch.time().toEpochMilli();
    String hash = intentHash(ch.hash());
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM intents WHERE expiry <= ?")) {
      ps.setLong(1, time);
      ps.executeUpdate();
    }
    Author found = null;
    try (PreparedStatement ps = c.prepareStatement("SELECT user, origin, change_set FROM intents"
        + " WHERE path = ? AND hash = ? AND expiry > ?")) {
      ps.setString(1, ch.path());
      ps.setString(2, hash);
      ps.setLong(3, time);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          found = new Author(rs.getString(1), Origin.fromWire(rs.getString(2)), rs.getString(3));
        }
      }
    }
    if (found == null) {
      return new Author(ch.user(), ch.origin(), null);
    }
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM intents WHERE path = ? AND hash = ?")) {
      ps.setString(1, ch.path());
      ps.setString(2, hash);
      ps.executeUpdate();
    }
    return found;
  }

  /** intents.hash is part of the key (NOT NULL): a deletion intent is stored with ''. */
  private static String intentHash(String hash) {
    return hash == null ? "" : hash;
  }

  @Override
  public void expectWrite(WriteIntent intent) {
    Objects.requireNonNull(intent, "intent");
    db.write("expect write of " + intent.path(), c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO intents (path, hash, user,"
          + " origin, change_set, expiry) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (path, hash)"
          + " DO UPDATE SET user = excluded.user, origin = excluded.origin,"
          + " change_set = excluded.change_set, expiry = excluded.expiry")) {
        ps.setString(1, intent.path());
        ps.setString(2, intentHash(intent.hash()));
        ps.setString(3, intent.user());
        ps.setString(4, intent.origin().wire());
        ps.setString(5, intent.changeSet());
        ps.setLong(6, intent.expiry().toEpochMilli());
        ps.executeUpdate();
      }
      return null;
    });
  }

  // ---- reading --------------------------------------------------------------------------------

  @Override
  public Optional<FileRecord> file(String path) {
    Objects.requireNonNull(path, "path");
    return db.read("read file " + path, c -> fileAt(c, path));
  }

  private static Optional<FileRecord> fileAt(Connection c, String path) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("SELECT " + FILE_COLUMNS + " FROM files WHERE path = ?")) {
      ps.setString(1, path);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(fileRecord(rs)) : Optional.empty();
      }
    }
  }

  @Override
  public List<FileRecord> files(String dir, boolean recursive, boolean includeDeleted) {
    String folder = trimDir(dir);
    // A range on path instead of LIKE: paths may contain '%' and '_'. Every path under "d/"
    // sorts in [d + "/", d + "0") because '0' is the character right after '/'; so does nothing
    // else (a sibling "d0" or "d-x" falls outside). The range uses the path's unique index.
    // Direct children have no further '/' after the prefix; length()/substr() count characters
    // on SQLite's side, so the prefix length is measured there too.
    StringBuilder sql = new StringBuilder("SELECT " + FILE_COLUMNS + " FROM files WHERE ");
    if (folder.isEmpty()) {
      sql.append(recursive ? "1" : "instr(path, '/') = 0");
    } else {
      sql.append("path >= ?1 AND path < ?2");
      if (!recursive) {
        sql.append(" AND instr(substr(path, length(?1) + 1), '/') = 0");
      }
    }
    if (!includeDeleted) {
      sql.append(" AND deleted = 0");
    }
    sql.append(" ORDER BY path");
    Object[] range = folder.isEmpty() ? new Object[0] : new Object[] {folder + "/", folder + "0"};
    return list("list files under '" + folder + "'", sql.toString(), SqliteStore::fileRecord,
        range);
  }

  @Override
  public List<FileRecord> liveFilesWithHash(String hash) {
    Objects.requireNonNull(hash, "hash");
    return list("find files with hash " + hash, "SELECT " + FILE_COLUMNS
        + " FROM files WHERE hash = ? AND deleted = 0 ORDER BY path", SqliteStore::fileRecord, hash);
  }

  @Override
  public List<VersionRecord> history(String path) {
    Objects.requireNonNull(path, "path");
    // By file id, in one statement (one read snapshot): versions from earlier paths included.
    return list("read history of " + path, "SELECT " + VERSION_COLUMNS
        + " FROM versions WHERE file_id = (SELECT id FROM files WHERE path = ?) ORDER BY version",
        SqliteStore::versionRecord, path);
  }

  @Override
  public Optional<VersionRecord> version(String path, int version) {
    Objects.requireNonNull(path, "path");
    return db.read("read version " + version + " of " + path, c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS
          + " FROM versions WHERE file_id = (SELECT id FROM files WHERE path = ?)"
          + " AND version = ?")) {
        ps.setString(1, path);
        ps.setInt(2, version);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(versionRecord(rs)) : Optional.empty();
        }
      }
    });
  }

  // ---- point in time --------------------------------------------------------------------------

  @Override
  public List<VersionRecord> filesAt(String dir, Instant at) {
    Objects.requireNonNull(at, "at");
    String folder = trimDir(dir);
    // Candidates: files with any version under the folder by then (the (path, time) index);
    // of each, the newest version by then (the (file_id, version) key), kept when it is still
    // under the folder and not a tombstone. One statement: one read snapshot.
    String under = folder.isEmpty() ? "1" : "path >= ?1 AND path < ?2";
    String sql = "SELECT " + VERSION_COLUMNS + " FROM versions v WHERE v.file_id IN"
        + " (SELECT DISTINCT file_id FROM versions WHERE " + under + " AND time <= ?3)"
        + " AND v.version = (SELECT MAX(w.version) FROM versions w"
        + " WHERE w.file_id = v.file_id AND w.time <= ?3)"
        + " AND v.action <> 'DELETE' AND " + under.replace("path", "v.path")
        + " ORDER BY v.path, v.version";
    Object[] params = folder.isEmpty() ? new Object[] {null, null, at.toEpochMilli()}
        : new Object[] {folder + "/", folder + "0", at.toEpochMilli()};
    return list("list files under '" + folder + "' at " + at, sql, SqliteStore::versionRecord,
        params);
  }

  @Override
  public List<VersionRecord> changeSet(String id) {
    Objects.requireNonNull(id, "id");
    return list("read change set " + id, "SELECT " + VERSION_COLUMNS
        + " FROM versions WHERE change_set = ? ORDER BY path, version",
        SqliteStore::versionRecord, id);
  }

  @Override
  public List<Instant> changeTimes(String dir, int limit) {
    String folder = trimDir(dir);
    String sql = "SELECT DISTINCT time FROM versions"
        + (folder.isEmpty() ? "" : " WHERE path >= ?1 AND path < ?2")
        + " ORDER BY time DESC LIMIT " + Math.max(0, limit);
    Object[] params = folder.isEmpty() ? new Object[0]
        : new Object[] {folder + "/", folder + "0"};
    return list("list change times under '" + folder + "'", sql,
        rs -> Instant.ofEpochMilli(rs.getLong(1)), params);
  }

  /** A folder path without trailing slashes ("" is the root). */
  private static String trimDir(String dir) {
    Objects.requireNonNull(dir, "dir");
    String d = dir;
    while (d.endsWith("/")) {
      d = d.substring(0, d.length() - 1);
    }
    return d;
  }

  // ---- event log ------------------------------------------------------------------------------

  @Override
  public long lastSeq() {
    return db.read("read last event seq", c -> {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(seq), 0) FROM events")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public List<Event> eventsAfter(long after, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    return list("read events after " + after,
        "SELECT " + EVENT_COLUMNS + " FROM events WHERE seq > ? ORDER BY seq LIMIT ?",
        rs -> new Event(rs.getLong(1), Action.valueOf(rs.getString(2)), rs.getString(3),
            rs.getString(4), rs.getString(5), rs.getInt(6), rs.getString(7), rs.getLong(8),
            Instant.ofEpochMilli(rs.getLong(9)), rs.getString(10)),
        after, limit);
  }

  // ---- users ----------------------------------------------------------------------------------

  @Override
  public void addUser(User user) {
    Objects.requireNonNull(user, "user");
    db.write("add user " + user.name(), c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO users (name, password_hash,"
          + " role) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING")) {
        ps.setString(1, user.name());
        ps.setString(2, user.passwordHash());
        ps.setString(3, user.role().wire());
        if (ps.executeUpdate() == 0) {
          throw new ConflictException("user '" + user.name() + "' already exists");
        }
      }
      return null;
    });
  }

  @Override
  public Optional<User> user(String name) {
    Objects.requireNonNull(name, "name");
    return db.read("read user " + name, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT name, password_hash, role FROM users WHERE name = ?")) {
        ps.setString(1, name);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(userRecord(rs)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public List<User> users() {
    return list("list users", "SELECT name, password_hash, role FROM users ORDER BY name",
        SqliteStore::userRecord);
  }

  @Override
  public boolean updateUser(User user) {
    Objects.requireNonNull(user, "user");
    return db.write("update user " + user.name(), c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE users SET password_hash = ?, role = ? WHERE name = ?")) {
        ps.setString(1, user.passwordHash());
        ps.setString(2, user.role().wire());
        ps.setString(3, user.name());
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public boolean removeUser(String name) {
    Objects.requireNonNull(name, "name");
    return db.write("remove user " + name, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE name = ?")) {
        ps.setString(1, name);
        return ps.executeUpdate() > 0;
      }
    });
  }

  // ---- locks ----------------------------------------------------------------------------------

  @Override
  public Lock tryLock(Lock lock, Instant now) {
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(now, "now");
    return db.write("lock " + lock.path(), c -> {
      try (PreparedStatement ps =
          c.prepareStatement("SELECT owner, expiry FROM locks WHERE path = ?")) {
        ps.setString(1, lock.path());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            Lock held = new Lock(lock.path(), rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)));
            if (!held.owner().equals(lock.owner()) && !held.expiredAt(now)) {
              return held;
            }
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO locks (path, owner, expiry)"
          + " VALUES (?, ?, ?) ON CONFLICT (path) DO UPDATE SET owner = excluded.owner,"
          + " expiry = excluded.expiry")) {
        ps.setString(1, lock.path());
        ps.setString(2, lock.owner());
        ps.setLong(3, lock.expiry().toEpochMilli());
        ps.executeUpdate();
      }
      return new Lock(lock.path(), lock.owner(), Instant.ofEpochMilli(lock.expiry().toEpochMilli()));
    });
  }

  @Override
  public Optional<Lock> lock(String path, Instant now) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(now, "now");
    return db.read("read lock " + path, c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT owner, expiry FROM locks WHERE path = ? AND expiry > ?")) {
        ps.setString(1, path);
        ps.setLong(2, now.toEpochMilli());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next()
              ? Optional.of(new Lock(path, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))))
              : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean unlock(String path, String owner) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(owner, "owner");
    return db.write("unlock " + path, c -> {
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM locks WHERE path = ? AND owner = ?")) {
        ps.setString(1, path);
        ps.setString(2, owner);
        return ps.executeUpdate() > 0;
      }
    });
  }

  // ---- pins -----------------------------------------------------------------------------------

  @Override
  public boolean pin(String path, int version, String label, Instant time) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(time, "time");
    return db.write("pin version " + version + " of " + path, c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO pins (file_id, version, label,"
          + " time) SELECT file_id, version, ?, ? FROM versions WHERE file_id = (SELECT id FROM"
          + " files WHERE path = ?) AND version = ? ON CONFLICT (file_id, version) DO UPDATE SET"
          + " label = excluded.label, time = excluded.time")) {
        ps.setString(1, label);
        ps.setLong(2, time.toEpochMilli());
        ps.setString(3, path);
        ps.setInt(4, version);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public boolean unpin(String path, int version) {
    Objects.requireNonNull(path, "path");
    return db.write("unpin version " + version + " of " + path, c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM pins WHERE file_id ="
          + " (SELECT id FROM files WHERE path = ?) AND version = ?")) {
        ps.setString(1, path);
        ps.setInt(2, version);
        return ps.executeUpdate() > 0;
      }
    });
  }

  @Override
  public List<Pin> pins(String path) {
    Objects.requireNonNull(path, "path");
    return list("read pins of " + path, "SELECT version, label, time FROM pins"
        + " WHERE file_id = (SELECT id FROM files WHERE path = ?) ORDER BY version",
        rs -> new Pin(rs.getInt(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3))), path);
  }

  // ---- health ---------------------------------------------------------------------------------

  @Override
  public void ping() {
    // SQLite keeps working on a deleted (unlinked) file, which would lose everything on close.
    if (!Files.isRegularFile(db.file())) {
      throw new StoreException("sqlite " + db.file() + " is gone (deleted or moved away)");
    }
    db.read("ping", c -> {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sqlite_master")) {
        rs.next();
        return null;
      }
    });
  }

  @Override
  public String describe() {
    return "sqlite " + db.file();
  }

  @Override
  public String toString() {
    return "SqliteStore[" + db.file() + "]";
  }

  @Override
  public void close() {
    db.close();
  }

  /** Who a new version is attributed to. */
  /** Maps the current row of a result set. */
  @FunctionalInterface
  private interface Row<T> {
    T map(ResultSet rs) throws SQLException;
  }

  /** Runs one query on a read connection (one snapshot) and maps every row. */
  private <T> List<T> list(String what, String sql, Row<T> row, Object... params) {
    return db.read(what, c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          ps.setObject(i + 1, params[i]);
        }
        try (ResultSet rs = ps.executeQuery()) {
          List<T> out = new ArrayList<>();
          while (rs.next()) {
            out.add(row.map(rs));
          }
          return out;
        }
      }
    });
  }

  private record Author(String user, Origin origin, String changeSet) {}

  // ---- row mapping ----------------------------------------------------------------------------

  private static FileRecord fileRecord(ResultSet rs) throws SQLException {
    return new FileRecord(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getLong(4),
        Instant.ofEpochMilli(rs.getLong(5)),
        rs.getString(6),
        Instant.ofEpochMilli(rs.getLong(7)),
        rs.getString(8),
        rs.getInt(9),
        rs.getInt(10) != 0,
        rs.getLong(11),
        rs.getLong(12),
        rs.getLong(13));
  }

  private static VersionRecord versionRecord(ResultSet rs) throws SQLException {
    return new VersionRecord(
        rs.getString(1),
        rs.getInt(2),
        rs.getString(3),
        rs.getLong(4),
        Instant.ofEpochMilli(rs.getLong(5)),
        rs.getString(6),
        Origin.fromWire(rs.getString(7)),
        Action.valueOf(rs.getString(8)),
        rs.getString(9));
  }

  private static User userRecord(ResultSet rs) throws SQLException {
    return new User(rs.getString(1), rs.getString(2), Role.fromWire(rs.getString(3)));
  }
}
