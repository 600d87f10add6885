package io.revkeep.bench;

import io.revkeep.core.model.Event;
import io.revkeep.core.store.EventLog;
import java.util.ArrayList;
import java.util.List;

/**
 * An event log in memory, numbered from {@code base + 1}: what the fan-out bench's feed server
 * replays from when a subscriber falls out of its ring, without a store's cost in the figures.
 */
final class MemoryEventLog implements EventLog {
  /*
   * Threads: the publisher appends; the feed server's event loops read (lastSeq, eventsAfter)
   * when a subscriber replays. One monitor guards the list, so a reader sees a prefix of what was
   * appended, and lastSeq() never runs ahead of what eventsAfter() can return. Nothing to close.
   */
  private final long base;
  private final List<Event> events = new ArrayList<>();

  MemoryEventLog(long base) {
    this.base = base;
  }

  synchronized void append(Event e) {
    events.add(e);
  }

  @Override
  public synchronized long lastSeq() {
    return base + events.size();
  }

  @Override
  public synchronized List<Event> eventsAfter(long after, int limit) {
    int from = (int) Math.max(0, after - base);
    int to = Math.min(events.size(), from + limit);
    return from >= to ? List.of() : List.copyOf(events.subList(from, to));
  }
}
