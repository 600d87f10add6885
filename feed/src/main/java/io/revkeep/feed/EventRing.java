package io.revkeep.feed;

import io.revkeep.core.model.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded ring of the most recently published events, each with its encoded line, so that
 * subscribers that are close to the head read them from memory and the line is encoded once.
 *
 * <p>The ring covers a contiguous range of sequence numbers {@code (base, last]}. {@link #after}
 * answers {@code null} when it cannot prove it holds every event after the asked seq (the caller
 * then reads the {@link io.revkeep.core.store.EventLog}).
 */
final class EventRing {
  /*
   * Threads:    one publisher thread calls append(); any number of event-loop threads call after()
   *             and last(). Every method takes the ring's monitor, so each is one atomic step.
   * State:      entries[] circular, guarded by "this": the newest is at index (head - 1), count
   *             entries, seqs last-count+1 … last. "last" starts at the log's lastSeq when the
   *             server starts, with no entries: the ring then vouches for nothing before it.
   * Invariants: the held seqs are contiguous; after(s) returns exactly the held events with
   *             seq > s (up to limit) in order, or null iff s < last - count (events the ring no
   *             longer or never held). A duplicate append (seq <= last) is refused; a gap
   *             (seq > last + 1) empties the ring and restarts it at seq, so it never lies.
   * Shutdown:   nothing to release.
   * Testing:    EventRingLincheckTest (model checking append vs after) and EventRingTest.
   */

  /** An event and its encoded {@code event} line (shared, never modified). */
  record Entry(Event event, byte[] line) {}

  /** Result of {@link #append}. */
  enum AppendResult {
    /** seq was last + 1. */
    APPENDED,
    /** seq was not greater than last; nothing changed. */
    DUPLICATE,
    /** seq was beyond last + 1; the ring was emptied and restarted at this event. */
    GAP
  }

  // @GuardedBy("this")
  private final Entry[] entries;
  // @GuardedBy("this") index where the next entry goes
  private int head;
  // @GuardedBy("this")
  private int count;
  // @GuardedBy("this") highest seq published (or the log's lastSeq at start)
  private long last;

  EventRing(int capacity, long startAfter) {
    if (capacity < 1) {
      throw new IllegalArgumentException("ring capacity must be >= 1, was " + capacity);
    }
    this.entries = new Entry[capacity];
    this.last = startAfter;
  }

  synchronized AppendResult append(Entry entry) {
    long seq = entry.event().seq();
    if (seq <= last) {
      return AppendResult.DUPLICATE;
    }
    AppendResult result = AppendResult.APPENDED;
    if (seq != last + 1) {
      java.util.Arrays.fill(entries, null);
      count = 0;
      head = 0;
      result = AppendResult.GAP;
    }
    entries[head] = entry;
    head = (head + 1) % entries.length;
    if (count < entries.length) {
      count++;
    }
    last = seq;
    return result;
  }

  /**
   * Up to {@code limit} held entries with {@code seq > after}, ascending; empty when {@code after
   * >= last}; {@code null} when the ring does not hold all of them.
   */
  synchronized List<Entry> after(long after, int limit) {
    if (after >= last) {
      return List.of();
    }
    long first = last - count + 1;
    if (after < first - 1) {
      return null;
    }
    int n = (int) Math.min(limit, last - after);
    List<Entry> out = new ArrayList<>(n);
    // the entry with seq s is at index head - 1 - (last - s)
    int cap = entries.length;
    int index = Math.floorMod(head - (last - after), cap);
    for (int i = 0; i < n; i++) {
      out.add(entries[index]);
      index = index + 1 == cap ? 0 : index + 1;
    }
    return out;
  }

  synchronized long last() {
    return last;
  }
}
