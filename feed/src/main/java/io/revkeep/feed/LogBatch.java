package io.revkeep.feed;

import io.revkeep.core.model.Event;
import io.revkeep.core.store.EventLog;
import io.revkeep.feed.EventRing.Entry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One batch of the event log after a connection's cursor, read for a subscriber that the ring
 * cannot serve: the events with their encoded lines, the seqs the log declares holes among those
 * the batch skips, or the failure. Read on a replay thread (the store may block), checked on the
 * connection's event loop ({@link #discontinuity()}). Immutable once read.
 *
 * @param after the cursor the batch follows
 * @param entries the events read, ascending, each with its line; empty on failure
 * @param holes seqs skipped by the batch that the log declares holes (no event will have them)
 * @param failure why the log could not be read, or null
 */
record LogBatch(long after, List<Entry> entries, Set<Long> holes, RuntimeException failure) {

  /** Events read from the event log per query. */
  static final int SIZE = 512;
  /** The most seqs of one jump in the event log checked for being declared holes. */
  static final int MAX_HOLES = 10_000;

  /** Reads up to {@link #SIZE} events after {@code after}; blocking, never throws. */
  static LogBatch read(EventLog log, long after) {
    Set<Long> holes = new HashSet<>();
    try {
      List<Event> events = log.eventsAfter(after, SIZE);
      List<Entry> entries = new ArrayList<>(events.size());
      long expect = after + 1;
      for (Event ev : events) {
        // a jump is accepted only over seqs the log declares holes (asked here, on the replay
        // thread, because asking the store may block)
        for (long s = expect; s < ev.seq() && s - expect < MAX_HOLES; s++) {
          if (log.isHole(s)) {
            holes.add(s);
          }
        }
        expect = ev.seq() + 1;
        entries.add(new Entry(ev, FeedCodec.encodeEvent(ev)));
      }
      return new LogBatch(after, entries, holes, null);
    } catch (RuntimeException e) {
      return new LogBatch(after, List.of(), holes, e);
    }
  }

  /**
   * Why the batch cannot follow {@code after} seamlessly: the first event that is not the next
   * seq, unless every seq it skips is a declared hole; empty when the batch is contiguous.
   */
  Optional<String> discontinuity() {
    long expect = after + 1;
    for (Entry e : entries) {
      while (expect < e.event().seq() && holes.contains(expect)) {
        expect++; // a declared hole: no event will ever have this seq
      }
      if (e.event().seq() != expect) {
        return Optional.of("event log returned seq " + e.event().seq() + " where " + expect
            + " was expected");
      }
      expect++;
    }
    return Optional.empty();
  }
}
