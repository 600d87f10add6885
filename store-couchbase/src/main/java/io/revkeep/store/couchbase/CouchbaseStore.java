package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonObject;
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
import io.revkeep.core.store.ConflictException;
import io.revkeep.core.store.Pin;
import io.revkeep.core.store.Store;
import io.revkeep.core.store.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The {@link Store} in a Couchbase bucket, shared by every revkeep process on every host. Only
 * key-value operations with CAS, one counter for event seqs and one for file ids: no N1QL, no
 * multi-document transactions. {@link #open} connects (retrying an unreachable cluster);
 * {@link #close} disconnects.
 *
 * <p>Guarantees beyond the {@link Store} contract, and where they are weaker, are in the design
 * comment below; the README's "Couchbase store" section says how to set up the bucket.
 */
public final class CouchbaseStore implements Store {
  /*
   * Threads:    any number of caller threads in any number of processes; the SDK's own I/O
   *             threads do the network. This class starts no thread.
   * State:      the bucket (key layout in Keys). Local state is only caches and courtesy: the
   *             path stripes (in-process writers of one path queue on a ReentrantLock instead of
   *             spinning on CAS), knownDirs (folders already registered in their parent), mark
   *             (a seq up to which every event doc exists), holesSeen (when this process first
   *             missed an event doc). Losing any of it costs reads, never correctness.
   *
   * Recording:  the file document f:ID is the unit of CAS. It holds the committed record (cur)
   *             and at most one operation in flight (pend: its op id, the next record, the
   *             version and the event to write). record() runs these steps:
   *               1. read the pointer p=PATH and the file doc; a doc with a pend is waited for
   *                  (or, when its writer looks dead, resolved: see below);
   *               2. CAS the pend into the file doc (a new file: insert f:ID, then claim p=PATH
   *                  with insert, or CAS-replace a stale pointer; a RENAME claims p=TO the same
   *                  way) — this reserves version N, and makes every other writer of the file
   *                  wait: versions stay 1..n without gaps or duplicates;
   *               3. write the version doc v:ID:N (insert; see writeVersion), and append the
   *                  entries readers check against file docs: the folder's member log (a new
   *                  name), the hash log (new content), the change-set log;
   *               4. take seq S from the counter, CAS S into the pend, insert the event doc
   *                  e:S carrying the op id. THIS INSERT IS THE COMMIT POINT: from then on the
   *                  change has happened, for every reader;
   *               5. append the timeline entries, consume the write intent, CAS cur := next
   *                  and drop the pend, and remove a RENAME's old pointer.
   *             Readers resolve a file doc with a pend themselves: when e:S exists and carries
   *             the pend's op id, the record is the pend's next one, else the committed one. So
   *             the file record, its history and the event log change together as one step
   *             (what readers_never_see_a_half_recorded_change checks), and a crash anywhere
   *             leaves either no change or a whole one.
   * Dead writers: a pend older than staleAfter (its writer refreshes "at" on every CAS) is
   *             settled by whoever meets it (the next writer of the file, or any reader of its
   *             file doc). An op that had noted its seq is committed on its writer's behalf:
   *             its event (kept in the pend) is inserted if absent, then step 5 runs
   *             (idempotent: readers de-duplicate log entries). An op without a seq, or whose
   *             seq a reader already made a hole, is dropped with CAS. A writer that wakes up
   *             after that finds out at its next CAS or insert: it returns the change a helper
   *             committed for it, or starts again; it can never overwrite what came after it
   *             (the version doc is inserted, see writeVersion). A writer whose own step fails
   *             (a timeout) settles its op at once, the same way.
   * Event seqs: handed out by the counter only after step 2 succeeded, so in normal operation
   *             (including CAS contention) every seq gets its event and the log is gap-free. A
   *             seq whose event doc has not appeared after holeAfter (60 s, longer than
   *             staleAfter so that a dead writer's noted seq is committed first when its file is
   *             touched) is filled with {hole: true} by insert-if-absent: its writer died
   *             between the increment and noting the seq, or its op was never settled. Every
   *             reader then agrees; eventsAfter skips it and lastSeq passes it. That seq then
   *             has no event: the one case where the log has a gap (see the README); isHole(S)
   *             says so, and the FeedServer skips only such declared holes (CouchbaseFeedHoleIT).
   *             lastSeq() is the highest S such that
   *             e:1..e:S all exist (events or holes), so it never runs ahead of file records;
   *             eventsAfter stops at the first missing seq younger than holeAfter, so no reader
   *             waits longer than that.
   * Indexes:    all append-only logs (AppendLog) of hints. Member logs keep every (name, id)
   *             that was ever in a folder (renamed-away and deleted ones too): files() reads a
   *             folder's (or a subtree's) logs and keeps the ids whose record is there now;
   *             liveFilesWithHash and changeSet check their entries the same way, so those
   *             three are written before the commit point (step 3) and a dead writer's op that
   *             never commits leaves entries that fail the check. Timelines (every version with
   *             its details, plus a moved_out marker in the folder a RENAME left) are read
   *             as they are by filesAt and changeTimes — "as of" costs one read per 256
   *             versions, none per file — so they are written after the commit point (step 5).
   *             A writer that dies between steps 4 and 5 leaves its version out of filesAt and
   *             changeTimes until its op is settled: by the next writer of that file, or by any
   *             reader of its file doc (file, files, history…) once it is staleAfter old.
   *             Pointers are hints too: the file doc's path decides.
   * recordAll:  NOT atomic. All changes are first checked against the records (plus the
   *             effect of the earlier changes of the batch) with every path's stripe held: an
   *             impossible change throws ConflictException before anything is written. Then
   *             they are recorded one by one. A writer in another process that changes one of
   *             the batch's paths in between, or a crash, can leave a prefix recorded; each
   *             change is still all-or-nothing on its own.
   * Time:       "at" and the hole ages use this host's clock; hosts sharing a bucket need clocks
   *             within a fraction of staleAfter (NTP). filesAt assumes a file's versions carry
   *             non-decreasing times, as the listener records them.
   * Shutdown:   close() disconnects the cluster and shuts the environment down when this store
   *             opened them (idempotent); operations after it throw StoreException.
   * Testing:    CouchbaseStoreIT runs the StoreContract suite on CouchbaseMock (in-JVM, port 0),
   *             CouchbaseRealClusterIT on a real cluster (-Dcouchbase.connectionString);
   *             CouchbaseRecoveryIT kills or stalls writers at each step (the Crash hook) and
   *             checks what readers and the next writer see; CouchbaseOpenIT the connection
   *             errors; CouchbaseLongPathIT digest keys; CouchbaseFeedHoleIT the feed over a
   *             hole; CouchbaseScaleIT (-Dcouchbase.scale) times 10,000 files.
   */

  private static final Logger LOG = LogManager.getLogger(CouchbaseStore.class);

  /** In-process lock stripes over paths (writers of one path queue here, not on CAS). */
  static final int STRIPES = 64;
  /** Event docs read per batch when scanning the log. */
  static final int EVENT_BATCH = 256;
  /** The hint doc seqmark is rewritten when the mark moved this far since the last write. */
  static final long MARK_WRITE_EVERY = 256;
  /** The longest pause between two looks at a file doc another writer is changing. */
  static final long MAX_WAIT_NANOS = Duration.ofMillis(50).toNanos();

  /** How long a writer or a missing event may take before others step in. */
  record Tuning(Duration staleAfter, Duration holeAfter) {
    /**
     * A missing event waits longer than a stalled writer: a writer that died after taking its
     * seq is committed by whoever meets its file doc after staleAfter, and only a seq nobody
     * committed by holeAfter becomes a hole.
     */
    static final Tuning DEFAULT = new Tuning(Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  /** Test hook: a step of record() reached; throwing here simulates a writer dying there. */
  @FunctionalInterface
  interface Crash {
    Crash NONE = step -> {};

    void at(String step);
  }

  /** An attempt lost a CAS race with another process: plan the change again from fresh reads. */
  private static final class Retry extends RuntimeException {
    Retry() {
      super("retry", null, false, false);
    }
  }

  private static final Retry RETRY = new Retry();

  private final Kv kv;
  private final Keys keys;
  private final AppendLog logs;
  private final String description;
  private final Tuning tuning;
  private final Runnable onClose;
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private final Set<String> knownDirs = ConcurrentHashMap.newKeySet();
  private final Map<Long, Long> holesSeen = new ConcurrentHashMap<>();
  private final AtomicLong mark = new AtomicLong(-1); // -1: not read from seqmark yet
  private final AtomicLong markWritten = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Crash crash = Crash.NONE;

  CouchbaseStore(Kv kv, String namespace, String description, Tuning tuning, Runnable onClose) {
    this.kv = kv;
    this.keys = new Keys(namespace);
    this.logs = new AppendLog(kv);
    this.description = description;
    this.tuning = tuning;
    this.onClose = onClose;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /**
   * Connects to the cluster and opens the bucket's collection. A cluster that does not answer is
   * retried with backoff (1 s doubling to 30 s, each attempt logged) for {@code
   * settings.connectFor()}; wrong credentials, a missing bucket or collection, or a malformed
   * connection string fail at once.
   *
   * @throws StoreException with one line that says what is wrong and what to check
   */
  public static CouchbaseStore open(CouchbaseSettings settings) {
    return CouchbaseConnector.open(settings);
  }

  void crashAt(Crash hook) {
    this.crash = hook;
  }

  // ---- recording ------------------------------------------------------------------------------

  @Override
  public Optional<Event> record(Change change) {
    Objects.requireNonNull(change, "change");
    checkOpen();
    List<ReentrantLock> held = lockStripes(List.of(change));
    try {
      return apply(change);
    } finally {
      unlock(held);
    }
  }

  @Override
  public List<Optional<Event>> recordAll(List<Change> changes) {
    List<Change> batch = List.copyOf(changes);
    checkOpen();
    if (batch.isEmpty()) {
      return List.of();
    }
    List<ReentrantLock> held = lockStripes(batch);
    try {
      check(batch);
      List<Optional<Event>> results = new ArrayList<>(batch.size());
      for (Change ch : batch) {
        results.add(apply(ch));
      }
      return results;
    } finally {
      unlock(held);
    }
  }

  /** What a path holds, as far as a batch check is concerned. */
  private enum PathState { ABSENT, LIVE, DELETED }

  /** Throws the ConflictException record() would throw for the first impossible change. */
  private void check(List<Change> batch) {
    Map<String, PathState> state = new HashMap<>();
    java.util.function.Function<String, PathState> now = p -> state.computeIfAbsent(p,
        q -> fileAt(q).map(f -> f.deleted() ? PathState.DELETED : PathState.LIVE)
            .orElse(PathState.ABSENT));
    for (Change ch : batch) {
      switch (ch.action()) {
        case RENAME -> {
          PathState target = now.apply(ch.path());
          if (target != PathState.ABSENT) {
            throw renameTargetTaken(ch, target == PathState.DELETED);
          }
          if (now.apply(ch.from()) != PathState.LIVE) {
            throw renameSourceMissing(ch);
          }
          state.put(ch.from(), PathState.ABSENT);
          state.put(ch.path(), PathState.LIVE);
        }
        case DELETE -> {
          if (now.apply(ch.path()) == PathState.LIVE) {
            state.put(ch.path(), PathState.DELETED);
          }
        }
        default -> state.put(ch.path(), PathState.LIVE);
      }
    }
  }

  private static ConflictException renameTargetTaken(Change ch, boolean deleted) {
    return new ConflictException("cannot rename " + ch.from() + " to " + ch.path() + ": "
        + ch.path() + " already has a " + (deleted ? "deleted" : "live") + " record");
  }

  private static ConflictException renameSourceMissing(Change ch) {
    return new ConflictException("cannot rename " + ch.from() + " to " + ch.path() + ": "
        + ch.from() + " has no live record");
  }

  private Optional<Event> apply(Change ch) {
    for (int attempt = 0; ; attempt++) {
      try {
        return switch (ch.action()) {
          case DELETE -> delete(ch);
          case RENAME -> rename(ch);
          default -> content(ch);
        };
      } catch (Retry lostRace) {
        pause(attempt);
      }
    }
  }

  /** A path's pointer, its file doc (settled: no operation in flight) and the record there. */
  private record Slot(String path, Kv.Doc pointer, Kv.Doc fileDoc, FileRecord rec) {}

  private Slot slot(String path) {
    Kv.Doc ptr = kv.get(keys.pointer(path));
    if (ptr == null) {
      return new Slot(path, null, null, null);
    }
    Kv.Doc fd = settled(ptr.obj().getLong("id"));
    FileRecord cur = fd == null ? null : Docs.file(fd.obj().getObject("cur"));
    FileRecord rec = cur != null && cur.path().equals(path) ? cur : null;
    return new Slot(path, ptr, fd, rec);
  }

  /** "The content at path is now hash": CREATE, MODIFY, or only a fast-path stat update. */
  private Optional<Event> content(Change ch) {
    Slot s = slot(ch.path());
    FileRecord rec = s.rec();
    if (rec != null && !rec.deleted() && ch.hash().equals(rec.hash())) {
      FileRecord touched = new FileRecord(rec.id(), rec.path(), rec.hash(), rec.size(),
          rec.created(), rec.createdUser(), rec.lastModified(), rec.lastModifiedUser(),
          rec.version(), false, ch.fsSize(), ch.fsMtime(), rec.rev() + 1);
      JsonObject doc = JsonObject.create().put("id", rec.id()).put("cur", Docs.file(touched));
      if (kv.replace(keys.file(rec.id()), doc, s.fileDoc().cas()) == 0) {
        throw RETRY;
      }
      return Optional.empty();
    }
    Author who = takeIntent(ch);
    Instant t = ch.time();
    FileRecord next;
    Action action;
    if (rec == null) {
      action = Action.CREATE;
      long id = kv.increment(keys.idCounter());
      next = new FileRecord(id, ch.path(), ch.hash(), ch.size(), t, who.user(), t, who.user(), 1,
          false, ch.fsSize(), ch.fsMtime(), 1);
    } else {
      // A deleted record comes back to life with the same id (its history continues);
      // created/created_user then describe this incarnation, as in SqliteStore.
      boolean reborn = rec.deleted();
      action = reborn ? Action.CREATE : Action.MODIFY;
      next = new FileRecord(rec.id(), rec.path(), ch.hash(), ch.size(),
          reborn ? t : rec.created(), reborn ? who.user() : rec.createdUser(), t, who.user(),
          rec.version() + 1, false, ch.fsSize(), ch.fsMtime(), rec.rev() + 1);
    }
    return Optional.of(commit(ch, s, rec == null ? s : null, next, action, who));
  }

  private Optional<Event> delete(Change ch) {
    Slot s = slot(ch.path());
    FileRecord rec = s.rec();
    if (rec == null || rec.deleted()) {
      return Optional.empty();
    }
    Author who = takeIntent(ch);
    FileRecord next = new FileRecord(rec.id(), rec.path(), null, 0, rec.created(),
        rec.createdUser(), ch.time(), who.user(), rec.version() + 1, true, 0, 0, rec.rev() + 1);
    return Optional.of(commit(ch, s, null, next, Action.DELETE, who));
  }

  private Optional<Event> rename(Change ch) {
    Slot target = slot(ch.path());
    if (target.rec() != null) {
      throw renameTargetTaken(ch, target.rec().deleted());
    }
    Slot src = slot(ch.from());
    if (src.rec() == null || src.rec().deleted()) {
      throw renameSourceMissing(ch);
    }
    Author who = takeIntent(ch);
    FileRecord rec = src.rec();
    FileRecord next = new FileRecord(rec.id(), ch.path(), ch.hash(), ch.size(), rec.created(),
        rec.createdUser(), ch.time(), who.user(), rec.version() + 1, false, ch.fsSize(),
        ch.fsMtime(), rec.rev() + 1);
    return Optional.of(commit(ch, src, target, next, Action.RENAME, who));
  }

  /**
   * Steps 2 to 5 of the design comment for one change.
   *
   * @param home where the file doc is (its rec is null for a brand-new file)
   * @param claim the slot whose pointer must be made to point at the file (a new file: home; a
   *     RENAME: the target), or null
   */
  private Event commit(Change ch, Slot home, Slot claim, FileRecord next, Action action,
      Author who) {
    String op = UUID.randomUUID().toString();
    long id = next.id();
    String fileKey = keys.file(id);
    boolean fresh = home.rec() == null;
    boolean tomb = action == Action.DELETE;
    VersionRecord ver = new VersionRecord(ch.path(), next.version(), tomb ? null : ch.hash(),
        tomb ? 0 : ch.size(), ch.time(), who.user(), who.origin(), action, who.changeSet());
    Event draft = new Event(0, action, ch.path(), action == Action.RENAME ? ch.from() : null,
        ch.location(), next.version(), ver.hash(), ver.size(), ch.time(), who.user());
    JsonObject pend = JsonObject.create()
        .put("op", op)
        .put("at", System.currentTimeMillis())
        .put("next", Docs.file(next))
        .put("ver", Docs.version(ver))
        .put("ev", Docs.event(draft));
    if (action == Action.RENAME) {
      pend.put("from", ch.from());
    }
    if (who.intentKey() != null) {
      pend.put("intent", who.intentKey()).put("intent_cas", who.intentCas());
    }
    JsonObject doc = JsonObject.create().put("id", id)
        .put("cur", fresh ? null : home.fileDoc().obj().getObject("cur"))
        .put("pend", pend);
    long cas;
    if (fresh) {
      cas = kv.insert(fileKey, doc);
      if (cas == 0) {
        throw new StoreException(description + ": file id " + id + " is already taken; is the"
            + " counter " + keys.idCounter() + " older than the documents?");
      }
    } else {
      cas = kv.replace(fileKey, doc, home.fileDoc().cas());
      if (cas == 0) {
        throw RETRY;
      }
    }
    try {
      if (claim != null && !claimPointer(claim, id)) {
        if (fresh) {
          kv.remove(fileKey, cas);
        } else {
          dropPend(fileKey, doc, cas);
        }
        throw RETRY;
      }
      crash.at("pending");
      writeVersion(fileKey, op, keys.version(id, next.version()), Docs.version(ver).put("op", op));
      preIndex(id, home.rec(), next, ver);
      crash.at("version");
      long seq;
      while (true) {
        seq = kv.increment(keys.seqCounter());
        crash.at("seq");
        pend.put("seq", seq).put("at", System.currentTimeMillis());
        long c2 = kv.replace(fileKey, doc, cas);
        if (c2 == 0) {
          // Someone resolved our op as dead: its seq must not stay a hole for long.
          fillHole(seq);
          throw RETRY;
        }
        cas = c2;
        crash.at("seq-noted");
        JsonObject ev = Docs.event(withSeq(draft, seq)).put("op", op).put("f", id);
        if (kv.insert(keys.event(seq), ev) != 0) {
          break;
        }
        Kv.Doc taken = kv.get(keys.event(seq));
        if (taken != null && op.equals(taken.obj().getString("op"))) {
          break; // we were given up as dead and a helper committed our change for us
        }
        // A reader filled our seq as a hole (we took longer than holeAfter): take the next.
      }
      crash.at("event");
      finish(id, new Kv.Doc(doc, cas));
      return withSeq(draft, seq);
    } catch (Retry | CrashedForTest e) {
      throw e;
    } catch (RuntimeException e) {
      // Our own step failed (a timeout, say): settle the op now rather than after staleAfter.
      // If it had its seq it is committed now, and then the change is recorded after all.
      try {
        Kv.Doc d = kv.get(fileKey);
        if (d != null && isPendOf(d, op)) {
          long seq = resolve(id, d);
          if (seq > 0) {
            LOG.warn("{}: recording {} hit {}; finished it on the second try", description,
                ch.path(), Kv.brief(e));
            return withSeq(draft, seq);
          }
        }
      } catch (RuntimeException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  /**
   * Writes the version doc of an op that holds the file's pend. Insert, never a blind upsert: a
   * doc already there is an abandoned op's (version N was never committed, or we would not hold
   * N), and is replaced only under its CAS after checking that we still hold the pend — so a
   * writer that was given up as dead and wakes up later can never overwrite the version doc of
   * the op that took N after it.
   */
  private void writeVersion(String fileKey, String op, String key, JsonObject version) {
    while (kv.insert(key, version) == 0) {
      Kv.Doc old = kv.get(key);
      if (old == null) {
        continue;
      }
      if (op.equals(old.obj().getString("op"))) {
        return;
      }
      Kv.Doc fd = kv.get(fileKey);
      if (fd == null || !isPendOf(fd, op)) {
        throw RETRY; // given up as dead meanwhile: start again
      }
      if (kv.replace(key, version, old.cas()) != 0) {
        return;
      }
    }
  }

  /** Thrown by test hooks; lets a simulated death skip the clean-up of a real failure. */
  static final class CrashedForTest extends RuntimeException {
    CrashedForTest(String step) {
      super("simulated crash at " + step);
    }
  }

  private static Event withSeq(Event e, long seq) {
    return new Event(seq, e.action(), e.name(), e.from(), e.location(), e.version(), e.hash(),
        e.size(), e.time(), e.user());
  }

  private static boolean isPendOf(Kv.Doc d, String op) {
    JsonObject pend = d.obj().getObject("pend");
    return pend != null && op.equals(pend.getString("op"));
  }

  /** Points the slot's path at the file: insert, or CAS over the stale pointer read. */
  private boolean claimPointer(Slot s, long id) {
    JsonObject ptr = JsonObject.create().put("path", s.path()).put("id", id);
    String key = keys.pointer(s.path());
    return s.pointer() == null ? kv.insert(key, ptr) != 0
        : kv.replace(key, ptr, s.pointer().cas()) != 0;
  }

  private void dropPend(String fileKey, JsonObject doc, long cas) {
    JsonObject back = JsonObject.create().put("id", doc.getLong("id"))
        .put("cur", doc.getObject("cur"));
    kv.replace(fileKey, back, cas); // lost: someone else resolved it already
  }

  /**
   * The index entries that readers check against the file docs, written before the commit
   * point (so a listing never misses a committed change, even one whose writer died right
   * after it): the folder's member entry for a new name, the hash log for new content, the
   * change-set log. An op that never commits leaves entries that fail those checks.
   */
  private void preIndex(long id, FileRecord prev, FileRecord next, VersionRecord ver) {
    String dir = parent(next.path());
    if (prev == null || !prev.path().equals(next.path())) {
      ensureDir(dir);
      logs.append(keys.members(dir), JsonObject.create().put("n", name(next.path()))
          .put("f", id));
    }
    if (next.hash() != null
        && (prev == null || prev.deleted() || !next.hash().equals(prev.hash()))) {
      logs.append(keys.hashLog(next.hash()), JsonObject.create().put("f", id));
    }
    if (ver.changeSet() != null) {
      logs.append(keys.changeSetLog(ver.changeSet()),
          JsonObject.create().put("f", id).put("v", ver.version()));
    }
  }

  /**
   * Step 5 for a committed op (its event exists): timelines, intent, cur := next, old pointer.
   * Idempotent, so a helper may run it for a dead writer while the writer wakes up and runs it
   * too.
   */
  private void finish(long id, Kv.Doc d) {
    JsonObject pend = d.obj().getObject("pend");
    String op = pend.getString("op");
    FileRecord next = Docs.file(pend.getObject("next"));
    VersionRecord ver = Docs.version(pend.getObject("ver"));
    String dir = parent(next.path());
    logs.append(keys.timeline(dir), Docs.timeline(id, ver));
    String from = pend.getString("from");
    if (from != null && !parent(from).equals(dir)) {
      logs.append(keys.timeline(parent(from)), Docs.movedOut(id, ver.version(), ver.time()));
    }
    String intent = pend.getString("intent");
    if (intent != null) {
      kv.remove(intent, pend.getLong("intent_cas")); // false: replaced or gone meanwhile
    }
    crash.at("indexed");
    String fileKey = keys.file(id);
    JsonObject done = JsonObject.create().put("id", id).put("cur", pend.getObject("next"));
    long cas = d.cas();
    while (kv.replace(fileKey, done, cas) == 0) {
      Kv.Doc now = kv.get(fileKey);
      if (now == null || !isPendOf(now, op)) {
        break; // finished by someone else
      }
      cas = now.cas();
    }
    if (from != null) {
      dropStalePointer(from, id);
    }
  }

  /** Removes p=PATH if it still points at a file that is no longer there. */
  private void dropStalePointer(String path, long id) {
    String key = keys.pointer(path);
    Kv.Doc ptr = kv.get(key);
    if (ptr == null || ptr.obj().getLong("id") != id) {
      return;
    }
    Kv.Doc fd = kv.get(keys.file(id));
    if (fd != null && fd.obj().getObject("pend") == null) {
      FileRecord cur = Docs.file(fd.obj().getObject("cur"));
      if (cur == null || !cur.path().equals(path)) {
        kv.remove(key, ptr.cas()); // false: re-claimed meanwhile, keep it
      }
    }
  }

  /** Registers dir (and its ancestors) in the parent's member log, once. */
  private void ensureDir(String dir) {
    if (dir.isEmpty() || knownDirs.contains(dir)) {
      return;
    }
    if (kv.get(keys.dirMark(dir)) == null) {
      String parent = parent(dir);
      ensureDir(parent);
      logs.append(keys.members(parent), JsonObject.create().put("n", name(dir)).put("d", true));
      kv.upsert(keys.dirMark(dir), JsonObject.create().put("dir", dir));
    }
    knownDirs.add(dir);
  }

  /**
   * The file doc with no operation in flight: waits for another writer's op to finish, and
   * resolves one whose writer looks dead (no CAS for staleAfter). Null when there is no doc.
   */
  private Kv.Doc settled(long id) {
    String key = keys.file(id);
    for (int attempt = 0; ; attempt++) {
      Kv.Doc d = kv.get(key);
      if (d == null) {
        return null;
      }
      JsonObject pend = d.obj().getObject("pend");
      if (pend == null) {
        return d;
      }
      long age = System.currentTimeMillis() - pend.getLong("at");
      if (age >= tuning.staleAfter().toMillis()) {
        LOG.warn("{}: an operation on file {} ({}) has made no progress for {} ms; settling it",
            description, id, pend.getObject("next").getString("file_name"), age);
        resolve(id, d);
      } else {
        pause(attempt);
      }
    }
  }

  /**
   * Settles the op in flight on a file doc whose writer is gone. An op that has its seq is
   * committed on the writer's behalf (its event inserted if it is not there yet) and finished;
   * one whose seq was taken by a hole marker, or that has none, is dropped.
   *
   * @return the seq of the op when it is committed now, else -1
   */
  private long resolve(long id, Kv.Doc d) {
    String key = keys.file(id);
    while (d != null) {
      JsonObject pend = d.obj().getObject("pend");
      if (pend == null) {
        return -1;
      }
      String op = pend.getString("op");
      Long seq = pend.getLong("seq");
      if (seq != null) {
        Kv.Doc ev = kv.get(keys.event(seq));
        if (ev == null) {
          Event draft = Docs.event(pend.getObject("ev").put("seq", seq));
          kv.insert(keys.event(seq), Docs.event(draft).put("op", op).put("f", id));
          ev = kv.get(keys.event(seq));
        }
        if (ev != null && op.equals(ev.obj().getString("op"))) {
          finish(id, d);
          return seq;
        }
      }
      JsonObject cur = d.obj().getObject("cur");
      boolean dropped = cur == null ? kv.remove(key, d.cas())
          : kv.replace(key, JsonObject.create().put("id", id).put("cur", cur), d.cas()) != 0;
      if (dropped) {
        return -1;
      }
      d = kv.get(key);
    }
    return -1;
  }

  /** Makes a seq whose owner gave it up a hole at once. */
  private void fillHole(long seq) {
    kv.insert(keys.event(seq), hole());
  }

  private static JsonObject hole() {
    return JsonObject.create().put("hole", true);
  }

  // ---- write intents --------------------------------------------------------------------------

  /** Who a new version is attributed to, and the intent doc to consume after the commit. */
  private record Author(String user, Origin origin, String changeSet, String intentKey,
      long intentCas) {}

  private Author takeIntent(Change ch) {
    String hash = ch.action() == Action.DELETE ? null : ch.hash();
    String key = keys.intent(ch.path(), hash);
    Kv.Doc d = kv.get(key);
    if (d != null && ch.path().equals(d.obj().getString("path"))) {
      JsonObject o = d.obj();
      if (o.getLong("expiry") > ch.time().toEpochMilli()) {
        return new Author(o.getString("user"), Origin.fromWire(o.getString("origin")),
            o.getString("change_set"), key, d.cas());
      }
      kv.remove(key, d.cas()); // expired by this change's time: it can never match again
    }
    return new Author(ch.user(), ch.origin(), null, null, 0);
  }

  @Override
  public void expectWrite(WriteIntent intent) {
    Objects.requireNonNull(intent, "intent");
    checkOpen();
    JsonObject o = JsonObject.create()
        .put("path", intent.path())
        .put("hash", intent.hash())
        .put("user", intent.user())
        .put("origin", intent.origin().wire())
        .put("change_set", intent.changeSet())
        .put("expiry", intent.expiry().toEpochMilli());
    // The document outlives the intent by a day, then Couchbase removes it (an intent that
    // never matched would otherwise stay forever). Expiry is judged against change times.
    Duration left = Duration.between(Instant.now(), intent.expiry());
    Duration ttl = (left.isNegative() ? Duration.ZERO : left).plus(Duration.ofDays(1));
    if (ttl.compareTo(Duration.ofDays(29)) > 0) {
      ttl = Duration.ofDays(29);
    }
    kv.upsert(keys.intent(intent.path(), intent.hash()), o, ttl);
  }

  // ---- reading --------------------------------------------------------------------------------

  @Override
  public Optional<FileRecord> file(String path) {
    Objects.requireNonNull(path, "path");
    checkOpen();
    return fileAt(path);
  }

  private Optional<FileRecord> fileAt(String path) {
    Kv.Doc ptr = kv.get(keys.pointer(path));
    if (ptr == null) {
      return Optional.empty();
    }
    FileRecord rec = effective(kv.get(keys.file(ptr.obj().getLong("id"))));
    return rec != null && rec.path().equals(path) ? Optional.of(rec) : Optional.empty();
  }

  /**
   * The record a file doc stands for right now: the pend's next record once its event exists
   * (the op has committed), else the committed one. Null for a doc with neither.
   */
  private FileRecord effective(Kv.Doc d) {
    if (d == null) {
      return null;
    }
    JsonObject pend = d.obj().getObject("pend");
    if (pend != null && System.currentTimeMillis() - pend.getLong("at")
        >= tuning.staleAfter().toMillis()) {
      // Its writer looks dead: settle it now (finishing its indexes, or dropping it).
      long id = d.obj().getLong("id");
      resolve(id, d);
      d = kv.get(keys.file(id));
      if (d == null) {
        return null;
      }
      pend = d.obj().getObject("pend");
    }
    if (pend != null && pend.getLong("seq") != null) {
      Kv.Doc ev = kv.get(keys.event(pend.getLong("seq")));
      if (ev != null && pend.getString("op").equals(ev.obj().getString("op"))) {
        return Docs.file(pend.getObject("next"));
      }
    }
    return Docs.file(d.obj().getObject("cur"));
  }

  /** The effective records of many file docs, by id (absent ids left out). */
  private Map<Long, FileRecord> records(Set<Long> ids) {
    List<Long> order = new ArrayList<>(ids);
    List<String> fileKeys = order.stream().map(keys::file).toList();
    List<Kv.Doc> docs = kv.getAll(fileKeys);
    Map<Long, FileRecord> out = new LinkedHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      FileRecord rec = effective(docs.get(i));
      if (rec != null) {
        out.put(order.get(i), rec);
      }
    }
    return out;
  }

  @Override
  public List<FileRecord> files(String dir, boolean recursive, boolean includeDeleted) {
    String folder = trimDir(dir);
    checkOpen();
    Set<Long> ids = new LinkedHashSet<>();
    for (List<JsonObject> entries : members(folder, recursive).values()) {
      for (JsonObject e : entries) {
        if (e.containsKey("f")) {
          ids.add(e.getLong("f"));
        }
      }
    }
    List<FileRecord> out = new ArrayList<>();
    for (FileRecord rec : records(ids).values()) {
      if (under(rec.path(), folder, recursive) && (includeDeleted || !rec.deleted())) {
        out.add(rec);
      }
    }
    out.sort(Comparator.comparing(FileRecord::path));
    return out;
  }

  /** The member logs of a folder, and with recursive of every folder below it: dir → entries. */
  private Map<String, List<JsonObject>> members(String folder, boolean recursive) {
    Map<String, List<JsonObject>> all = new LinkedHashMap<>();
    List<String> level = List.of(folder);
    while (!level.isEmpty()) {
      List<String> bases = level.stream().map(keys::members).toList();
      Map<String, List<JsonObject>> read = logs.readAll(bases);
      List<String> nextLevel = new ArrayList<>();
      for (int i = 0; i < level.size(); i++) {
        String d = level.get(i);
        List<JsonObject> entries = read.get(bases.get(i));
        all.put(d, entries);
        if (recursive) {
          for (JsonObject e : entries) {
            if (e.containsKey("d")) {
              String child = d.isEmpty() ? e.getString("n") : d + "/" + e.getString("n");
              if (!all.containsKey(child) && !nextLevel.contains(child)) {
                nextLevel.add(child);
              }
            }
          }
        }
      }
      level = nextLevel;
    }
    return all;
  }

  @Override
  public List<FileRecord> liveFilesWithHash(String hash) {
    Objects.requireNonNull(hash, "hash");
    checkOpen();
    Set<Long> ids = new LinkedHashSet<>();
    for (JsonObject e : logs.read(keys.hashLog(hash))) {
      ids.add(e.getLong("f"));
    }
    List<FileRecord> out = new ArrayList<>();
    for (FileRecord rec : records(ids).values()) {
      if (!rec.deleted() && hash.equals(rec.hash())) {
        out.add(rec);
      }
    }
    out.sort(Comparator.comparing(FileRecord::path));
    return out;
  }

  @Override
  public List<VersionRecord> history(String path) {
    Objects.requireNonNull(path, "path");
    checkOpen();
    Optional<FileRecord> rec = fileAt(path);
    if (rec.isEmpty()) {
      return List.of();
    }
    long id = rec.get().id();
    List<String> versionKeys = new ArrayList<>();
    for (int v = 1; v <= rec.get().version(); v++) {
      versionKeys.add(keys.version(id, v));
    }
    List<VersionRecord> out = new ArrayList<>(versionKeys.size());
    List<Kv.Doc> docs = kv.getAll(versionKeys);
    for (int i = 0; i < docs.size(); i++) {
      if (docs.get(i) == null) {
        throw new StoreException(description + ": version " + (i + 1) + " of " + path
            + " (file " + id + ") is missing from the bucket");
      }
      out.add(Docs.version(docs.get(i).obj()));
    }
    return out;
  }

  @Override
  public Optional<VersionRecord> version(String path, int version) {
    Objects.requireNonNull(path, "path");
    checkOpen();
    Optional<FileRecord> rec = fileAt(path);
    if (rec.isEmpty() || version < 1 || version > rec.get().version()) {
      return Optional.empty();
    }
    Kv.Doc d = kv.get(keys.version(rec.get().id(), version));
    return d == null ? Optional.empty() : Optional.of(Docs.version(d.obj()));
  }

  // ---- point in time --------------------------------------------------------------------------

  @Override
  public List<VersionRecord> filesAt(String dir, Instant at) {
    Objects.requireNonNull(at, "at");
    String folder = trimDir(dir);
    checkOpen();
    long limit = at.toEpochMilli();
    // Of each file seen under the folder by then, the newest entry by then (a content entry
    // wins over a moved_out marker of the same version: a rename within the subtree).
    Map<Long, JsonObject> newest = new HashMap<>();
    for (JsonObject e : timelines(folder)) {
      if (e.getLong("time") > limit) {
        continue;
      }
      long f = e.getLong("f");
      JsonObject best = newest.get(f);
      int v = e.getInt("version");
      if (best == null || v > best.getInt("version")
          || (v == best.getInt("version") && Docs.isMovedOut(best) && !Docs.isMovedOut(e))) {
        newest.put(f, e);
      }
    }
    List<VersionRecord> out = new ArrayList<>();
    for (JsonObject e : newest.values()) {
      if (!Docs.isMovedOut(e) && !Action.DELETE.name().equals(e.getString("action"))) {
        out.add(Docs.version(e));
      }
    }
    out.sort(Comparator.comparing(VersionRecord::path)
        .thenComparingInt(VersionRecord::version));
    return out;
  }

  /** Every timeline entry of the folder and the folders below it. */
  private List<JsonObject> timelines(String folder) {
    List<String> bases = members(folder, true).keySet().stream().map(keys::timeline).toList();
    List<JsonObject> out = new ArrayList<>();
    logs.readAll(bases).values().forEach(out::addAll);
    return out;
  }

  @Override
  public List<VersionRecord> changeSet(String id) {
    Objects.requireNonNull(id, "id");
    checkOpen();
    Set<List<Long>> pairs = new LinkedHashSet<>();
    Set<Long> ids = new HashSet<>();
    for (JsonObject e : logs.read(keys.changeSetLog(id))) {
      pairs.add(List.of(e.getLong("f"), e.getLong("v")));
      ids.add(e.getLong("f"));
    }
    Map<Long, FileRecord> recs = records(ids);
    List<List<Long>> order = new ArrayList<>(pairs);
    List<Kv.Doc> docs = kv.getAll(order.stream()
        .map(p -> keys.version(p.get(0), p.get(1).intValue())).toList());
    List<VersionRecord> out = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      FileRecord rec = recs.get(order.get(i).get(0));
      Kv.Doc d = docs.get(i);
      if (rec != null && d != null && order.get(i).get(1) <= rec.version()
          && id.equals(d.obj().getString("change_set"))) {
        out.add(Docs.version(d.obj()));
      }
    }
    out.sort(Comparator.comparing(VersionRecord::path)
        .thenComparingInt(VersionRecord::version));
    return out;
  }

  @Override
  public List<Instant> changeTimes(String dir, int limit) {
    String folder = trimDir(dir);
    checkOpen();
    if (limit <= 0) {
      return List.of();
    }
    TreeSet<Long> times = new TreeSet<>(Comparator.reverseOrder());
    for (JsonObject e : timelines(folder)) {
      if (!Docs.isMovedOut(e)) {
        times.add(e.getLong("time"));
      }
    }
    return times.stream().limit(limit).map(Instant::ofEpochMilli).toList();
  }

  // ---- event log ------------------------------------------------------------------------------

  @Override
  public long lastSeq() {
    checkOpen();
    long m = mark.get();
    if (m < 0) {
      Kv.Doc hint = kv.get(keys.seqMark());
      m = hint == null ? 0 : hint.obj().getLong("w");
    }
    long handedOut = kv.counter(keys.seqCounter());
    scan:
    while (m < handedOut) {
      int n = (int) Math.min(EVENT_BATCH, handedOut - m);
      List<String> eventKeys = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        eventKeys.add(keys.event(m + i));
      }
      List<Kv.Doc> docs = kv.getAll(eventKeys);
      for (int i = 0; i < n; i++) {
        if (docs.get(i) == null && arrivedOrFilled(m + 1) == null) {
          break scan;
        }
        m++;
      }
    }
    long seen = mark.accumulateAndGet(m, Math::max);
    if (seen - markWritten.get() >= MARK_WRITE_EVERY) {
      markWritten.set(seen);
      kv.upsert(keys.seqMark(), JsonObject.create().put("w", seen)); // a hint; any true mark do
    }
    return seen;
  }

  @Override
  public List<Event> eventsAfter(long after, int limit) {
    checkOpen();
    if (limit <= 0) {
      return List.of();
    }
    long handedOut = kv.counter(keys.seqCounter());
    List<Event> out = new ArrayList<>();
    long s = Math.max(0, after);
    while (out.size() < limit && s < handedOut) {
      int n = (int) Math.min(EVENT_BATCH, handedOut - s);
      List<String> eventKeys = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        eventKeys.add(keys.event(s + i));
      }
      List<Kv.Doc> docs = kv.getAll(eventKeys);
      for (int i = 0; i < n && out.size() < limit; i++) {
        Kv.Doc d = docs.get(i);
        if (d == null) {
          d = arrivedOrFilled(s + 1);
          if (d == null) {
            return out; // a writer is still at it: the caller asks again
          }
        }
        if (!d.obj().containsKey("hole")) {
          out.add(Docs.event(d.obj()));
        }
        s++;
      }
    }
    return out;
  }

  @Override
  public boolean isHole(long seq) {
    checkOpen();
    Kv.Doc d = kv.get(keys.event(seq));
    return d != null && d.obj().containsKey("hole");
  }

  /**
   * The doc of a seq that was handed out but whose event is missing: the event if it arrived
   * meanwhile, a hole marker once it has been missing for holeAfter (ours or another
   * reader's), else null (wait).
   */
  private Kv.Doc arrivedOrFilled(long seq) {
    Kv.Doc d = kv.get(keys.event(seq));
    if (d != null) {
      holesSeen.remove(seq);
      return d;
    }
    long now = System.nanoTime();
    long first = holesSeen.computeIfAbsent(seq, k -> now);
    if (now - first < tuning.holeAfter().toNanos()) {
      return null;
    }
    if (kv.insert(keys.event(seq), hole()) != 0) {
      LOG.warn("{}: event {} was handed out but never written (its writer died?); marked as"
          + " a hole after {} ms", description, seq, tuning.holeAfter().toMillis());
    }
    holesSeen.remove(seq);
    return kv.get(keys.event(seq));
  }

  // ---- users ----------------------------------------------------------------------------------

  /*
   * All users live in one document: few, rarely changed, and every change is then one CAS.
   */

  private Map<String, User> readUsers(Kv.Doc d) {
    Map<String, User> out = new HashMap<>();
    if (d != null) {
      JsonObject all = d.obj().getObject("users");
      for (String name : all.getNames()) {
        JsonObject u = all.getObject(name);
        out.put(name, new User(name, u.getString("hash"), Role.fromWire(u.getString("role"))));
      }
    }
    return out;
  }

  /** Applies a change to the user map under CAS; the change returns false to write nothing. */
  private boolean changeUsers(java.util.function.Predicate<Map<String, User>> change) {
    String key = keys.users();
    while (true) {
      Kv.Doc d = kv.get(key);
      Map<String, User> users = readUsers(d);
      if (!change.test(users)) {
        return false;
      }
      JsonObject all = JsonObject.create();
      for (User u : users.values()) {
        all.put(u.name(), JsonObject.create().put("hash", u.passwordHash())
            .put("role", u.role().wire()));
      }
      JsonObject doc = JsonObject.create().put("users", all);
      if ((d == null ? kv.insert(key, doc) : kv.replace(key, doc, d.cas())) != 0) {
        return true;
      }
    }
  }

  @Override
  public void addUser(User user) {
    Objects.requireNonNull(user, "user");
    checkOpen();
    if (!changeUsers(users -> users.putIfAbsent(user.name(), user) == null)) {
      throw new ConflictException("user '" + user.name() + "' already exists");
    }
  }

  @Override
  public Optional<User> user(String name) {
    Objects.requireNonNull(name, "name");
    checkOpen();
    return Optional.ofNullable(readUsers(kv.get(keys.users())).get(name));
  }

  @Override
  public List<User> users() {
    checkOpen();
    return readUsers(kv.get(keys.users())).values().stream()
        .sorted(Comparator.comparing(User::name)).toList();
  }

  @Override
  public boolean updateUser(User user) {
    Objects.requireNonNull(user, "user");
    checkOpen();
    return changeUsers(users -> users.replace(user.name(), user) != null);
  }

  @Override
  public boolean removeUser(String name) {
    Objects.requireNonNull(name, "name");
    checkOpen();
    return changeUsers(users -> users.remove(name) != null);
  }

  // ---- locks ----------------------------------------------------------------------------------

  @Override
  public Lock tryLock(Lock lock, Instant now) {
    Objects.requireNonNull(lock, "lock");
    Objects.requireNonNull(now, "now");
    checkOpen();
    String key = keys.lock(lock.path());
    JsonObject mine = JsonObject.create().put("path", lock.path()).put("owner", lock.owner())
        .put("expiry", lock.expiry().toEpochMilli());
    Lock granted = new Lock(lock.path(), lock.owner(),
        Instant.ofEpochMilli(lock.expiry().toEpochMilli()));
    while (true) {
      Kv.Doc d = kv.get(key);
      if (d == null) {
        if (kv.insert(key, mine) != 0) {
          return granted;
        }
        continue;
      }
      Lock held = lockOf(d.obj());
      if (!held.owner().equals(lock.owner()) && !held.expiredAt(now)) {
        return held;
      }
      if (kv.replace(key, mine, d.cas()) != 0) {
        return granted;
      }
    }
  }

  private static Lock lockOf(JsonObject o) {
    return new Lock(o.getString("path"), o.getString("owner"),
        Instant.ofEpochMilli(o.getLong("expiry")));
  }

  @Override
  public Optional<Lock> lock(String path, Instant now) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(now, "now");
    checkOpen();
    Kv.Doc d = kv.get(keys.lock(path));
    if (d == null) {
      return Optional.empty();
    }
    Lock held = lockOf(d.obj());
    return held.expiredAt(now) ? Optional.empty() : Optional.of(held);
  }

  @Override
  public boolean unlock(String path, String owner) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(owner, "owner");
    checkOpen();
    String key = keys.lock(path);
    while (true) {
      Kv.Doc d = kv.get(key);
      if (d == null || !owner.equals(d.obj().getString("owner"))) {
        return false;
      }
      if (kv.remove(key, d.cas())) {
        return true;
      }
    }
  }

  // ---- pins -----------------------------------------------------------------------------------

  @Override
  public boolean pin(String path, int version, String label, Instant time) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(time, "time");
    checkOpen();
    Optional<FileRecord> rec = fileAt(path);
    if (rec.isEmpty() || version < 1 || version > rec.get().version()) {
      return false;
    }
    JsonObject pin = JsonObject.create().put("label", label).put("time", time.toEpochMilli());
    return changePins(rec.get().id(), pins -> {
      pins.put(String.valueOf(version), pin);
      return true;
    });
  }

  @Override
  public boolean unpin(String path, int version) {
    Objects.requireNonNull(path, "path");
    checkOpen();
    Optional<FileRecord> rec = fileAt(path);
    if (rec.isEmpty()) {
      return false;
    }
    String key = String.valueOf(version);
    return changePins(rec.get().id(), pins -> {
      if (!pins.containsKey(key)) {
        return false;
      }
      pins.removeKey(key);
      return true;
    });
  }

  private boolean changePins(long id, java.util.function.Predicate<JsonObject> change) {
    String key = keys.pins(id);
    while (true) {
      Kv.Doc d = kv.get(key);
      JsonObject pins = d == null ? JsonObject.create() : d.obj().getObject("pins");
      if (!change.test(pins)) {
        return false;
      }
      JsonObject doc = JsonObject.create().put("pins", pins);
      if ((d == null ? kv.insert(key, doc) : kv.replace(key, doc, d.cas())) != 0) {
        return true;
      }
    }
  }

  @Override
  public List<Pin> pins(String path) {
    Objects.requireNonNull(path, "path");
    checkOpen();
    Optional<FileRecord> rec = fileAt(path);
    if (rec.isEmpty()) {
      return List.of();
    }
    Kv.Doc d = kv.get(keys.pins(rec.get().id()));
    if (d == null) {
      return List.of();
    }
    JsonObject pins = d.obj().getObject("pins");
    List<Pin> out = new ArrayList<>();
    for (String v : pins.getNames()) {
      JsonObject p = pins.getObject(v);
      out.add(new Pin(Integer.parseInt(v), p.getString("label"),
          Instant.ofEpochMilli(p.getLong("time"))));
    }
    out.sort(Comparator.comparingInt(Pin::version));
    return out;
  }

  // ---- health ---------------------------------------------------------------------------------

  @Override
  public void ping() {
    checkOpen();
    kv.counter(keys.seqCounter());
  }

  @Override
  public String describe() {
    return description;
  }

  @Override
  public String toString() {
    return "CouchbaseStore[" + description + "]";
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      onClose.run();
    }
  }

  private void checkOpen() {
    if (closed.get()) {
      throw new StoreException(description + " is closed");
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** Locks the stripes of every path the changes touch, in stripe order (no deadlock). */
  private List<ReentrantLock> lockStripes(List<Change> changes) {
    TreeSet<Integer> idx = new TreeSet<>();
    for (Change ch : changes) {
      idx.add(Math.floorMod(ch.path().hashCode(), STRIPES));
      if (ch.from() != null) {
        idx.add(Math.floorMod(ch.from().hashCode(), STRIPES));
      }
    }
    List<ReentrantLock> held = new ArrayList<>(idx.size());
    for (int i : idx) {
      stripes[i].lock();
      held.add(stripes[i]);
    }
    return held;
  }

  private static void unlock(List<ReentrantLock> held) {
    Deque<ReentrantLock> reverse = new ArrayDeque<>(held);
    while (!reverse.isEmpty()) {
      reverse.pollLast().unlock();
    }
  }

  /** Backs off after a lost race or while another process's op is in flight (jittered). */
  private static void pause(int attempt) {
    long cap = Math.min(MAX_WAIT_NANOS, 100_000L << Math.min(attempt, 10));
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
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

  static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static boolean under(String path, String folder, boolean recursive) {
    String rest;
    if (folder.isEmpty()) {
      rest = path;
    } else if (path.startsWith(folder + "/")) {
      rest = path.substring(folder.length() + 1);
    } else {
      return false;
    }
    return recursive || rest.indexOf('/') < 0;
  }
}
