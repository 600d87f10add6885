package io.revkeep.web.api;

import io.revkeep.core.model.Event;
import java.time.Instant;

/**
 * The data of one {@code change} event on {@code GET /api/events}: a store event as the pages
 * read it.
 *
 * @param action the event's action by name (CREATE, MODIFY, RENAME, DELETE…)
 * @param name the path relative to the shared root
 * @param from the previous path of a RENAME, else null
 * @param hash null for a DELETE
 */
public record ChangeEvent(long seq, String action, String name, String from, int version,
    String hash, long size, Instant time, String user) {

  /** The event as sent (its feed-only location left out). */
  public static ChangeEvent of(Event e) {
    return new ChangeEvent(e.seq(), e.action().name(), e.name(), e.from(), e.version(),
        e.hash(), e.size(), e.time(), e.user());
  }
}
