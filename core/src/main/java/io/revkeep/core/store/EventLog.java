package io.revkeep.core.store;

import io.revkeep.core.model.Event;
import java.util.List;

/**
 * The ordered event log, as the feed needs it for replay. Thread-safe.
 *
 * <p>Seqs are gap-free, with one exception a store without multi-document transactions cannot
 * avoid: a seq handed out to a writer that died before it wrote its event. Such a store declares
 * the seq a hole (after a bounded wait) and {@link #isHole} says so; {@link #eventsAfter} skips
 * it. SQLite assigns the seq in the recording transaction and never makes one. A store rebuilt
 * from a backup ({@link HistoryImport}) keeps the seqs of the original, so it declares holes
 * where the original had no event, whichever kind of store it is.
 */
public interface EventLog {

  /** The highest sequence number recorded, 0 when the log is empty. */
  long lastSeq();

  /** Up to {@code limit} events with {@code seq > after}, in ascending {@code seq} order. */
  List<Event> eventsAfter(long after, int limit);

  /**
   * Whether no event will ever exist at this seq (see the class comment). A reader that finds
   * a jump in {@link #eventsAfter} accepts it only over declared holes.
   */
  default boolean isHole(long seq) {
    return false;
  }
}
