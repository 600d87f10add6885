package io.revkeep.feed;

import io.revkeep.core.model.Event;

/**
 * Receives the events of a {@link FeedClient}, in seq order, one at a time, on the client's
 * delivery thread. It may block (write a backup copy, call {@link FeedClient#fetch} and wait).
 *
 * <p>If it throws, the event counts as not delivered: the client logs it, drops the connection and
 * reconnects (with backoff), asking again from its {@code since}.
 */
@FunctionalInterface
public interface EventHandler {
  void onEvent(Event event) throws Exception;
}
