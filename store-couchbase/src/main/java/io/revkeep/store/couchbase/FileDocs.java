package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonObject;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.retry.Backoff;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The file documents f:ID as readers and writers must see them: the record a doc stands for
 * while an operation is in flight on it, a doc with no operation in flight for the next writer,
 * and the settling of an operation whose writer died. Step 5 of the commit protocol (see
 * {@link Commit}) lives here because a helper runs it for a dead writer.
 */
final class FileDocs {
  /*
   * Reading:      a file doc holds the committed record (cur) and at most one operation in
   *               flight (pend). Readers resolve a doc with a pend themselves: when e:S exists
   *               and carries the pend's op id, the record is the pend's next one, else the
   *               committed one. So the file record, its history and the event log change
   *               together as one step (what readers_never_see_a_half_recorded_change checks).
   * Dead writers: a pend older than staleAfter (its writer refreshes "at" on every CAS) is
   *               settled by whoever meets it (the next writer of the file, in settled(), or
   *               any reader of its file doc, in effective()). An op that had noted its seq is
   *               committed on its writer's behalf: its event (kept in the pend) is inserted if
   *               absent, then step 5 runs (finish: idempotent, readers de-duplicate log
   *               entries). An op without a seq, or whose seq a reader already made a hole, is
   *               dropped with CAS. A writer that wakes up after that finds out at its next CAS
   *               or insert (see Commit).
   * Time:         "at" is this host's clock (the injected Clock) against the writer's host's:
   *               hosts sharing a bucket need clocks within a fraction of staleAfter (NTP).
   * Threads:      any caller thread, in any process; no local state. Every change to a file
   *               doc is a CAS, so a writer, a helper and a reader settling the same op at once
   *               agree: one CAS wins, the others re-read and find the op finished or dropped.
   */

  /** Logs as the store: its parts are not the user's concern. */
  private static final Logger LOG = LogManager.getLogger(CouchbaseStore.class);

  private final StoreContext ctx;

  FileDocs(StoreContext ctx) {
    this.ctx = ctx;
  }

  /** The record at path right now (live or deleted), following the pointer p=PATH. */
  Optional<FileRecord> fileAt(String path) {
    Kv.Doc ptr = ctx.kv.get(ctx.keys.pointer(path));
    if (ptr == null) {
      return Optional.empty();
    }
    FileRecord rec = effective(ctx.kv.get(ctx.keys.file(ptr.obj().getLong("id"))));
    return rec != null && rec.path().equals(path) ? Optional.of(rec) : Optional.empty();
  }

  /** The effective records of many file docs, by id (absent ids left out). */
  Map<Long, FileRecord> records(Set<Long> ids) {
    List<Long> order = new ArrayList<>(ids);
    List<Kv.Doc> docs = ctx.kv.getAll(order.stream().map(ctx.keys::file).toList());
    Map<Long, FileRecord> out = new LinkedHashMap<>();
    for (int i = 0; i < order.size(); i++) {
      FileRecord rec = effective(docs.get(i));
      if (rec != null) {
        out.put(order.get(i), rec);
      }
    }
    return out;
  }

  /**
   * The record a file doc stands for right now: the pend's next record once its event exists
   * (the op has committed), else the committed one. Null for a doc with neither.
   */
  FileRecord effective(Kv.Doc d) {
    if (d == null) {
      return null;
    }
    JsonObject pend = d.obj().getObject("pend");
    if (pend != null && isStale(pend)) {
      // Its writer looks dead: settle it now (finishing its indexes, or dropping it).
      long id = d.obj().getLong("id");
      resolve(id, d);
      d = ctx.kv.get(ctx.keys.file(id));
      if (d == null) {
        return null;
      }
      pend = d.obj().getObject("pend");
    }
    if (pend != null && pend.getLong("seq") != null) {
      Kv.Doc ev = ctx.kv.get(ctx.keys.event(pend.getLong("seq")));
      if (ev != null && pend.getString("op").equals(ev.obj().getString("op"))) {
        return Docs.file(pend.getObject("next"));
      }
    }
    return Docs.file(d.obj().getObject("cur"));
  }

  /**
   * The file doc with no operation in flight: waits for another writer's op to finish, and
   * resolves one whose writer looks dead (no CAS for staleAfter). Null when there is no doc.
   */
  Kv.Doc settled(long id) {
    String key = ctx.keys.file(id);
    Backoff.Attempts waits = StoreContext.CAS_WAIT.attempts();
    while (true) {
      Kv.Doc d = ctx.kv.get(key);
      if (d == null) {
        return null;
      }
      JsonObject pend = d.obj().getObject("pend");
      if (pend == null) {
        return d;
      }
      long age = age(pend);
      if (age >= ctx.tuning.staleAfter().toMillis()) {
        LOG.warn("{}: an operation on file {} ({}) has made no progress for {} ms; settling it",
            ctx.description, id, pend.getObject("next").getString("file_name"), age);
        resolve(id, d);
      } else {
        StoreContext.pause(waits);
      }
    }
  }

  /** Whether the op's writer has not refreshed its "at" for staleAfter: it looks dead. */
  private boolean isStale(JsonObject pend) {
    return age(pend) >= ctx.tuning.staleAfter().toMillis();
  }

  private long age(JsonObject pend) {
    return ctx.clock.millis() - pend.getLong("at");
  }

  /**
   * Settles the op in flight on a file doc whose writer is gone. An op that has its seq is
   * committed on the writer's behalf (its event inserted if it is not there yet) and finished;
   * one whose seq was taken by a hole marker, or that has none, is dropped.
   *
   * @return the seq of the op when it is committed now, else -1
   */
  long resolve(long id, Kv.Doc d) {
    String key = ctx.keys.file(id);
    while (d != null) {
      JsonObject pend = d.obj().getObject("pend");
      if (pend == null) {
        return -1;
      }
      String op = pend.getString("op");
      Long seq = pend.getLong("seq");
      if (seq != null) {
        Kv.Doc ev = ctx.kv.get(ctx.keys.event(seq));
        if (ev == null) {
          JsonObject evDraft = pend.getObject("ev").put("seq", seq);
          ctx.kv.insert(ctx.keys.event(seq), Docs.eventDoc(Docs.event(evDraft), op, id, evDraft));
          ev = ctx.kv.get(ctx.keys.event(seq));
        }
        if (ev != null && op.equals(ev.obj().getString("op"))) {
          finish(id, d);
          return seq;
        }
      }
      JsonObject cur = d.obj().getObject("cur");
      boolean dropped = cur == null ? ctx.kv.remove(key, d.cas())
          : ctx.kv.replace(key, JsonObject.create().put("id", id).put("cur", cur), d.cas()) != 0;
      if (dropped) {
        return -1;
      }
      d = ctx.kv.get(key);
    }
    return -1;
  }

  /**
   * Step 5 for a committed op (its event exists): timelines, intent, cur := next, old pointer.
   * Idempotent, so a helper may run it for a dead writer while the writer wakes up and runs it
   * too.
   */
  void finish(long id, Kv.Doc d) {
    JsonObject pend = d.obj().getObject("pend");
    String op = pend.getString("op");
    FileRecord next = Docs.file(pend.getObject("next"));
    VersionRecord ver = Docs.version(pend.getObject("ver"));
    String dir = Folders.parent(next.path());
    ctx.logs.append(ctx.keys.timeline(dir), Docs.timeline(id, ver));
    String from = pend.getString("from");
    if (from != null && !Folders.parent(from).equals(dir)) {
      ctx.logs.append(ctx.keys.timeline(Folders.parent(from)),
          Docs.movedOut(id, ver.version(), ver.time()));
    }
    String intent = pend.getString("intent");
    if (intent != null) {
      ctx.kv.remove(intent, pend.getLong("intent_cas")); // false: replaced or gone meanwhile
    }
    ctx.step("indexed");
    String fileKey = ctx.keys.file(id);
    JsonObject done = JsonObject.create().put("id", id).put("cur", pend.getObject("next"));
    long cas = d.cas();
    while (ctx.kv.replace(fileKey, done, cas) == 0) {
      Kv.Doc now = ctx.kv.get(fileKey);
      if (now == null || !isPendOf(now, op)) {
        break; // finished by someone else
      }
      cas = now.cas();
    }
    if (from != null) {
      dropStalePointer(from, id);
    }
  }

  /** Whether the doc's op in flight is the one with this op id. */
  static boolean isPendOf(Kv.Doc d, String op) {
    JsonObject pend = d.obj().getObject("pend");
    return pend != null && op.equals(pend.getString("op"));
  }

  /** Removes p=PATH if it still points at a file that is no longer there. */
  private void dropStalePointer(String path, long id) {
    String key = ctx.keys.pointer(path);
    Kv.Doc ptr = ctx.kv.get(key);
    if (ptr == null || ptr.obj().getLong("id") != id) {
      return;
    }
    Kv.Doc fd = ctx.kv.get(ctx.keys.file(id));
    if (fd != null && fd.obj().getObject("pend") == null) {
      FileRecord cur = Docs.file(fd.obj().getObject("cur"));
      if (cur == null || !cur.path().equals(path)) {
        ctx.kv.remove(key, ptr.cas()); // false: re-claimed meanwhile, keep it
      }
    }
  }
}
