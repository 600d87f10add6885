package io.revkeep.core.store;

import io.revkeep.core.model.Event;
import java.util.List;

/** The ordered, gap-free event log, as the feed needs it for replay. Thread-safe. */
public interface EventLog {

  /** The highest sequence number recorded, 0 when the log is empty. */
  long lastSeq();

  /** Up to {@code limit} events with {@code seq > after}, in ascending {@code seq} order. */
  List<Event> eventsAfter(long after, int limit);
}
