package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonObject;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.retry.Backoff;
import io.revkeep.core.store.ConflictException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Records changes: decides what each change means for the file at its path (a new file, a new
 * version, a tombstone, a move, or only a stat update) and hands the next record to the
 * {@link Commit} protocol, planning again from fresh reads when another process got there first.
 */
final class Recording {
  /*
   * Threads:   any caller thread. In this process, writers of one path queue on one of STRIPES
   *            ReentrantLocks (chosen by the path's hash) instead of spinning on CAS; a change
   *            holds the stripes of its path and, for a RENAME, of its source, taken in stripe
   *            order so that no two batches deadlock. Across processes only CAS decides: a lost
   *            race (Commit.LostRace) plans the change again after a pause (CAS_WAIT).
   * recordAll: NOT atomic. All changes are first checked against the records (plus the effect
   *            of the earlier changes of the batch) with every path's stripe held: an
   *            impossible change throws ConflictException before anything is written. Then
   *            they are recorded one by one. A writer in another process that changes one of
   *            the batch's paths in between, or a crash, can leave a prefix recorded; each
   *            change is still all-or-nothing on its own.
   * Detaching: a RENAME onto a tombstone takes the path by CAS on its pointer p=PATH, and so
   *            does a CREATE that brings the tombstone back to life: of the two, one wins. A
   *            RENAME whose writer dies after claiming the pointer and before its commit point
   *            is dropped (FileDocs.resolve) with the pointer still naming the moved file, whose
   *            path is another: the tombstone is then detached without the rename (file(path)
   *            is empty; a later CREATE there starts a new file). Its versions stay readable by
   *            time, as any detached record's.
   * Sums:      after a call that recorded an event, the writer runs afterChange (the folder
   *            sums, FolderSumDocs) still holding its stripes: the next writer of its paths
   *            waits, so one path's writers stay one request at a time, as without sums (two
   *            requests in flight at once cost 40 ms each on CouchbaseMock: Kv.SEQUENTIAL_UP_TO).
   */

  /** In-process lock stripes over paths (writers of one path queue here, not on CAS). */
  static final int STRIPES = 64;

  private final StoreContext ctx;
  private final FileDocs fileDocs;
  private final WriteIntents intents;
  private final Commit commit;
  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];
  private final Runnable afterChange;

  /**
   * @param afterChange run after a call that recorded at least one event, with its stripes still
   *     held (CouchbaseStore: the folder sums are advanced)
   */
  Recording(StoreContext ctx, FileDocs fileDocs, WriteIntents intents, Commit commit,
      Runnable afterChange) {
    this.ctx = ctx;
    this.afterChange = afterChange;
    this.fileDocs = fileDocs;
    this.intents = intents;
    this.commit = commit;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  Optional<Event> record(Change change) {
    List<ReentrantLock> held = lockStripes(List.of(change));
    try {
      Optional<Event> e = apply(change);
      if (e.isPresent()) {
        afterChange.run();
      }
      return e;
    } finally {
      unlock(held);
    }
  }

  List<Optional<Event>> recordAll(List<Change> batch) {
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
      if (results.stream().anyMatch(Optional::isPresent)) {
        afterChange.run();
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
    Function<String, PathState> now = p -> state.computeIfAbsent(p,
        q -> fileDocs.fileAt(q).map(f -> f.deleted() ? PathState.DELETED : PathState.LIVE)
            .orElse(PathState.ABSENT));
    for (Change ch : batch) {
      switch (ch.action()) {
        case RENAME -> {
          if (now.apply(ch.path()) == PathState.LIVE) {
            throw renameTargetTaken(ch);
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

  private static ConflictException renameTargetTaken(Change ch) {
    return new ConflictException("cannot rename " + ch.from() + " to " + ch.path() + ": "
        + ch.path() + " already has a live record");
  }

  private static ConflictException renameSourceMissing(Change ch) {
    return new ConflictException("cannot rename " + ch.from() + " to " + ch.path() + ": "
        + ch.from() + " has no live record");
  }

  private Optional<Event> apply(Change ch) {
    Backoff.Attempts lostRaces = StoreContext.CAS_WAIT.attempts();
    while (true) {
      try {
        return switch (ch.action()) {
          case DELETE -> delete(ch);
          case RENAME -> rename(ch);
          default -> content(ch);
        };
      } catch (Commit.LostRace e) {
        StoreContext.pause(lostRaces);
      }
    }
  }

  /** "The content at path is now hash": CREATE, MODIFY, or only a fast-path stat update. */
  private Optional<Event> content(Change ch) {
    Commit.Slot s = commit.slot(ch.path());
    FileRecord rec = s.rec();
    if (rec != null && !rec.deleted() && ch.hash().equals(rec.hash())) {
      FileRecord touched = new FileRecord(rec.id(), rec.path(), rec.hash(), rec.size(),
          rec.created(), rec.createdUser(), rec.lastModified(), rec.lastModifiedUser(),
          rec.version(), false, ch.fsSize(), ch.fsMtime(), rec.rev() + 1);
      JsonObject doc = JsonObject.create().put("id", rec.id()).put("cur", Docs.file(touched));
      if (ctx.kv.replace(ctx.keys.file(rec.id()), doc, s.fileDoc().cas()) == 0) {
        throw Commit.LOST_RACE;
      }
      return Optional.empty();
    }
    WriteIntents.Author who = intents.take(ch);
    Instant t = ch.time();
    FileRecord next;
    Action action;
    if (rec == null) {
      action = Action.CREATE;
      long id = ctx.kv.increment(ctx.keys.idCounter());
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
    // A new file claims the path's pointer; so does a deleted one coming back to life (the CAS
    // on p=PATH it read), so that it and a RENAME onto its tombstone, which claims the same
    // pointer to detach it (rename()), cannot both win: the loser plans again.
    return Optional.of(commit.commit(ch, s, rec == null || rec.deleted() ? s : null, next,
        action, who));
  }

  private Optional<Event> delete(Change ch) {
    Commit.Slot s = commit.slot(ch.path());
    FileRecord rec = s.rec();
    if (rec == null || rec.deleted()) {
      return Optional.empty();
    }
    WriteIntents.Author who = intents.take(ch);
    FileRecord next = new FileRecord(rec.id(), rec.path(), null, 0, rec.created(),
        rec.createdUser(), ch.time(), who.user(), rec.version() + 1, true, 0, 0, rec.rev() + 1);
    return Optional.of(commit.commit(ch, s, null, next, Action.DELETE, who));
  }

  /**
   * A RENAME; onto a tombstone it detaches the deleted file from the path by claiming the path's
   * pointer (FileVersions.record): the tombstone's doc is left as it is (its versions and
   * timeline entries still say where it stood), but p=PATH names the moved file from then on.
   */
  private Optional<Event> rename(Change ch) {
    Commit.Slot target = commit.slot(ch.path());
    if (target.rec() != null && !target.rec().deleted()) {
      throw renameTargetTaken(ch);
    }
    Commit.Slot src = commit.slot(ch.from());
    if (src.rec() == null || src.rec().deleted()) {
      throw renameSourceMissing(ch);
    }
    WriteIntents.Author who = intents.take(ch);
    FileRecord rec = src.rec();
    FileRecord next = new FileRecord(rec.id(), ch.path(), ch.hash(), ch.size(), rec.created(),
        rec.createdUser(), ch.time(), who.user(), rec.version() + 1, false, ch.fsSize(),
        ch.fsMtime(), rec.rev() + 1);
    return Optional.of(commit.commit(ch, src, target, next, Action.RENAME, who));
  }

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
}
