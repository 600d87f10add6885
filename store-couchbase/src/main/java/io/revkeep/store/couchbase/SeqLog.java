package io.revkeep.store.couchbase;

import com.couchbase.client.java.json.JsonObject;
import io.revkeep.core.model.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The event log of a {@link CouchbaseStore}: one document e:SEQ per seq the counter handed out,
 * read in order ({@link #lastSeq}, {@link #eventsAfter}), with the seqs whose writer died
 * declared holes so that no reader waits for them for ever.
 */
final class SeqLog {
  /*
   * Event seqs: handed out by the counter only after step 2 of the commit protocol (Commit)
   *             succeeded, so in normal operation (including CAS contention) every seq gets its
   *             event and the log is gap-free. A seq whose event doc has not appeared after
   *             holeAfter (60 s, longer than staleAfter so that a dead writer's noted seq is
   *             committed first when its file is touched) is filled with {hole: true} by
   *             insert-if-absent: its writer died between the increment and noting the seq, or
   *             its op was never settled. Every reader then agrees; eventsAfter skips it and
   *             lastSeq passes it. That seq then has no event: the one case where the log has a
   *             gap (see the README); isHole(S) says so, and the FeedServer skips only such
   *             declared holes (CouchbaseFeedHoleIT). lastSeq() is the highest S such that
   *             e:1..e:S all exist (events or holes), so it never runs ahead of file records;
   *             eventsAfter stops at the first missing seq younger than holeAfter, so no reader
   *             waits longer than that.
   * Threads:    any caller thread. State: mark (a seq up to which every event doc exists, -1
   *             until read from the seqmark hint doc), markWritten (the mark last written to
   *             that hint), holesSeen (when this process first missed an event doc, by seq).
   *             All three are caches: losing them costs reads, never correctness; concurrent
   *             callers only ever move mark forward (accumulateAndGet with max).
   * Hole ages:  measured in this process with System.nanoTime: elapsed time, not a wall-clock
   *             reading, so a step of the host's clock can neither hurry nor delay a hole.
   */

  /** Logs as the store: its parts are not the user's concern. */
  private static final Logger LOG = LogManager.getLogger(CouchbaseStore.class);

  /** Event docs read per batch when scanning the log. */
  static final int EVENT_BATCH = 256;
  /** The hint doc seqmark is rewritten when the mark moved this far since the last write. */
  static final long MARK_WRITE_EVERY = 256;

  private final StoreContext ctx;
  private final Map<Long, Long> holesSeen = new ConcurrentHashMap<>();
  private final AtomicLong mark = new AtomicLong(-1); // -1: not read from seqmark yet
  private final AtomicLong markWritten = new AtomicLong();

  SeqLog(StoreContext ctx) {
    this.ctx = ctx;
  }

  long lastSeq() {
    long m = mark.get();
    if (m < 0) {
      Kv.Doc hint = ctx.kv.get(ctx.keys.seqMark());
      m = hint == null ? 0 : hint.obj().getLong("w");
    }
    long handedOut = ctx.kv.counter(ctx.keys.seqCounter());
    scan:
    while (m < handedOut) {
      int n = (int) Math.min(EVENT_BATCH, handedOut - m);
      List<Kv.Doc> docs = readAfter(m, n);
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
      // a hint; any true mark does
      ctx.kv.upsert(ctx.keys.seqMark(), JsonObject.create().put("w", seen));
    }
    return seen;
  }

  List<Event> eventsAfter(long after, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    long handedOut = ctx.kv.counter(ctx.keys.seqCounter());
    List<Event> out = new ArrayList<>();
    long s = Math.max(0, after);
    while (out.size() < limit && s < handedOut) {
      int n = (int) Math.min(EVENT_BATCH, handedOut - s);
      List<Kv.Doc> docs = readAfter(s, n);
      for (int i = 0; i < n && out.size() < limit; i++) {
        Kv.Doc d = docs.get(i);
        if (d == null) {
          d = arrivedOrFilled(s + 1);
          if (d == null) {
            return out; // a writer is still at it: the caller asks again
          }
        }
        if (!Docs.isHole(d.obj())) {
          out.add(Docs.event(d.obj()));
        }
        s++;
      }
    }
    return out;
  }

  boolean isHole(long seq) {
    Kv.Doc d = ctx.kv.get(ctx.keys.event(seq));
    return d != null && Docs.isHole(d.obj());
  }

  /** Makes a seq whose owner gave it up a hole at once. */
  void giveUp(long seq) {
    ctx.kv.insert(ctx.keys.event(seq), Docs.hole());
  }

  /** The event docs of seqs after+1 .. after+n, in order (null where absent). */
  private List<Kv.Doc> readAfter(long after, int n) {
    List<String> eventKeys = new ArrayList<>(n);
    for (int i = 1; i <= n; i++) {
      eventKeys.add(ctx.keys.event(after + i));
    }
    return ctx.kv.getAll(eventKeys);
  }

  /**
   * The doc of a seq that was handed out but whose event is missing: the event if it arrived
   * meanwhile, a hole marker once it has been missing for holeAfter (ours or another
   * reader's), else null (wait).
   */
  private Kv.Doc arrivedOrFilled(long seq) {
    Kv.Doc d = ctx.kv.get(ctx.keys.event(seq));
    if (d != null) {
      holesSeen.remove(seq);
      return d;
    }
    long now = System.nanoTime();
    long first = holesSeen.computeIfAbsent(seq, k -> now);
    if (now - first < ctx.tuning.holeAfter().toNanos()) {
      return null;
    }
    if (ctx.kv.insert(ctx.keys.event(seq), Docs.hole()) != 0) {
      LOG.warn("{}: event {} was handed out but never written (its writer died?); marked as"
          + " a hole after {} ms", ctx.description, seq, ctx.tuning.holeAfter().toMillis());
    }
    holesSeen.remove(seq);
    return ctx.kv.get(ctx.keys.event(seq));
  }
}
