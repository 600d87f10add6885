package io.revkeep.feed;

import io.revkeep.core.model.Event;
import io.revkeep.core.store.EventLog;
import io.revkeep.core.vault.BlobSource;
import io.revkeep.feed.EventRing.Entry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The listener's side of the feed: accepts subscribers over TCP, replays the event log to each
 * from its {@code since}, then streams every published event, and answers blob fetches.
 *
 * <p>Usage: construct, {@link #start()}, call {@link #publish(Event)} from the one recorder thread
 * after each event is committed to the store, {@link #close()} when done.
 */
public final class FeedServer implements AutoCloseable {
  /*
   * Threads:    one boss thread accepts; settings.workerThreads Netty event loops own the
   *             connections; settings.replayThreads "replay" threads do the blocking reads (event
   *             log, blob source); the caller's recorder thread calls publish(). All are created
   *             by start() and joined by close() (ServerThreads).
   * State:      ring (EventRing, its own monitor) holds recent events with their encoded line.
   *             Each connection has one Subscriber, confined to its channel's event loop: its
   *             cursor (last seq written), pending events, fetches (its BlobSender) and stall
   *             timer are touched only there (cursor, acked and state are volatile so
   *             subscribers() can read them). The only cross-thread field of a Subscriber is
   *             wakeScheduled (an AtomicBoolean). The open connections are in a SubscriberSet.
   *             Lifecycle fields are guarded by "lifecycle".
   * Delivery:   signal and pull. publish() appends to the ring and wakes each subscriber: at most
   *             one drain task per subscriber is queued on its event loop (CAS on wakeScheduled).
   *             drain() writes ring.after(cursor) while the channel is writable, then flushes once
   *             (batching); when the ring no longer holds cursor + 1, one replay thread reads the
   *             next batch from the EventLog (LogBatch) and hands it back to the event loop.
   *             Replay and live are the same code path, so the seam cannot gap or duplicate:
   *             every line written is cursor + 1, and the cursor is owned by one thread.
   * Invariants: lines go out in strictly increasing seq, each exactly once per connection
   *             (checked: an event log batch that is not contiguous closes the connection, unless
   *             every seq it skips is a hole the log declares — EventLog.isHole; a log that has
   *             nothing yet after the cursor while the ring is ahead is asked again after
   *             Subscriber.LOG_RETRY, as a Couchbase writer may be between taking a seq and
   *             writing it).
   *             publish() never blocks on a subscriber (ring monitor + one CAS per subscriber).
   *             A subscriber over settings.outboundLimitBytes is not written to (Netty water
   *             marks: the limit is high, half of it low); one that stays over it for
   *             settings.stallTimeout is closed. Memory per subscriber: its outbound buffer (may
   *             overshoot the limit by one coalesced buffer, 16 KiB) plus at most one batch of
   *             pending events and one blob chunk.
   * Bad input:  a line over maxLineBytes (LineBasedFrameDecoder, failFast), invalid JSON, an
   *             unknown or client-illegal op, anything but hello first, a second hello, a wrong
   *             token: that connection only is closed, with one log line and no stack trace
   *             (FeedLineHandler).
   * Heartbeat:  IdleStateHandler: a ping after heartbeatInterval without writing (so at least
   *             every interval on a quiet feed; events count as signs of life too); close after
   *             idleTimeout without reading a complete line (the handler follows the line
   *             decoder: bytes trickled without a line end do not count).
   * Strangers:  a connection must say a valid hello within settings.helloTimeout, and at most
   *             settings.maxUnauthenticated connections wait for theirs at once (one more is
   *             closed as it opens): a crowd that never authenticates costs bounded memory and
   *             time (Subscriber, SubscriberSet). With settings.tls the feed speaks TLS only
   *             (an SslHandler first in each pipeline; ServerThreads).
   * Shutdown:   close() stops accepting, closes every connection and waits for it, then stops the
   *             replay threads and the event loops and waits for them (bounded).
   * Testing:    FeedServerIT (replay, bad input, stalls, heartbeats, 10,000 connect cycles),
   *             FeedFanOutIT (1,000 subscribers), FeedClientIT (fetch, restart, stuck handler),
   *             EventRingLincheckTest (model checking of the ring), LogBatchTest (holes),
   *             UnauthenticatedFloodIT (connections that never say hello), FeedTlsIT.
   */

  private static final Logger LOG = LogManager.getLogger(FeedServer.class);

  /** How long close() waits for each group of threads. */
  static final Duration SHUTDOWN = Duration.ofMillis(5_000);
  /** A blob hash: SHA-256, lower-case hex. */
  static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private final FeedServerSettings settings;
  private final EventLog log;
  private final BlobSource blobs;
  private final byte[] token;
  private final SubscriberSet connections = new SubscriberSet();
  private final AtomicLong ids = new AtomicLong();

  private final Object lifecycle = new Object();
  // @GuardedBy("lifecycle")
  private boolean started;
  // @GuardedBy("lifecycle")
  private ServerThreads threads;
  // written once in start() under "lifecycle", then read by any thread
  private volatile EventRing ring;
  private volatile boolean closed;
  private volatile int port = -1;

  public FeedServer(FeedServerSettings settings, EventLog log, BlobSource blobs) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.log = Objects.requireNonNull(log, "log");
    this.blobs = Objects.requireNonNull(blobs, "blobs");
    this.token = settings.token().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Binds and starts accepting subscribers. Events published from now on are served from memory;
   * everything up to the log's current {@code lastSeq()} is replayed from the log.
   *
   * @throws IOException when the address cannot be bound (the message names it)
   * @throws IllegalStateException when called twice or after close()
   */
  public void start() throws IOException {
    synchronized (lifecycle) {
      if (started || closed) {
        throw new IllegalStateException("feed server: start() called twice or after close()");
      }
      started = true;
      EventRing r = new EventRing(settings.ringSize(), log.lastSeq());
      ring = r;
      ServerThreads t = new ServerThreads(settings);
      Subscriber.Shared shared = new Subscriber.Shared(settings, log, blobs, token, r,
          t.replay(), connections);
      t.listen(ch -> new Subscriber(ids.incrementAndGet(), ch, shared));
      threads = t;
      port = t.port();
      LOG.info("feed listening on {}:{}{} (last seq {})", settings.bindAddress(), port,
          settings.usesTls() ? " with TLS" : "", r.last());
      if (!settings.usesTls() && !loopback(settings.bindAddress())) {
        LOG.warn("feed on {} without [tls]: the feed token and every event cross the network in"
            + " clear; set [tls] cert and key, or firewall the feed port", settings.bindAddress());
      }
    }
  }

  private static boolean loopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** The bound port (useful with port 0); -1 before {@link #start()}. */
  public int port() {
    return port;
  }

  /**
   * Hands out an event that has been committed to the store. Called by one thread, in seq order;
   * never blocks on a subscriber. A seq that was already published is ignored (logged); a jump
   * forward is accepted (subscribers read the missing ones from the event log).
   *
   * @throws IllegalStateException before start()
   */
  public void publish(Event event) {
    Objects.requireNonNull(event, "event");
    EventRing r = ring;
    if (r == null) {
      throw new IllegalStateException("feed server: publish() before start()");
    }
    if (closed) {
      return;
    }
    byte[] line = FeedCodec.encodeEvent(event);
    if (line.length - 1 > settings.maxLineBytes()) {
      LOG.error("event {} encodes to {} bytes, over the {}-byte line limit; clients will refuse it",
          event.seq(), line.length - 1, settings.maxLineBytes());
    }
    long before = r.last();
    switch (r.append(new Entry(event, line))) {
      case DUPLICATE:
        LOG.warn("publish: event {} ignored, {} was already published", event.seq(), before);
        return;
      case GAP:
        LOG.warn("publish: seq jumped from {} to {}; subscribers read the gap from the event log",
            before, event.seq());
        break;
      default:
        break;
    }
    connections.wakeAll();
  }

  /** A snapshot of every open connection. */
  public List<SubscriberInfo> subscribers() {
    EventRing r = ring;
    return connections.snapshot(r == null ? 0 : r.last());
  }

  /** Closes every connection, stops accepting, and stops and joins every thread it started. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      if (threads != null) {
        threads.stopAccepting(SHUTDOWN);
      }
      connections.closeAll(SHUTDOWN.toMillis());
      if (threads != null) {
        threads.shutdown(SHUTDOWN);
      }
      LOG.info("feed server on port {} closed", port);
    }
  }
}
