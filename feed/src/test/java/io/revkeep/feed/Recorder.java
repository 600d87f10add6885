package io.revkeep.feed;

import io.revkeep.core.model.Event;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongFunction;

/**
 * The handler of a test client: checks that events arrive gap-free, without duplicates and never
 * concurrently, and counts them.
 */
final class Recorder implements EventHandler {
  private final AtomicInteger inside = new AtomicInteger();
  final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
  private volatile long last;
  private volatile long count;
  private volatile long first = -1;
  private final LongFunction<Event> expected;

  Recorder(long since) {
    this(since, MemoryEventLog::event);
  }

  /** @param expected the event that was published with each seq */
  Recorder(long since, LongFunction<Event> expected) {
    this.last = since;
    this.expected = expected;
  }

  @Override
  public void onEvent(Event event) {
    if (inside.incrementAndGet() != 1) {
      problems.add("handler ran concurrently at " + event.seq());
    }
    if (event.seq() != last + 1) {
      problems.add("got " + event.seq() + " after " + last);
    }
    // the whole event now and then (formatting 4 million of them would dominate the fan-out test)
    if (event.seq() % 97 == 0 ? !event.equals(expected.apply(event.seq()))
        : !event.name().equals("dir/file-" + event.seq() + ".txt")) {
      problems.add("event " + event.seq() + " differs: " + event);
    }
    if (first < 0) {
      first = event.seq();
    }
    last = event.seq();
    count++;
    inside.decrementAndGet();
  }

  long last() {
    return last;
  }

  long count() {
    return count;
  }
}
