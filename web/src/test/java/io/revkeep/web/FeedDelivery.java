package io.revkeep.web;

import io.revkeep.core.model.Event;
import io.revkeep.core.store.Store;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** What the web's feed does in the tests of its kept listings and times: deliver every event. */
final class FeedDelivery {
  private FeedDelivery() {}

  /**
   * Hands {@code changes} every event {@code store} recorded after {@code heard}, in order, and
   * moves {@code heard} (the web's last heard seq) along.
   */
  static void hearAll(Store store, FolderChanges changes, AtomicLong heard) {
    while (true) {
      List<Event> events = store.eventsAfter(heard.get(), 1000);
      if (events.isEmpty()) {
        return;
      }
      for (Event e : events) {
        changes.heard(e);
        heard.set(e.seq());
      }
    }
  }
}
