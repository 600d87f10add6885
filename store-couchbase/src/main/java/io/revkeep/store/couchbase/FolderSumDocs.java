package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonArray;
import com.couchbase.client.java.json.JsonObject;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-folder sums — bytes and count of live files beneath, records beneath, the newest event
 * beneath — kept in one document per folder and advanced from the event log in seq order, so
 * that a listing reads its direct sub-folders' sums instead of everything below them
 * ({@link FolderContentsReads}); with each folder's sums after every event applied to it, for
 * the sums as they were at an instant.
 */
final class FolderSumDocs {
  /*
   * State:      in the bucket. g=DIR {dir, s, size, files, recs, t, u, n, r}: DIR's sums after
   *             every event up to seq s that touched DIR (s is the newest such event: its time t
   *             and user u are DIR's last change); r, its sums {s, size, files, t, u} after each
   *             of the last (up to PAGE) events applied to it, and n, how many pages gl=DIR|K
   *             {r} (K = 0..n-1, immutable) hold the entries before those. gmark {w}: every
   *             event up to seq w has been applied to every folder (written every
   *             MARK_WRITE_EVERY seqs: a lower bound). Locally:
   *             applied (every event up to it is applied: what this process applied or read in
   *             gmark), markWritten, and catchingUp (in-process, so that threads of one process
   *             do not all apply the same events at once).
   * Applying:   event S (at path P, from Q for a RENAME, of file F at version N) changes the
   *             folders above P and above the path of version N-1 (the event doc's "prev", the
   *             record the commit replaced; on older events read from v:F:(N-1), immutable once
   *             committed): its old contribution is taken away there, its new one added at
   *             P; a RENAME onto a tombstone (the event doc's "over") takes that tombstone's
   *             record away at P. The change is a function of S's immutable event doc (and
   *             version docs) alone, so whoever applies S computes the same. Each folder D is
   *             changed by one CAS that also sets s := S, and only while D's s < S: applying S
   *             twice is a no-op. Appliers go in seq order from a mark every event up to which
   *             is applied (applied, or gmark), so when anyone applies S to D, every earlier
   *             event touching D has been applied to D: no event is applied to a folder out of
   *             order, none twice, none skipped. S's entry in r is made by the same CAS, so the
   *             entries are in seq order, each once. A full r first goes to page n by insert
   *             (absent only: whoever writes page n writes the same, D's state), then the CAS
   *             starts a new r with n+1: a crash in between leaves a page the next applier
   *             finds written.
   * Who:        every writer after a change, still holding its path stripes (Recording), with
   *             an in-process tryLock: if another thread is at it, that one or the next reader
   *             does the work; and every reader of contents or contentsAt, which first catches
   *             up to SeqLog.lastSeq() — so an answer is never older than the event log. Any
   *             number of processes at once: only CAS decides.
   * Crashes:    a process that dies anywhere (after the commit point and before any sums, or
   *             between two folders of one event, or between a page and its CAS) leaves
   *             gmark behind the events it had not finished; the next applier re-applies from
   *             gmark, and the folders already done skip them (s >= S). gmark only moves after
   *             its events were applied to every folder. Holes have no event and change nothing.
   * Old data:   a bucket written before this class has no gmark: the first applier starts at
   *             seq 1. A RENAME event of that time lacks "over", read as false: a tombstone it
   *             detached still counts as a record (only whether a folder whose files are all
   *             deleted is listed can differ); so does a tombstone a RENAME detached without an
   *             event (its writer died after claiming the path: Recording).
   * Time:       the sums at an instant are the last entry whose event time is at or before it
   *             (in r, or in the page a binary search finds): exact when event times do not
   *             decrease with seq (one host's listener; across hosts, up to their clock skew).
   * Threads:    any caller thread, in any process.
   */

  /** Event docs read per batch. */
  static final int EVENT_BATCH = 256;
  /** Entries a sums document keeps before they move to a page of their own. */
  static final int PAGE = 64;
  /**
   * gmark is rewritten when this process's applied mark moved this far since its last write: a
   * crash costs at most that many events re-checked (no-ops), and a writer saves two requests.
   */
  static final long MARK_WRITE_EVERY = 64;

  private final StoreContext ctx;
  private final SeqLog seqLog;
  private final ReentrantLock catchingUp = new ReentrantLock();
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong markWritten = new AtomicLong();

  FolderSumDocs(StoreContext ctx, SeqLog seqLog) {
    this.ctx = ctx;
    this.seqLog = seqLog;
  }

  /** Applies every event up to the log's last seq, waiting for a thread of ours that is at it. */
  void catchUp() {
    catchingUp.lock();
    try {
      catchUpTo(seqLog.lastSeq());
    } finally {
      catchingUp.unlock();
    }
  }

  /** {@link #catchUp()} unless another thread of this process is at it already (writers). */
  void catchUpIfIdle() {
    if (catchingUp.tryLock()) {
      try {
        catchUpTo(seqLog.lastSeq());
      } finally {
        catchingUp.unlock();
      }
    }
  }

  /** The sums documents of the folders (null where a folder has none), by folder. */
  Map<String, JsonObject> now(List<String> dirs) {
    List<Kv.Doc> docs = ctx.kv.getAll(dirs.stream().map(ctx.keys::folderSums).toList());
    Map<String, JsonObject> out = new TreeMap<>();
    for (int i = 0; i < dirs.size(); i++) {
      Kv.Doc d = docs.get(i);
      if (d != null && dirs.get(i).equals(d.obj().getString("dir"))) {
        out.put(dirs.get(i), d.obj());
      }
    }
    return out;
  }

  /**
   * Each folder's sums as they were at an instant: of the entries whose event time is at or
   * before it, the one with the highest seq (absent: nothing beneath the folder then). Reads the
   * folders' sums documents, and for an instant older than a document's recent entries a binary
   * search over its pages (times taken as not decreasing with seq).
   */
  Map<String, JsonObject> at(List<String> dirs, long atMillis) {
    Map<String, JsonObject> out = new TreeMap<>();
    now(dirs).forEach((dir, doc) -> {
      JsonObject found = lastUpTo(doc.getArray("r"), atMillis);
      int pages = doc.getInt("n");
      if (found == null && pages > 0) {
        found = inPages(dir, pages, atMillis);
      }
      if (found != null) {
        out.put(dir, found);
      }
    });
    return out;
  }

  /** Of the entries (in seq order), the last whose time is at or before atMillis, or null. */
  private static JsonObject lastUpTo(JsonArray entries, long atMillis) {
    JsonObject found = null;
    for (int i = 0; i < entries.size(); i++) {
      JsonObject e = entries.getObject(i);
      if (e.getLong("t") <= atMillis) {
        found = e;
      }
    }
    return found;
  }

  /** The entry for atMillis in the last of a folder's pages that begins at or before it. */
  private JsonObject inPages(String dir, int pages, long atMillis) {
    int lo = 0;
    int hi = pages - 1;
    JsonArray best = null;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      Kv.Doc page = ctx.kv.get(pageKey(dir, mid));
      if (page == null) {
        throw new StoreException(ctx.description + ": page " + mid + " of the folder sums of "
            + dir + " is missing from the bucket");
      }
      JsonArray entries = page.obj().getArray("r");
      if (entries.getObject(0).getLong("t") <= atMillis) {
        best = entries;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return best == null ? null : lastUpTo(best, atMillis);
  }

  private String pageKey(String dir, int page) {
    return ctx.keys.folderSumsLog(dir) + "|" + page;
  }

  private void catchUpTo(long target) {
    long w = applied.get();
    if (w >= target) {
      return;
    }
    Kv.Doc mark = ctx.kv.get(ctx.keys.sumsMark());
    w = Math.max(w, mark == null ? 0 : mark.obj().getLong("w"));
    while (w < target) {
      long upTo = Math.min(target, w + EVENT_BATCH);
      List<String> keys = new ArrayList<>();
      for (long s = w + 1; s <= upTo; s++) {
        keys.add(ctx.keys.event(s));
      }
      List<Kv.Doc> docs = ctx.kv.getAll(keys);
      for (int i = 0; i < docs.size(); i++) {
        Kv.Doc d = docs.get(i);
        if (d == null) { // lastSeq() said e:1..target all exist
          throw new StoreException(ctx.description + ": event " + (w + 1 + i)
              + " is missing behind the log's last seq " + target);
        }
        if (!Docs.isHole(d.obj())) {
          apply(d.obj());
        }
      }
      w = upTo;
      advanceMark(w);
    }
  }

  /** Notes w in this process, and in gmark once it moved MARK_WRITE_EVERY past the last write. */
  private void advanceMark(long w) {
    applied.accumulateAndGet(w, Math::max);
    if (w - markWritten.get() < MARK_WRITE_EVERY) {
      return;
    }
    markWritten.accumulateAndGet(w, Math::max);
    ctx.kv.update(ctx.keys.sumsMark(), cur -> cur != null && cur.getLong("w") >= w ? null
        : JsonObject.create().put("w", w));
  }

  /** Applies one event to every folder it touches (see the design comment). */
  private void apply(JsonObject ev) {
    long seq = ev.getLong("seq");
    Action action = Action.valueOf(ev.getString("action"));
    String path = ev.getString("name");
    int version = ev.getInt("version");
    // folder → {bytes, live files, records} this event adds (negative: takes away)
    Map<String, long[]> delta = new TreeMap<>();
    JsonObject prev = ev.getObject(Docs.PREVIOUS);
    if (prev == null && version > 1) { // an event from before folder sums: read the version
      Long f = ev.getLong("f");
      Kv.Doc prevDoc = f == null ? null : ctx.kv.get(ctx.keys.version(f, version - 1));
      if (prevDoc == null) {
        throw new StoreException(ctx.description + ": version " + (version - 1) + " of the file"
            + " of event " + seq + " (" + path + ") is missing from the bucket");
      }
      VersionRecord v = Docs.version(prevDoc.obj());
      boolean live = v.action() != Action.DELETE;
      prev = JsonObject.create().put("path", v.path()).put("size", live ? v.size() : 0)
          .put("live", live);
    }
    if (prev != null) {
      boolean live = prev.getBoolean("live");
      add(delta, prev.getString("path"), -prev.getLong("size"), live ? -1 : 0, -1);
    }
    boolean tomb = action == Action.DELETE;
    add(delta, path, tomb ? 0 : ev.getLong("size"), tomb ? 0 : 1, 1);
    if (action == Action.RENAME && Boolean.TRUE.equals(ev.getBoolean(Docs.OVER_TOMBSTONE))) {
      add(delta, path, 0, 0, -1); // the tombstone that stood there is no record there any more
    }
    if (ev.getString("from") != null) {
      add(delta, ev.getString("from"), 0, 0, 0); // a move away is a change beneath it too
    }
    long time = ev.getLong("time");
    String user = ev.getString("user");
    delta.forEach((dir, d) -> applyTo(dir, seq, d, time, user));
  }

  /** Adds the change to every folder above path (the root has no sums: nothing lists it). */
  private static void add(Map<String, long[]> delta, String path, long bytes, long files,
      long records) {
    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      long[] d = delta.computeIfAbsent(path.substring(0, slash), k -> new long[3]);
      d[0] += bytes;
      d[1] += files;
      d[2] += records;
    }
  }

  private void applyTo(String dir, long seq, long[] d, long time, String user) {
    String key = ctx.keys.folderSums(dir);
    while (true) {
      Kv.Doc doc = ctx.kv.get(key);
      JsonObject cur = doc == null ? null : doc.obj();
      if (cur != null && cur.getLong("s") >= seq) {
        return; // applied already, by us before a crash or by another process
      }
      long size = (cur == null ? 0 : cur.getLong("size")) + d[0];
      long files = (cur == null ? 0 : cur.getLong("files")) + d[1];
      long recs = (cur == null ? 0 : cur.getLong("recs")) + d[2];
      int pages = cur == null ? 0 : cur.getInt("n");
      JsonArray recent = cur == null ? JsonArray.create() : cur.getArray("r");
      if (recent.size() >= PAGE) {
        // The same page whoever writes it (it is this document's state): insert if absent.
        ctx.kv.insert(pageKey(dir, pages), JsonObject.create().put("r", recent));
        ctx.step("sums-paged");
        pages++;
        recent = JsonArray.create();
      }
      recent.add(JsonObject.create().put("s", seq).put("size", size).put("files", files)
          .put("t", time).put("u", user));
      JsonObject next = JsonObject.create().put("dir", dir).put("s", seq).put("size", size)
          .put("files", files).put("recs", recs).put("t", time).put("u", user)
          .put("n", pages).put("r", recent);
      if ((cur == null ? ctx.kv.insert(key, next) : ctx.kv.replace(key, next, doc.cas())) != 0) {
        ctx.step("sums-applied");
        return;
      }
    }
  }
}
