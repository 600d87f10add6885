package io.revkeep.store.couchbase;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.FileThen;
import io.revkeep.core.model.ImportedVersion;
import io.revkeep.core.model.Lock;
import io.revkeep.core.model.User;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.model.WriteIntent;
import io.revkeep.core.store.Pin;
import io.revkeep.core.store.Store;
import io.revkeep.core.store.StorePaths;
import io.revkeep.core.store.StoreException;
import io.revkeep.core.store.WebSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The {@link Store} in a Couchbase bucket, shared by every revkeep process on every host. Only
 * key-value operations with CAS, one counter for event seqs and one for file ids: no N1QL, no
 * multi-document transactions. {@link #open} connects (retrying an unreachable cluster);
 * {@link #close} disconnects.
 *
 * <p>This class checks arguments and that the store is open, and hands each call to the part
 * that owns its concern. Guarantees beyond the {@link Store} contract, and where they are weaker,
 * are in the design comments of those parts; the README's "Couchbase store" section says how to
 * set up the bucket.
 */
public final class CouchbaseStore implements Store {
  /*
   * Parts:      Recording (what a change means; in-process stripes; recordAll is NOT atomic)
   *             → Commit (the CAS protocol, steps 1 to 4, and its commit point) → FileDocs (the
   *             effective record of a file doc, step 5, and the settling of dead writers);
   *             WriteIntents (attribution); SeqLog (event seqs and holes); FileReads (listings,
   *             history, change sets) and PointInTime (filesAt, changeTimes) over the index logs
   *             of Folders; FolderSumDocs (per-folder sums, advanced from the event log by
   *             writers and readers) and FolderContentsReads (a folder's direct entries with
   *             its sub-folders' sums); Users; WebSessionDocs; Locks; Pins. They share one
   *             StoreContext (Kv, Keys, AppendLog, tuning, clock, test hook). Importing puts
   *             a backup's history back through Commit with the original seqs (HistoryImport).
   * Threads:    any number of caller threads in any number of processes; the SDK's own I/O
   *             threads do the network. No part starts a thread.
   * State:      the bucket (key layout in Keys). Local state is only caches and courtesy: the
   *             path stripes (Recording), knownDirs (Folders), the seq mark and holesSeen
   *             (SeqLog), the sums' applied mark (FolderSumDocs). Losing any of it costs
   *             reads, never correctness.
   * Time:       writers' ages ("at" in a pend) and write intents' document lifetimes use the
   *             Clock passed in (open(settings, clock)); hosts sharing a bucket need clocks
   *             within a fraction of staleAfter (NTP). Hole ages are elapsed time in this
   *             process (SeqLog). Lock and intent expiry are judged against callers' times.
   * Shutdown:   close() runs onClose (which disconnects the cluster and shuts the environment
   *             down when this store opened them) once; operations after it throw
   *             StoreException.
   * Testing:    CouchbaseStoreIT runs the StoreContract suite on CouchbaseMock (in-JVM, port 0),
   *             CouchbaseRealClusterIT on a real cluster (-Dcouchbase.connectionString);
   *             CouchbaseRecoveryIT kills or stalls writers at each step (the Crash hook) and
   *             checks what readers and the next writer see (moving a FakeClock past
   *             staleAfter instead of waiting where it can); CouchbaseOpenIT the connection
   *             errors; CouchbaseLongPathIT digest keys; CouchbaseFeedHoleIT the feed over a
   *             hole; CouchbaseScaleIT (-Dcouchbase.scale) times 10,000 files.
   */

  /** How long a writer or a missing event may take before others step in. */
  record Tuning(Duration staleAfter, Duration holeAfter) {
    /**
     * A missing event waits longer than a stalled writer: a writer that died after taking its
     * seq is committed by whoever meets its file doc after staleAfter, and only a seq nobody
     * committed by holeAfter becomes a hole.
     */
    static final Tuning DEFAULT = new Tuning(Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  /** Logs as the store: its parts are not the user's concern. */
  private static final Logger LOG = LogManager.getLogger(CouchbaseStore.class);

  private final StoreContext ctx;
  private final Runnable onClose;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Recording recording;
  private final WriteIntents intents;
  private final SeqLog seqLog;
  private final FileReads reads;
  private final PointInTime pointInTime;
  private final FolderSumDocs folderSums;
  private final FolderContentsReads folderContents;
  private final Users users;
  private final WebSessionDocs webSessions;
  private final Locks locks;
  private final Pins pins;
  private final Importing importing;

  CouchbaseStore(Kv kv, String namespace, String description, Tuning tuning, Clock clock,
      Runnable onClose) {
    this.ctx = new StoreContext(kv, namespace, description, tuning,
        Objects.requireNonNull(clock, "clock"));
    this.onClose = onClose;
    Folders folders = new Folders(ctx);
    FileDocs fileDocs = new FileDocs(ctx);
    this.seqLog = new SeqLog(ctx);
    this.folderSums = new FolderSumDocs(ctx, seqLog);
    this.intents = new WriteIntents(ctx);
    Commit commit = new Commit(ctx, fileDocs, folders, seqLog);
    this.recording = new Recording(ctx, fileDocs, intents, commit, this::advanceSums);
    this.importing = new Importing(ctx, commit, seqLog);
    this.reads = new FileReads(ctx, fileDocs, folders);
    this.pointInTime = new PointInTime(ctx, folders, fileDocs);
    this.folderContents = new FolderContentsReads(folders, reads, pointInTime, folderSums);
    this.users = new Users(ctx);
    this.webSessions = new WebSessionDocs(ctx);
    this.locks = new Locks(ctx);
    this.pins = new Pins(ctx, fileDocs);
  }

  /**
   * Connects to the cluster and opens the bucket's collection. A cluster that does not answer is
   * retried with backoff (1 s doubling to 30 s, each attempt logged) for {@code
   * settings.connectFor()}; wrong credentials, a missing bucket or collection, or a malformed
   * connection string fail at once.
   *
   * @param clock judges how long another writer's operation has made no progress (see
   *     {@link Tuning}) and how long write intents' documents are kept
   * @throws StoreException with one line that says what is wrong and what to check
   */
  public static CouchbaseStore open(CouchbaseSettings settings, Clock clock) {
    return CouchbaseConnector.open(settings, clock);
  }

  /** {@link #open(CouchbaseSettings, Clock)} on the system clock (UTC). */
  public static CouchbaseStore open(CouchbaseSettings settings) {
    return open(settings, Clock.systemUTC());
  }

  void crashAt(Crash hook) {
    ctx.crashAt(hook);
  }

  @Override
  public Optional<Event> record(Change change) {
    Objects.requireNonNull(change, "change");
    checkOpen();
    return recording.record(change); // advances the sums after a change (advanceSums)
  }

  @Override
  public List<Optional<Event>> recordAll(List<Change> changes) {
    List<Change> batch = List.copyOf(changes);
    checkOpen();
    return recording.recordAll(batch);
  }

  @Override
  public void expectWrite(WriteIntent intent) {
    Objects.requireNonNull(intent, "intent");
    checkOpen();
    intents.expect(intent);
  }

  @Override
  public Optional<FileRecord> file(String path) {
    Objects.requireNonNull(path, "path");
    checkOpen();
    return reads.file(path);
  }

  @Override
  public List<FileRecord> files(String dir, boolean recursive, boolean includeDeleted) {
    String folder = StorePaths.trimDir(dir);
    checkOpen();
    return reads.files(folder, recursive, includeDeleted);
  }

  @Override
  public List<FileRecord> liveFilesWithHash(String hash) {
    Objects.requireNonNull(hash, "hash");
    checkOpen();
    return reads.liveFilesWithHash(hash);
  }

  @Override
  public List<DetachedFile> detachedFiles() {
    checkOpen();
    List<DetachedFile> out = new java.util.ArrayList<>();
    for (FileRecord rec : reads.detached()) {
      out.add(new DetachedFile(rec, reads.historyOf(rec, rec.path()), pins.pinsOf(rec.id())));
    }
    return out;
  }

  @Override
  public List<VersionRecord> history(String path) {
    Objects.requireNonNull(path, "path");
    checkOpen();
    return reads.history(path);
  }

  @Override
  public Optional<VersionRecord> version(String path, int version) {
    Objects.requireNonNull(path, "path");
    checkOpen();
    return reads.version(path, version);
  }

  @Override
  public List<VersionRecord> changeSet(String id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    return reads.changeSet(id);
  }

  @Override
  public List<VersionRecord> filesAt(String dir, Instant at) {
    Objects.requireNonNull(at, "at");
    String folder = StorePaths.trimDir(dir);
    checkOpen();
    return pointInTime.filesAt(folder, at);
  }

  @Override
  public List<FileThen> filesAtAndNow(String dir, Instant at) {
    Objects.requireNonNull(at, "at");
    String folder = StorePaths.trimDir(dir);
    checkOpen();
    return pointInTime.filesAtAndNow(folder, at);
  }

  @Override
  public Contents contents(String dir, boolean includeDeleted) {
    String folder = StorePaths.trimDir(dir);
    checkOpen();
    return folderContents.contents(folder, includeDeleted);
  }

  @Override
  public ContentsThen contentsAt(String dir, Instant at) {
    Objects.requireNonNull(at, "at");
    String folder = StorePaths.trimDir(dir);
    checkOpen();
    return folderContents.contentsAt(folder, at);
  }

  @Override
  public List<Instant> changeTimes(String dir, int limit) {
    String folder = StorePaths.trimDir(dir);
    checkOpen();
    return pointInTime.changeTimes(folder, limit);
  }

  @Override
  public long lastSeq() {
    checkOpen();
    return seqLog.lastSeq();
  }

  @Override
  public List<Event> eventsAfter(long after, int limit) {
    checkOpen();
    return seqLog.eventsAfter(after, limit);
  }

  @Override
  public boolean isHole(long seq) {
    checkOpen();
    return seqLog.isHole(seq);
  }

  @Override
  public boolean isEmpty() {
    checkOpen();
    return importing.isEmpty();
  }

  @Override
  public void importVersion(ImportedVersion version) {
    Objects.requireNonNull(version, "version");
    checkOpen();
    importing.importAll(List.of(version));
    advanceSums();
  }

  @Override
  public void importAll(List<ImportedVersion> versions) {
    List<ImportedVersion> batch = List.copyOf(versions);
    checkOpen();
    importing.importAll(batch);
    advanceSums();
  }

  @Override
  public void finishImport(long lastSeq) {
    checkOpen();
    importing.finishImport(lastSeq);
  }

  @Override
  public void addUser(User user) {
    Objects.requireNonNull(user, "user");
    checkOpen();
    webSessions.removeAll(user.name(), null); // left by an earlier user of that name
    users.add(user);
  }

  @Override
  public Optional<User> user(String name) {
    Objects.requireNonNull(name, "name");
    checkOpen();
    return users.user(name);
  }

  @Override
  public List<User> users() {
    checkOpen();
    return users.all();
  }

  @Override
  public boolean updateUser(User user) {
    Objects.requireNonNull(user, "user");
    checkOpen();
    return users.update(user);
  }

  @Override
  public boolean removeUser(String name) {
    Objects.requireNonNull(name, "name");
    checkOpen();
    return endSessionsIf(users.remove(name), name);
  }

  @Override
  public boolean updateUserKeepingAnAdmin(User user) {
    Objects.requireNonNull(user, "user");
    checkOpen();
    return users.updateKeepingAnAdmin(user);
  }

  @Override
  public boolean removeUserKeepingAnAdmin(String name) {
    Objects.requireNonNull(name, "name");
    checkOpen();
    return endSessionsIf(users.removeKeepingAnAdmin(name), name);
  }

  /** A removed user's web sessions end with it. */
  private boolean endSessionsIf(boolean removed, String name) {
    if (removed) {
      webSessions.removeAll(name, null);
    }
    return removed;
  }

  @Override
  public void addWebSession(WebSession session) {
    Objects.requireNonNull(session, "session");
    checkOpen();
    webSessions.add(session);
  }

  @Override
  public Optional<WebSession> webSession(String idHash) {
    Objects.requireNonNull(idHash, "idHash");
    checkOpen();
    return webSessions.find(idHash);
  }

  @Override
  public boolean touchWebSession(String idHash, Instant lastSeen) {
    Objects.requireNonNull(idHash, "idHash");
    Objects.requireNonNull(lastSeen, "lastSeen");
    checkOpen();
    return webSessions.touch(idHash, lastSeen);
  }

  @Override
  public boolean removeWebSession(String idHash) {
    Objects.requireNonNull(idHash, "idHash");
    checkOpen();
    return webSessions.remove(idHash);
  }

  @Override
  public int removeWebSessions(String user, String keepIdHash) {
    Objects.requireNonNull(user, "user");
    checkOpen();
    return webSessions.removeAll(user, keepIdHash);
  }

  @Override
  public int sweepWebSessions(Instant idleBefore) {
    Objects.requireNonNull(idleBefore, "idleBefore");
    checkOpen();
    return webSessions.sweep(idleBefore);
  }

  @Override
  public Lock tryLock(Lock lock, Instant now) {
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(now, "now");
    checkOpen();
    return locks.tryLock(lock, now);
  }

  @Override
  public Optional<Lock> lock(String path, Instant now) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(now, "now");
    checkOpen();
    return locks.lock(path, now);
  }

  @Override
  public boolean unlock(String path, String owner) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(owner, "owner");
    checkOpen();
    return locks.unlock(path, owner);
  }

  @Override
  public boolean pin(String path, int version, String label, Instant time) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(time, "time");
    checkOpen();
    return pins.pin(path, version, label, time);
  }

  @Override
  public boolean unpin(String path, int version) {
    Objects.requireNonNull(path, "path");
    checkOpen();
    return pins.unpin(path, version);
  }

  @Override
  public List<Pin> pins(String path) {
    Objects.requireNonNull(path, "path");
    checkOpen();
    return pins.pins(path);
  }

  @Override
  public void ping() {
    checkOpen();
    ctx.kv.counter(ctx.keys.seqCounter());
  }

  @Override
  public String describe() {
    return ctx.description;
  }

  @Override
  public String toString() {
    return "CouchbaseStore[" + ctx.description + "]";
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      onClose.run();
    }
  }

  /**
   * A writer brings the folder sums up to the log after its change (FolderSumDocs), unless
   * another thread here is at it. Its change is recorded whatever happens here: a failure is
   * only logged, and the next reader or writer applies what was left.
   */
  private void advanceSums() {
    try {
      folderSums.catchUpIfIdle();
    } catch (StoreException e) {
      LOG.warn("{}: folder sums not advanced after a change ({}); the next reader will",
          ctx.description, Kv.brief(e));
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new StoreException(ctx.description + " is closed");
    }
  }
}
