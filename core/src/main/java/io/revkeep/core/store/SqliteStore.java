package io.revkeep.core.store;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.FileThen;
import io.revkeep.core.model.ImportedVersion;
import io.revkeep.core.model.Lock;
import io.revkeep.core.model.User;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.model.WriteIntent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The embedded {@link Store}: one SQLite file (xerial sqlite-jdbc, WAL mode) that several
 * processes may open at once — the listener records, the CLI and the web read and also write
 * users, locks and write intents.
 *
 * <p>Times are kept to the millisecond (epoch millis columns). {@link #open(Path)} creates the
 * file, its parent folders and the schema, and refuses a database written by a newer revkeep.
 *
 * <p>This class only opens the file and hands each call to the part that owns its concern, all
 * sharing one {@link SqliteConnections}: SqliteRecording (the commit protocol) with
 * SqliteWriteIntents and SqliteFolderSums, SqliteFileReads, SqlitePointInTime, SqliteFolderListing, SqliteEventLog, SqliteAccounts, SqliteWebSessions,
 * SqliteLocks, SqlitePins and SqliteHistoryImport; SqliteRows holds the columns and row mapping
 * they share.
 */
public final class SqliteStore implements Store {
  /*
   * Threads:    any number of caller threads; the state is the SQLite file, reached through
   *             SqliteConnections (one write connection behind a lock, a pool of readers).
   * State:      none of its own besides db and the parts, which hold nothing but db; every write
   *             is one BEGIN IMMEDIATE transaction (db.write), every read one statement on a read
   *             connection (one snapshot).
   * Invariants: gap-free versions and event seqs (but for holes an import declared), and the
   *             rev check on every files row: see SqliteRecording, the part that writes files,
   *             versions and events (SqliteHistoryImport writes them through its row writes).
   * Shutdown:   close() closes db (idempotent; waits for the operations in flight).
   * Testing:    SqliteStoreTest runs the StoreContract suite (shared with other Store
   *             implementations) plus two instances on one file as two processes would, reopen,
   *             a newer schema, and a file-descriptor count over many open/close cycles;
   *             SqliteStoreIT records from child JVMs into the same file at once;
   *             SqliteFolderContentsTest and SqliteFolderSumsTest check the folder sums
   *             (schema-7.sql) against FolderContents's defaults.
   */

  /** How long a write waits for another process's write transaction before SQLITE_BUSY. */
  static final int DEFAULT_BUSY_TIMEOUT_MS = 10_000;

  private final SqliteConnections db;
  private final SqliteRecording recording;
  private final SqliteWriteIntents intents;
  private final SqliteFileReads files;
  private final SqlitePointInTime pointInTime;
  private final SqliteFolderListing listing;
  private final EventLog events;
  private final Accounts accounts;
  private final WebSessions webSessions;
  private final Locks locks;
  private final Pins pins;
  private final HistoryImport history;

  private SqliteStore(SqliteConnections db) {
    this.db = db;
    this.recording = new SqliteRecording(db);
    this.intents = new SqliteWriteIntents(db);
    this.files = new SqliteFileReads(db);
    this.pointInTime = new SqlitePointInTime(db);
    this.listing = new SqliteFolderListing(db, pointInTime);
    this.events = new SqliteEventLog(db);
    this.accounts = new SqliteAccounts(db);
    this.webSessions = new SqliteWebSessions(db);
    this.locks = new SqliteLocks(db);
    this.pins = new SqlitePins(db);
    this.history = new SqliteHistoryImport(db);
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

  // ---- files and versions ---------------------------------------------------------------------

  @Override
  public Optional<Event> record(Change change) {
    return recording.record(change);
  }

  @Override
  public List<Optional<Event>> recordAll(List<Change> changes) {
    return recording.recordAll(changes);
  }

  @Override
  public void expectWrite(WriteIntent intent) {
    intents.expectWrite(intent);
  }

  @Override
  public Optional<FileRecord> file(String path) {
    return files.file(path);
  }

  @Override
  public List<FileRecord> files(String dir, boolean recursive, boolean includeDeleted) {
    return files.files(dir, recursive, includeDeleted);
  }

  @Override
  public Contents contents(String dir, boolean includeDeleted) {
    return listing.contents(dir, includeDeleted);
  }

  @Override
  public ContentsThen contentsAt(String dir, Instant at) {
    return listing.contentsAt(dir, at);
  }

  @Override
  public void forEachLiveFileStat(String dir, Consumer<FileStat> visitor) {
    files.forEachLiveFileStat(dir, visitor);
  }

  @Override // seeks in the path index: SqliteFileStats
  public void forEachLiveFileStatIn(String dir, Consumer<FileStat> f, Consumer<String> d) {
    new SqliteFileStats(db).forEachLiveFileStatIn(dir, f, d);
  }

  @Override
  public List<FileRecord> deletedFiles(String dir, int limit) {
    return files.deletedFiles(dir, limit);
  }

  @Override
  public Map<String, FileRecord> filesAt(Collection<String> paths) {
    return files.filesAt(paths);
  }

  @Override
  public Map<String, List<FileRecord>> liveFilesWithHashes(Collection<String> hashes) {
    return files.liveFilesWithHashes(hashes);
  }

  @Override
  public List<FileRecord> liveFilesWithHash(String hash) {
    return files.liveFilesWithHash(hash);
  }

  @Override
  public List<VersionRecord> history(String path) {
    return files.history(path);
  }

  @Override
  public Optional<VersionRecord> version(String path, int version) {
    return files.version(path, version);
  }

  @Override
  public List<DetachedFile> detachedFiles() {
    return files.detachedFiles();
  }

  // ---- point in time --------------------------------------------------------------------------

  @Override
  public List<VersionRecord> filesAt(String dir, Instant at) {
    return pointInTime.filesAt(dir, at);
  }

  @Override
  public List<FileThen> filesAtAndNow(String dir, Instant at) {
    return pointInTime.filesAtAndNow(dir, at);
  }

  @Override
  public List<VersionRecord> changeSet(String id) {
    return pointInTime.changeSet(id);
  }

  @Override
  public List<Instant> changeTimes(String dir, int limit) {
    return pointInTime.changeTimes(dir, limit);
  }

  // ---- event log ------------------------------------------------------------------------------

  @Override
  public long lastSeq() {
    return events.lastSeq();
  }

  @Override
  public List<Event> eventsAfter(long after, int limit) {
    return events.eventsAfter(after, limit);
  }

  @Override
  public boolean isHole(long seq) {
    return events.isHole(seq);
  }

  // ---- history import -------------------------------------------------------------------------

  @Override
  public boolean isEmpty() {
    return history.isEmpty();
  }

  @Override
  public void importVersion(ImportedVersion version) {
    history.importVersion(version);
  }

  @Override
  public void importAll(List<ImportedVersion> versions) {
    history.importAll(versions);
  }

  @Override
  public void finishImport(long lastSeq) {
    history.finishImport(lastSeq);
  }

  // ---- accounts -------------------------------------------------------------------------------

  @Override
  public void addUser(User user) {
    accounts.addUser(user);
  }

  @Override
  public Optional<User> user(String name) {
    return accounts.user(name);
  }

  @Override
  public List<User> users() {
    return accounts.users();
  }

  @Override
  public boolean updateUser(User user) {
    return accounts.updateUser(user);
  }

  @Override
  public boolean removeUser(String name) {
    return accounts.removeUser(name);
  }

  @Override
  public boolean updateUserKeepingAnAdmin(User user) {
    return accounts.updateUserKeepingAnAdmin(user);
  }

  @Override
  public boolean removeUserKeepingAnAdmin(String name) {
    return accounts.removeUserKeepingAnAdmin(name);
  }

  // ---- web sessions ---------------------------------------------------------------------------

  @Override
  public void addWebSession(WebSession session) {
    webSessions.addWebSession(session);
  }

  @Override
  public Optional<WebSession> webSession(String idHash) {
    return webSessions.webSession(idHash);
  }

  @Override
  public boolean touchWebSession(String idHash, Instant lastSeen) {
    return webSessions.touchWebSession(idHash, lastSeen);
  }

  @Override
  public boolean removeWebSession(String idHash) {
    return webSessions.removeWebSession(idHash);
  }

  @Override
  public int removeWebSessions(String user, String keepIdHash) {
    return webSessions.removeWebSessions(user, keepIdHash);
  }

  @Override
  public int sweepWebSessions(Instant idleBefore) {
    return webSessions.sweepWebSessions(idleBefore);
  }

  // ---- locks and pins -------------------------------------------------------------------------

  @Override
  public Lock tryLock(Lock lock, Instant now) {
    return locks.tryLock(lock, now);
  }

  @Override
  public Optional<Lock> lock(String path, Instant now) {
    return locks.lock(path, now);
  }

  @Override
  public boolean unlock(String path, String owner) {
    return locks.unlock(path, owner);
  }

  @Override
  public boolean pin(String path, int version, String label, Instant time) {
    return pins.pin(path, version, label, time);
  }

  @Override
  public boolean unpin(String path, int version) {
    return pins.unpin(path, version);
  }

  @Override
  public List<Pin> pins(String path) {
    return pins.pins(path);
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
}
