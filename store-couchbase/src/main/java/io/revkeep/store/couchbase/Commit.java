package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonObject;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.StoreException;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The commit protocol: turns one planned change of one file (its next record, made by
 * {@link Recording}) into a committed version and event, with nothing but single-document CAS
 * operations, so that a crash anywhere leaves either no change or a whole one.
 */
final class Commit {
  /*
   * Recording:  the file document f:ID is the unit of CAS. It holds the committed record (cur)
   *             and at most one operation in flight (pend: its op id, the next record, the
   *             version and the event to write). record() runs these steps:
   *               1. read the pointer p=PATH and the file doc (slot()); a doc with a pend is
   *                  waited for (or, when its writer looks dead, resolved: see FileDocs);
   *               2. CAS the pend into the file doc (a new file: insert f:ID, then claim p=PATH
   *                  with insert, or CAS-replace a stale pointer; a RENAME claims p=TO the same
   *                  way) — this reserves version N, and makes every other writer of the file
   *                  wait: versions stay 1..n without gaps or duplicates;
   *               3. write the version doc v:ID:N (insert; see writeVersion), and append the
   *                  entries readers check against file docs: the folder's member log (a new
   *                  name), the hash log (new content), the change-set log (preIndex);
   *               4. take seq S from the counter, CAS S into the pend, insert the event doc
   *                  e:S carrying the op id. THIS INSERT IS THE COMMIT POINT: from then on the
   *                  change has happened, for every reader;
   *               5. append the timeline entries, consume the write intent, CAS cur := next
   *                  and drop the pend, and remove a RENAME's old pointer (FileDocs.finish).
   *             Readers resolve a file doc with a pend themselves (FileDocs.effective), so the
   *             file record, its history and the event log change together as one step, and a
   *             crash anywhere leaves either no change or a whole one.
   * Late:       a writer that was given up as dead (FileDocs) and wakes up finds out at its
   *             next CAS or insert: it returns the change a helper committed for it, or starts
   *             again (LostRace); it can never overwrite what came after it (the version doc
   *             is inserted, see writeVersion). A writer whose own step fails (a StoreException:
   *             a timeout, say) settles its op at once, the same way a helper would.
   * Threads:    any caller thread; no local state. In this process, writers of one path are
   *             already serialised by Recording's stripes; against other processes only CAS
   *             decides, and a lost CAS throws LostRace for Recording to plan again.
   */

  /** Logs as the store: its parts are not the user's concern. */
  private static final Logger LOG = LogManager.getLogger(CouchbaseStore.class);

  /** An attempt lost a CAS race with another process: plan the change again from fresh reads. */
  static final class LostRace extends RuntimeException {
    private LostRace() {
      super("lost a CAS race; plan again", null, false, false);
    }
  }

  static final LostRace LOST_RACE = new LostRace();

  /** A path's pointer, its file doc (settled: no operation in flight) and the record there. */
  record Slot(String path, Kv.Doc pointer, Kv.Doc fileDoc, FileRecord rec) {}

  private final StoreContext ctx;
  private final FileDocs fileDocs;
  private final Folders folders;
  private final SeqLog seqLog;

  Commit(StoreContext ctx, FileDocs fileDocs, Folders folders, SeqLog seqLog) {
    this.ctx = ctx;
    this.fileDocs = fileDocs;
    this.folders = folders;
    this.seqLog = seqLog;
  }

  /** Step 1 for one path: its pointer and its settled file doc, and the record at the path. */
  Slot slot(String path) {
    Kv.Doc ptr = ctx.kv.get(ctx.keys.pointer(path));
    if (ptr == null) {
      return new Slot(path, null, null, null);
    }
    Kv.Doc fd = fileDocs.settled(ptr.obj().getLong("id"));
    FileRecord cur = fd == null ? null : Docs.file(fd.obj().getObject("cur"));
    FileRecord rec = cur != null && cur.path().equals(path) ? cur : null;
    return new Slot(path, ptr, fd, rec);
  }

  /** Where an op's seq comes from in step 4: the counter's next value, or an imported seq. */
  @FunctionalInterface
  interface SeqSource {
    /** Takes the next seq from the counter (a StoreException if it cannot be had). */
    long take();
  }

  /**
   * Steps 2 to 5 of the protocol for one change.
   *
   * @param home where the file doc is (its rec is null for a brand-new file)
   * @param claim the slot whose pointer must be made to point at the file (a new file: home; a
   *     RENAME: the target), or null
   * @throws LostRace when another process got there first: plan the change again
   */
  Event commit(Change ch, Slot home, Slot claim, FileRecord next, Action action,
      WriteIntents.Author who) {
    return commit(ch, home, claim, next, action, who,
        () -> ctx.kv.increment(ctx.keys.seqCounter()));
  }

  /**
   * {@link #commit(Change, Slot, Slot, FileRecord, Action, WriteIntents.Author)} with the seq
   * taken from {@code seqs} (Importing: the imported seq, which must be the counter's next).
   */
  Event commit(Change ch, Slot home, Slot claim, FileRecord next, Action action,
      WriteIntents.Author who, SeqSource seqs) {
    String op = UUID.randomUUID().toString();
    long id = next.id();
    String fileKey = ctx.keys.file(id);
    boolean fresh = home.rec() == null;
    boolean tomb = action == Action.DELETE;
    VersionRecord ver = new VersionRecord(ch.path(), next.version(), tomb ? null : ch.hash(),
        tomb ? 0 : ch.size(), ch.time(), who.user(), who.origin(), action, who.changeSet());
    Event draft = new Event(0, action, ch.path(), action == Action.RENAME ? ch.from() : null,
        ch.location(), next.version(), ver.hash(), ver.size(), ch.time(), who.user(),
        who.origin(), who.changeSet());
    // what FolderSumDocs needs besides the event: the version before it (its path, and its
    // size when live), and whether a RENAME detached a tombstone at its target
    JsonObject evDraft = Docs.event(draft);
    if (home.rec() != null) {
      FileRecord prev = home.rec();
      evDraft.put(Docs.PREVIOUS, JsonObject.create().put("path", prev.path())
          .put("size", prev.deleted() ? 0 : prev.size()).put("live", !prev.deleted()));
    }
    if (action == Action.RENAME) {
      evDraft.put(Docs.OVER_TOMBSTONE, claim != null && claim.rec() != null);
    }
    JsonObject pend = JsonObject.create()
        .put("op", op)
        .put("at", ctx.clock.millis())
        .put("next", Docs.file(next))
        .put("ver", Docs.version(ver))
        .put("ev", evDraft);
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
      cas = ctx.kv.insert(fileKey, doc);
      if (cas == 0) {
        throw new StoreException(ctx.description + ": file id " + id + " is already taken; is"
            + " the counter " + ctx.keys.idCounter() + " older than the documents?");
      }
    } else {
      cas = ctx.kv.replace(fileKey, doc, home.fileDoc().cas());
      if (cas == 0) {
        throw LOST_RACE;
      }
    }
    try {
      if (claim != null && !claimPointer(claim, id)) {
        if (fresh) {
          ctx.kv.remove(fileKey, cas);
        } else {
          dropPend(fileKey, doc, cas);
        }
        throw LOST_RACE;
      }
      ctx.step("pending");
      writeVersion(fileKey, op, ctx.keys.version(id, next.version()),
          Docs.version(ver).put("op", op));
      preIndex(id, home.rec(), next, ver);
      ctx.step("version");
      long seq;
      while (true) {
        seq = seqs.take();
        ctx.step("seq");
        pend.put("seq", seq).put("at", ctx.clock.millis());
        long c2 = ctx.kv.replace(fileKey, doc, cas);
        if (c2 == 0) {
          // Someone resolved our op as dead: its seq must not stay a hole for long.
          seqLog.giveUp(seq);
          throw LOST_RACE;
        }
        cas = c2;
        ctx.step("seq-noted");
        JsonObject ev = Docs.eventDoc(withSeq(draft, seq), op, id, evDraft);
        if (ctx.kv.insert(ctx.keys.event(seq), ev) != 0) {
          break;
        }
        Kv.Doc taken = ctx.kv.get(ctx.keys.event(seq));
        if (taken != null && op.equals(taken.obj().getString("op"))) {
          break; // we were given up as dead and a helper committed our change for us
        }
        // A reader filled our seq as a hole (we took longer than holeAfter): take the next.
      }
      ctx.step("event");
      fileDocs.finish(id, new Kv.Doc(doc, cas));
      return withSeq(draft, seq);
    } catch (StoreException e) {
      // Our own step failed (a timeout, say): settle the op now rather than after staleAfter.
      // If it had its seq it is committed now, and then the change is recorded after all.
      // (A LostRace or a test's simulated crash is no StoreException and passes untouched.)
      try {
        Kv.Doc d = ctx.kv.get(fileKey);
        if (d != null && FileDocs.isPendOf(d, op)) {
          long seq = fileDocs.resolve(id, d);
          if (seq > 0) {
            LOG.warn("{}: recording {} hit {}; finished it on the second try", ctx.description,
                ch.path(), Kv.brief(e));
            return withSeq(draft, seq);
          }
        }
      } catch (StoreException again) {
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
    while (ctx.kv.insert(key, version) == 0) {
      Kv.Doc old = ctx.kv.get(key);
      if (old == null) {
        continue;
      }
      if (op.equals(old.obj().getString("op"))) {
        return;
      }
      Kv.Doc fd = ctx.kv.get(fileKey);
      if (fd == null || !FileDocs.isPendOf(fd, op)) {
        throw LOST_RACE; // given up as dead meanwhile: start again
      }
      if (ctx.kv.replace(key, version, old.cas()) != 0) {
        return;
      }
    }
  }

  private static Event withSeq(Event e, long seq) {
    return new Event(seq, e.action(), e.name(), e.from(), e.location(), e.version(), e.hash(),
        e.size(), e.time(), e.user(), e.origin(), e.changeSet());
  }

  /** Points the slot's path at the file: insert, or CAS over the stale pointer read. */
  private boolean claimPointer(Slot s, long id) {
    JsonObject ptr = JsonObject.create().put("path", s.path()).put("id", id);
    String key = ctx.keys.pointer(s.path());
    return s.pointer() == null ? ctx.kv.insert(key, ptr) != 0
        : ctx.kv.replace(key, ptr, s.pointer().cas()) != 0;
  }

  private void dropPend(String fileKey, JsonObject doc, long cas) {
    JsonObject back = JsonObject.create().put("id", doc.getLong("id"))
        .put("cur", doc.getObject("cur"));
    ctx.kv.replace(fileKey, back, cas); // lost: someone else resolved it already
  }

  /**
   * The index entries that readers check against the file docs, written before the commit
   * point (so a listing never misses a committed change, even one whose writer died right
   * after it): the folder's member entry for a new name, the hash log for new content, the
   * change-set log. An op that never commits leaves entries that fail those checks.
   */
  private void preIndex(long id, FileRecord prev, FileRecord next, VersionRecord ver) {
    String dir = Folders.parent(next.path());
    if (prev == null || !prev.path().equals(next.path())) {
      folders.ensureDir(dir);
      ctx.logs.append(ctx.keys.members(dir), JsonObject.create()
          .put("n", Folders.name(next.path())).put("f", id));
    }
    if (next.hash() != null
        && (prev == null || prev.deleted() || !next.hash().equals(prev.hash()))) {
      ctx.logs.append(ctx.keys.hashLog(next.hash()), JsonObject.create().put("f", id));
    }
    if (ver.changeSet() != null) {
      ctx.logs.append(ctx.keys.changeSetLog(ver.changeSet()),
          JsonObject.create().put("f", id).put("v", ver.version()));
    }
  }
}
