package io.revkeep.store.couchbase;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.ImportedVersion;
import io.revkeep.core.store.ImportRules;
import io.revkeep.core.store.ImportRules.Held;
import io.revkeep.core.store.StoreException;
import java.time.Instant;
import java.util.List;

/**
 * Imports a history ({@link io.revkeep.core.store.HistoryImport}): each version through the
 * same commit protocol as a recorded change ({@link Commit}), with the record Recording would
 * have planned, the original's author, and the original's seq taken from the counter as its
 * next value; the seqs before it that the original had no event at are declared holes first.
 */
final class Importing {
  /*
   * Exclusive:  an import needs the store to itself (recover runs before any service starts).
   *             It does not take Recording's stripes; CAS still guards every document, and a
   *             sign that someone else writes — a lost CAS race, the counter handing out
   *             another seq than the one imported — ends the import with a StoreException,
   *             leaving every version imported so far whole (the op in flight is dropped,
   *             Commit's own clean-up).
   * Refusals:   a batch is checked against the records plus the effect of its earlier versions
   *             (ImportRules.checkAll) before anything is written, and each version again
   *             against fresh reads just before its commit; an ImportException changes nothing.
   * Holes:      seq S is declared a hole by inserting e:S = {hole: true} BEFORE the counter is
   *             moved to S, so no reader ever sees S handed out without a document (SeqLog).
   * Atomicity:  each version is one commit (all-or-nothing, as a recorded change); a batch is
   *             not: a crash midway leaves a prefix.
   * Threads:    any caller thread; no local state.
   */

  private final StoreContext ctx;
  private final Commit commit;
  private final SeqLog seqLog;

  Importing(StoreContext ctx, Commit commit, SeqLog seqLog) {
    this.ctx = ctx;
    this.commit = commit;
    this.seqLog = seqLog;
  }

  /** No seq and no file id was ever handed out in this namespace. */
  boolean isEmpty() {
    return ctx.kv.counter(ctx.keys.seqCounter()) == 0 && ctx.kv.counter(ctx.keys.idCounter()) == 0;
  }

  void importAll(List<ImportedVersion> batch) {
    if (batch.isEmpty()) {
      return;
    }
    ImportRules.checkAll(batch, handedOut(), p -> Held.of(commit.slot(p).rec()));
    for (ImportedVersion v : batch) {
      importOne(v);
    }
  }

  void finishImport(long lastSeq) {
    long last = handedOut();
    ImportRules.checkFinish(lastSeq, last);
    for (long s = last + 1; s <= lastSeq; s++) {
      declareHole(s);
    }
  }

  private void importOne(ImportedVersion v) {
    Commit.Slot at = commit.slot(v.path());
    Commit.Slot from = v.action() == Action.RENAME && v.from() != null
        ? commit.slot(v.from()) : null;
    long last = handedOut();
    ImportRules.check(v, last, Held.of(at.rec()), from == null ? null : Held.of(from.rec()));
    for (long s = last + 1; s < v.seq(); s++) {
      declareHole(s);
    }
    boolean tomb = v.action() == Action.DELETE;
    long fsSize = tomb ? 0 : ImportRules.UNREAD_FS_SIZE;
    long fsMtime = tomb ? 0 : ImportRules.UNREAD_FS_MTIME;
    Change ch = new Change(v.action(), v.path(), v.from(), v.hash(), v.size(), fsSize, fsMtime,
        v.time(), v.user(), v.origin(), v.location());
    WriteIntents.Author who =
        new WriteIntents.Author(v.user(), v.origin(), v.changeSet(), null, 0);
    Instant t = v.time();
    String user = v.user();
    FileRecord rec = at.rec();
    Commit.Slot home = at;
    Commit.Slot claim = null;
    FileRecord next;
    switch (v.action()) {
      case CREATE -> {
        if (rec == null) {
          long id = ctx.kv.increment(ctx.keys.idCounter());
          next = new FileRecord(id, v.path(), v.hash(), v.size(), t, user, t, user, 1, false,
              fsSize, fsMtime, 1);
          claim = at;
        } else { // a deleted file comes back to life, as in Recording
          next = new FileRecord(rec.id(), rec.path(), v.hash(), v.size(), t, user, t, user,
              v.version(), false, fsSize, fsMtime, rec.rev() + 1);
        }
      }
      case MODIFY -> next = new FileRecord(rec.id(), rec.path(), v.hash(), v.size(),
          rec.created(), rec.createdUser(), t, user, v.version(), false, fsSize, fsMtime,
          rec.rev() + 1);
      case DELETE -> next = new FileRecord(rec.id(), rec.path(), null, 0, rec.created(),
          rec.createdUser(), t, user, v.version(), true, 0, 0, rec.rev() + 1);
      case RENAME -> {
        FileRecord src = from.rec();
        next = new FileRecord(src.id(), v.path(), v.hash(), v.size(), src.created(),
            src.createdUser(), t, user, v.version(), false, fsSize, fsMtime, src.rev() + 1);
        home = from;
        claim = at;
      }
      default -> throw new IllegalStateException("unknown action " + v.action());
    }
    try {
      commit.commit(ch, home, claim, next, v.action(), who, () -> takeExactly(v.seq()));
    } catch (Commit.LostRace e) {
      throw anotherWriter("lost a race for " + v.describe());
    }
  }

  /** Makes seq s (the counter's next) a hole: its document first, then the counter. */
  private void declareHole(long s) {
    if (ctx.kv.insert(ctx.keys.event(s), Docs.hole()) == 0 && !seqLog.isHole(s)) {
      throw anotherWriter("event " + s + " exists already");
    }
    takeExactly(s);
  }

  /** Moves the counter to s, which must be its next value (else s is given up as a hole). */
  private long takeExactly(long s) {
    long got = ctx.kv.increment(ctx.keys.seqCounter());
    if (got != s) {
      seqLog.giveUp(got);
      throw anotherWriter("the counter handed out seq " + got + " where the import is at " + s);
    }
    return got;
  }

  /** The last seq handed out: every seq up to it has its event or is a hole, in an import. */
  private long handedOut() {
    return ctx.kv.counter(ctx.keys.seqCounter());
  }

  private StoreException anotherWriter(String what) {
    return new StoreException(ctx.description + ": " + what + "; another process is writing"
        + " this store, and an import needs it to itself (stop every revkeep service)");
  }
}
