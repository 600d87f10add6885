package io.revkeep.feed;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.Origin;
import io.revkeep.core.store.EventLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The event log of the tests: an ArrayList under a lock; seq n is at index n - 1. */
final class MemoryEventLog implements EventLog {
  private final List<Event> events = new ArrayList<>(); // @GuardedBy("this")

  /** Appends the next event (seq = size + 1) and returns it, as the recorder would commit it. */
  synchronized Event append() {
    Event e = event(events.size() + 1);
    events.add(e);
    return e;
  }

  static Event event(long seq) {
    return new Event(seq, seq % 7 == 0 ? Action.RENAME : Action.MODIFY, "dir/file-" + seq + ".txt",
        seq % 7 == 0 ? "dir/old-" + seq + ".txt" : null, "host1:/srv/shared/dir/file-" + seq + ".txt",
        (int) (seq % 5) + 1, "%064x".formatted(seq), 100 + seq,
        Instant.parse("2026-11-25T10:00:00.123Z").plusMillis(seq), "alice",
        Origin.values()[(int) (seq % 3)], seq % 4 == 0 ? "cs-" + seq : null);
  }

  @Override
  public synchronized long lastSeq() {
    return events.size();
  }

  @Override
  public synchronized List<Event> eventsAfter(long after, int limit) {
    int from = (int) Math.max(0, after);
    int to = (int) Math.min(events.size(), (long) from + limit);
    return from >= to ? List.of() : new ArrayList<>(events.subList(from, to));
  }
}
