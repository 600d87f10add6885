package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.sse.SseClient;
import io.revkeep.core.model.Event;
import io.revkeep.core.store.EventLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code GET /api/events}: server-sent events, one {@code change} event per store event (its data
 * a {@link ChangeEvent}), with {@code id} = seq. A browser that reconnects sends
 * {@code Last-Event-ID} and gets every later event from the store first (a first connection may
 * ask with {@code ?since=N}); then live events as the web's feed subscription delivers them.
 */
final class Events implements AutoCloseable {
  /*
   * Threads:    the feed client's delivery thread calls publish(), which encodes the event once
   *             (EventFrame); request threads subscribe; "revkeep-web-sse-timer" enqueues a ping
   *             every PING_SECONDS and starts a subscriber's send LINGER after an item reaches
   *             its empty queue; a shared pool ("revkeep-web-sse") sends, at most one task per
   *             subscriber at a time, everything waiting in one write and one flush (at most
   *             MAX_WRITE bytes each).
   * State:      subscribers (concurrent set). Each Subscriber has a queue of items and a
   *             "scheduled" flag; only the one task holding the flag sends, so lastSent and the
   *             task's write buffer are confined to it.
   * Invariants: a subscriber gets events in seq order without gaps or repeats: its queue starts
   *             with a REPLAY item (enqueued before it joins the set, so every live event comes
   *             after it), the replay reads the store after everything published before joining,
   *             and any event with seq <= lastSent is dropped.
   *             A subscriber with more than MAX_PENDING items waiting is closed (its browser
   *             reconnects with Last-Event-ID and replays): a slow reader never slows the others,
   *             and a silent one holds only its own send (blocked at most HttpLimits.BLOCKED_IO).
   *             An idle stream holds no thread.
   * Why batches: a write and a flush per event and stream (Javalin's SseClient.sendEvent, which
   *             also wraps every event's data in three buffered readers) with the JSON encoded
   *             per stream kept one sender thread per stream runnable through a burst (200
   *             streams, 20,000 changes: 4 million writes), and on two CPUs the requests of
   *             everyone else waited behind them (bench/soak).
   * Shutdown:   close() stops the timer and the pool and closes every client.
   * Testing:    EventsIT (order across replay and batches, a silent stream beside a live one),
   *             ApiIT (Last-Event-ID replay, live change), BrowserIT (a change on disk shows).
   */
  private static final Logger LOG = LogManager.getLogger();
  /** Items waiting for one subscriber above which it is cut off. */
  static final int MAX_PENDING = 10_000;
  /** How often an idle stream gets a comment line (keeps proxies and dead-peer detection busy). */
  static final int PING_SECONDS = 15;
  /**
   * How long a subscriber's first waiting item waits for others to share its write: at most one
   * write per stream per LINGER however fast changes come, a delay no reader of a page sees.
   */
  static final Duration LINGER = Duration.ofMillis(20);
  /** The most bytes written to a stream at once (then flushed before the next). */
  static final int MAX_WRITE = 64 * 1024;
  /** Events read from the store per replay query. */
  private static final int REPLAY_BATCH = 500;
  private static final Object REPLAY = new Object();
  private static final Object PING = new Object();

  private final EventLog log;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final ExecutorService senders = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "revkeep-web-sse");
    t.setDaemon(true);
    return t;
  });
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "revkeep-web-sse-timer");
    t.setDaemon(true);
    return t;
  });

  Events(EventLog log) {
    this.log = log;
    timer.scheduleWithFixedDelay(() -> subscribers.forEach(s -> s.offer(PING)), PING_SECONDS,
        PING_SECONDS, TimeUnit.SECONDS);
  }

  void register(RoutesConfig routes) {
    routes.sse("/api/events", this::subscribe);
  }

  int subscribers() {
    return subscribers.size();
  }

  private void subscribe(SseClient client) {
    long since = parse(client.ctx().header("Last-Event-ID"));
    if (since < 0) {
      since = parse(client.ctx().queryParam("since"));
    }
    if (since < 0) {
      since = log.lastSeq();
    }
    Subscriber s = new Subscriber(client, since);
    client.keepAlive();
    client.onClose(() -> subscribers.remove(s));
    s.offer(PING); // a first line at once: the browser's EventSource opens
    s.offer(REPLAY);
    subscribers.add(s);
  }

  /** Hands an event to every subscriber (the feed's delivery thread). */
  void publish(Event e) {
    if (subscribers.isEmpty()) {
      return;
    }
    EventFrame frame = EventFrame.of(e);
    for (Subscriber s : subscribers) {
      s.offer(frame);
    }
  }

  private static long parse(String s) {
    if (s == null || s.isBlank()) {
      return -1;
    }
    try {
      return Math.max(0, Long.parseLong(s.trim()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    for (Subscriber s : subscribers) {
      s.client.close();
    }
    subscribers.clear();
    senders.shutdownNow();
    try {
      senders.awaitTermination(5, TimeUnit.SECONDS);
      timer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Subscriber {
    final SseClient client;
    final Queue<Object> queue = new ConcurrentLinkedQueue<>();
    final AtomicInteger pending = new AtomicInteger();
    final AtomicBoolean scheduled = new AtomicBoolean();
    long lastSent; // confined to the task holding "scheduled"

    Subscriber(SseClient client, long since) {
      this.client = client;
      this.lastSent = since;
    }

    void offer(Object item) {
      if (pending.incrementAndGet() > MAX_PENDING) {
        LOG.info("closing a slow event stream ({} items waiting); it will replay", MAX_PENDING);
        subscribers.remove(this);
        client.close();
        return;
      }
      queue.add(item);
      schedule();
    }

    private void schedule() {
      if (scheduled.compareAndSet(false, true)) {
        try {
          timer.schedule(this::startSending, LINGER.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
          scheduled.set(false); // shutting down
        }
      }
    }

    private void startSending() {
      try {
        senders.execute(this::drain);
      } catch (RejectedExecutionException e) {
        scheduled.set(false); // shutting down
      }
    }

    private void drain() {
      // the task's own buffer: an idle stream keeps none
      ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
      try {
        Object item;
        while ((item = queue.poll()) != null) {
          pending.decrementAndGet();
          if (client.terminated()) {
            subscribers.remove(this);
            queue.clear();
            return;
          }
          if (item == REPLAY) {
            replay(out);
          } else if (item == PING) {
            out.writeBytes(EventFrame.PING);
          } else {
            add((EventFrame) item, out);
          }
          if (out.size() >= MAX_WRITE) {
            write(out);
          }
        }
        write(out);
      } catch (IOException | RuntimeException e) {
        LOG.debug("event stream failed: {}", e.toString());
        subscribers.remove(this);
        client.close();
        return;
      } finally {
        scheduled.set(false);
      }
      if (!queue.isEmpty()) {
        schedule();
      }
    }

    private void replay(ByteArrayOutputStream out) throws IOException {
      while (true) {
        List<Event> batch = log.eventsAfter(lastSent, REPLAY_BATCH);
        for (Event e : batch) {
          add(EventFrame.of(e), out);
          if (out.size() >= MAX_WRITE) {
            write(out);
          }
        }
        if (batch.size() < REPLAY_BATCH) {
          return;
        }
      }
    }

    private void add(EventFrame frame, ByteArrayOutputStream out) {
      if (frame.seq() > lastSent) {
        out.writeBytes(frame.bytes());
        lastSent = frame.seq();
      }
    }

    /** Writes and flushes what the buffer holds (the response's own stream, as Javalin's). */
    private void write(ByteArrayOutputStream out) throws IOException {
      if (out.size() == 0) {
        return;
      }
      out.writeTo(client.ctx().res().getOutputStream());
      client.ctx().res().flushBuffer();
      out.reset();
    }
  }
}
