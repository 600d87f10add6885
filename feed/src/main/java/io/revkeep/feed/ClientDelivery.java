package io.revkeep.feed;

import io.revkeep.core.model.Event;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Hands the events a {@link FeedClient} receives to its {@link EventHandler}: one at a time, in
 * strictly increasing seq, each at most once; and counts how many wait, so that the connection
 * stops reading while the handler is behind.
 */
final class ClientDelivery {
  /*
   * Threads:    handOver() and queueOne() run on the connection's event loop; deliver() on the
   *             delivery "thread" (a SerialExecutor: never two at once, even on a shared pool).
   * State:      lastDelivered and failedGeneration are written only on the delivery thread
   *             (volatile for readers); queued (atomic) counts events handed over and not yet
   *             handled.
   * Invariants: delivery drops any seq <= lastDelivered (a replay after reconnect). An event
   *             whose handler threw is not delivered: the rest of that connection (generation)
   *             is dropped and the connection closed, so a new one asks again. Above HIGH_WATER
   *             waiting events the connection stops reading; when the count comes down to
   *             LOW_WATER it reads again and a reconnect held back for the backlog goes ahead.
   */

  private static final Logger LOG = LogManager.getLogger(FeedClient.class);
  /** Events waiting for the handler above which the client stops reading the socket. */
  static final int HIGH_WATER = 4096;
  /** ... and at which it reads again. */
  static final int LOW_WATER = 1024;

  private final Object client;
  private final EventHandler handler;
  private final Executor executor;
  private final BooleanSupplier closed;
  private final Supplier<ClientSession> session;
  private final Runnable backlogDown;
  private final AtomicInteger queued = new AtomicInteger();
  // written on the delivery thread only
  private volatile long lastDelivered;
  private volatile long failedGeneration;

  /**
   * @param client names the client in log lines
   * @param executor runs one task at a time, in order
   * @param startAfter the seq before the first one to deliver
   * @param closed whether the client is closed (nothing is delivered then)
   * @param session the client's current connection, or null
   * @param backlogDown told when the backlog is down to LOW_WATER
   */
  ClientDelivery(Object client, EventHandler handler, Executor executor, long startAfter,
      BooleanSupplier closed, Supplier<ClientSession> session, Runnable backlogDown) {
    this.client = client;
    this.handler = handler;
    this.executor = executor;
    this.lastDelivered = startAfter;
    this.closed = closed;
    this.session = session;
    this.backlogDown = backlogDown;
  }

  /** The seq of the last event the handler returned from. */
  long lastDelivered() {
    return lastDelivered;
  }

  /** One more event is on its way to the handler; true when reading should pause. */
  boolean queueOne() {
    return queued.incrementAndGet() > HIGH_WATER;
  }

  /** Whether a new connection should wait for the handler. */
  boolean backlogged() {
    return queued.get() > LOW_WATER;
  }

  /** Hands one read burst of events (already counted by queueOne) to the delivery thread. */
  void handOver(long generation, List<Event> events) {
    try {
      executor.execute(() -> {
        for (Event event : events) {
          deliver(generation, event);
        }
      });
    } catch (RejectedExecutionException e) {
      queued.addAndGet(-events.size()); // closing
    }
  }

  private void deliver(long generation, Event event) {
    try {
      if (closed.getAsBoolean() || generation <= failedGeneration
          || event.seq() <= lastDelivered) {
        return;
      }
      try {
        handler.onEvent(event);
        lastDelivered = event.seq();
      } catch (Exception e) {
        LOG.warn("{}: handler failed on event {} ({}); reconnecting to get it again",
            client, event.seq(), e.toString());
        failedGeneration = generation;
        ClientSession s = session.get();
        if (s != null && s.generation == generation) {
          s.ch.close();
        }
      }
    } finally {
      if (queued.decrementAndGet() == LOW_WATER) {
        ClientSession s = session.get();
        if (s != null) {
          s.ch.eventLoop().execute(() -> s.ch.config().setAutoRead(true));
        }
        backlogDown.run();
      }
    }
  }
}
