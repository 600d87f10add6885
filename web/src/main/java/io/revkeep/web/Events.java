package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.sse.SseClient;
import io.revkeep.core.model.Event;
import io.revkeep.core.store.EventLog;
import io.revkeep.web.api.ChangeEvent;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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
   * Threads:    the feed client's delivery thread calls publish(); request threads subscribe;
   *             a shared pool ("revkeep-web-sse") sends, at most one task per subscriber at a
   *             time; "revkeep-web-sse-ping" enqueues a comment every PING_SECONDS.
   * State:      subscribers (concurrent set). Each Subscriber has a queue of items and a
   *             "scheduled" flag; only the one task holding the flag sends, so lastSent is
   *             confined to it.
   * Invariants: a subscriber gets events in seq order without gaps or repeats: its queue starts
   *             with a REPLAY item (enqueued before it joins the set, so every live event comes
   *             after it), the replay reads the store after everything published before joining,
   *             and any event with seq <= lastSent is dropped.
   *             A subscriber with more than MAX_PENDING items waiting is closed (its browser
   *             reconnects with Last-Event-ID and replays): a slow reader never slows the others.
   * Shutdown:   close() stops the pinger and the pool and closes every client.
   * Testing:    ApiIT (Last-Event-ID replay, live change), BrowserIT (a change on disk shows).
   */
  private static final Logger LOG = LogManager.getLogger();
  /** Items waiting for one subscriber above which it is cut off. */
  static final int MAX_PENDING = 10_000;
  /** How often an idle stream gets a comment line (keeps proxies and dead-peer detection busy). */
  static final int PING_SECONDS = 15;
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
  private final ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "revkeep-web-sse-ping");
    t.setDaemon(true);
    return t;
  });

  Events(EventLog log) {
    this.log = log;
    pinger.scheduleWithFixedDelay(() -> subscribers.forEach(s -> s.offer(PING)), PING_SECONDS,
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
    for (Subscriber s : subscribers) {
      s.offer(e);
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
    pinger.shutdownNow();
    for (Subscriber s : subscribers) {
      s.client.close();
    }
    subscribers.clear();
    senders.shutdownNow();
    try {
      senders.awaitTermination(5, TimeUnit.SECONDS);
      pinger.awaitTermination(5, TimeUnit.SECONDS);
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
          senders.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          scheduled.set(false); // shutting down
        }
      }
    }

    private void drain() {
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
            replay();
          } else if (item == PING) {
            client.sendComment("ping");
          } else {
            send((Event) item);
          }
        }
      } catch (RuntimeException e) {
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

    private void replay() {
      while (true) {
        List<Event> batch = log.eventsAfter(lastSent, REPLAY_BATCH);
        for (Event e : batch) {
          send(e);
        }
        if (batch.size() < REPLAY_BATCH) {
          return;
        }
      }
    }

    private void send(Event e) {
      if (e.seq() <= lastSent) {
        return;
      }
      client.sendEvent("change", Json.write(ChangeEvent.of(e)), Long.toString(e.seq()));
      lastSent = e.seq();
    }
  }
}
