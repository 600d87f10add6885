package io.revkeep.feed;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import io.revkeep.core.store.EventLog;
import io.revkeep.core.vault.BlobSource;
import io.revkeep.feed.EventRing.Entry;
import io.revkeep.feed.SubscriberInfo.State;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One connection of a {@link FeedServer}: the handshake, then every event after the client's
 * {@code since} in seq order (from the ring, or from the event log when the ring no longer holds
 * the next one), acks, and fetches (answered by its {@link BlobSender}).
 */
final class Subscriber extends FeedLineHandler {
  /*
   * Threads:    confined to the channel's event loop, except wake() (any thread, the publisher's
   *             above all) and the volatile fields read by FeedServer.subscribers().
   * State:      HANDSHAKE → (hello) REPLAYING ⇄ LIVE, ⇄ STALLED while the outbound buffer is over
   *             the limit, → CLOSED. In HANDSHAKE the connection holds one of the server's
   *             unauthenticated slots (SubscriberSet.admitUnauthenticated; holdsSlot, given back
   *             exactly once, at the hello or the close) and a helloDeadline timer that closes it
   *             when no valid hello came within settings.helloTimeout; both event-loop-owned.
   *             cursor is the last seq written; pending the events taken from the ring or the
   *             log but not yet written; logReadInFlight and stallCheck are event-loop-owned.
   *             wakeScheduled (CAS) keeps at most one drain task queued.
   * Invariants: every line written is cursor + 1 (or follows holes the log declared: LogBatch),
   *             written by this one thread, so replay and live cannot gap or duplicate.
   * Shutdown:   channelInactive clears what is pending, cancels the stall timer and the blob in
   *             progress, and leaves the SubscriberSet.
   */

  private static final Logger LOG = LogManager.getLogger(FeedServer.class);

  /** How soon the log is asked again when the ring is ahead of what it returns. */
  private static final Duration LOG_RETRY = Duration.ofMillis(200);
  /** Events written in one drain pass before the event loop serves other connections. */
  private static final int DRAIN_BATCH = 256;
  /** Event lines gathered into one buffer before it is handed to the channel. */
  private static final int COALESCE_BYTES = 16 * 1024;

  /** What every connection of one server run shares; fixed when the server starts. */
  record Shared(FeedServerSettings settings, EventLog log, BlobSource blobs, byte[] token,
      EventRing ring, Executor replay, SubscriberSet connections) {}

  final long id;
  final String remote;
  private final Channel ch;
  private final Shared shared;
  private final FeedServerSettings settings;
  private final EventRing ring;
  private final BlobSender blobs;
  private final AtomicBoolean wakeScheduled = new AtomicBoolean();
  // written on the event loop only; volatile for FeedServer.subscribers()
  volatile State state = State.HANDSHAKE;
  volatile long cursor;
  volatile long acked;
  // event-loop-owned
  private final ArrayDeque<Entry> pending = new ArrayDeque<>();
  private boolean logReadInFlight;
  private long stallEpoch;
  private ScheduledFuture<?> stallCheck;
  private boolean holdsSlot;
  private ScheduledFuture<?> helloDeadline;

  Subscriber(long id, Channel ch, Shared shared) {
    super(LOG, shared.settings().maxLineBytes(), shared.settings().idleTimeout());
    this.id = id;
    this.ch = ch;
    this.shared = shared;
    this.settings = shared.settings();
    this.ring = shared.ring();
    this.blobs = new BlobSender(ch, shared.blobs(), shared.replay(), this);
    SocketAddress a = ch.remoteAddress();
    this.remote = a instanceof InetSocketAddress i ? i.getHostString() + ":" + i.getPort() : String.valueOf(a);
  }

  @Override
  public String toString() {
    return "feed subscriber " + id + " (" + remote + ")";
  }

  // ---- lifecycle ----

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    if (!shared.connections().add(this, ch)) {
      ctx.close(); // the server is closing
      return;
    }
    if (!shared.connections().admitUnauthenticated(settings.maxUnauthenticated())) {
      LOG.debug("{}: too many connections waiting for their hello; closing", this);
      ctx.close();
      return;
    }
    holdsSlot = true;
    helloDeadline = ch.eventLoop().schedule(() -> {
      if (state == State.HANDSHAKE && ch.isActive()) {
        LOG.debug("{}: no hello within {} ms; closing", this, settings.helloTimeout().toMillis());
        ch.close();
      }
    }, settings.helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
    LOG.debug("{} connected", this);
    ctx.fireChannelActive();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    state = State.CLOSED;
    shared.connections().remove(this);
    pending.clear();
    authenticatedOrGone();
    if (stallCheck != null) {
      stallCheck.cancel(false);
    }
    blobs.cancel();
    LOG.debug("{} disconnected at seq {}", this, cursor);
    ctx.fireChannelInactive();
  }

  /** Gives back the unauthenticated slot and stops the hello deadline (once). */
  private void authenticatedOrGone() {
    if (holdsSlot) {
      holdsSlot = false;
      shared.connections().releaseUnauthenticated(settings.maxUnauthenticated());
    }
    if (helloDeadline != null) {
      helloDeadline.cancel(false);
      helloDeadline = null;
    }
  }

  /** A peer that fails the TLS handshake is one line at info: it is the peer's problem. */
  @Override
  void tlsFailed(String why) {
    LOG.info("{}: {}; closing", this, why);
  }

  @Override
  boolean pingsWhenQuiet() {
    return state != State.HANDSHAKE;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ch.isWritable()) {
      stallEpoch++;
      if (stallCheck != null) {
        stallCheck.cancel(false);
        stallCheck = null;
      }
      if (state == State.STALLED) {
        state = State.REPLAYING;
      }
      drain();
      blobs.writable();
    } else if (ch.isActive()) {
      if (state != State.HANDSHAKE) {
        state = State.STALLED;
      }
      long epoch = ++stallEpoch;
      stallCheck = ch.eventLoop().schedule(() -> {
        if (epoch == stallEpoch && !ch.isWritable() && ch.isActive()) {
          LOG.warn("{}: outbound buffer over {} bytes for {} ms at seq {}; disconnecting",
              this, settings.outboundLimitBytes(), settings.stallTimeout().toMillis(), cursor);
          ch.close();
        }
      }, settings.stallTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    ctx.fireChannelWritabilityChanged();
  }

  // ---- input ----

  @Override
  boolean reading(ChannelHandlerContext ctx) {
    return ch.isActive() && state != State.CLOSED;
  }

  @Override
  void handle(FeedMessage m) {
    if (state == State.HANDSHAKE) {
      if (!(m instanceof FeedMessage.Hello hello)) {
        throw new FeedProtocolException("expected hello first, got " + opName(m));
      }
      if (!MessageDigest.isEqual(shared.token(), hello.token().getBytes(StandardCharsets.UTF_8))) {
        LOG.warn("{}: wrong token; closing", this);
        state = State.CLOSED;
        ch.writeAndFlush(line(new FeedMessage.Error("wrong token")))
            .addListener(ChannelFutureListener.CLOSE);
        return;
      }
      authenticatedOrGone();
      cursor = hello.since();
      acked = hello.since();
      state = State.REPLAYING;
      LOG.debug("{}: hello since {}", this, hello.since());
      ch.writeAndFlush(line(new FeedMessage.Welcome(ring.last())));
      drain();
    } else if (m instanceof FeedMessage.Ack ack) {
      long seq = Math.min(ack.seq(), cursor);
      if (seq > acked) {
        acked = seq;
      }
    } else if (m instanceof FeedMessage.Ping) {
      // reading it was the point (IdleStateHandler)
    } else if (m instanceof FeedMessage.Fetch fetch) {
      if (!FeedServer.HASH.matcher(fetch.hash()).matches()) {
        throw new FeedProtocolException("fetch: hash must be 64 lower-case hex digits");
      }
      blobs.fetch(fetch.hash());
    } else {
      throw new FeedProtocolException("unexpected op " + opName(m) + " from a client");
    }
  }

  private static String opName(FeedMessage m) {
    return "\"" + m.getClass().getSimpleName().toLowerCase().replace("eventline", "event") + "\"";
  }

  // ---- events ----

  /** Any thread: make sure one drain runs soon on the event loop. */
  void wake() {
    State s = state;
    if (s == State.HANDSHAKE || s == State.CLOSED || s == State.STALLED) {
      return; // hello, writability or close will drain
    }
    if (wakeScheduled.compareAndSet(false, true)) {
      try {
        ch.eventLoop().execute(this::drain);
      } catch (RejectedExecutionException e) {
        wakeScheduled.set(false); // shutting down
      }
    }
  }

  /**
   * Event loop: write what follows the cursor while writable, then flush once. Lines are copied
   * into one direct buffer of up to COALESCE_BYTES, so a burst costs one outbound entry and one
   * system call rather than one per event.
   */
  private void drain() {
    wakeScheduled.set(false);
    if (logReadInFlight || !ch.isActive() || state == State.HANDSHAKE || state == State.CLOSED) {
      return;
    }
    int written = 0;
    boolean more = false;
    ByteBuf out = null;
    while (ch.isWritable()) {
      if (written >= DRAIN_BATCH) {
        more = true;
        break;
      }
      Entry e = pending.poll();
      if (e == null) {
        List<Entry> batch = ring.after(cursor, DRAIN_BATCH);
        if (batch == null) {
          readLog();
          break;
        }
        if (batch.isEmpty()) {
          state = State.LIVE;
          break;
        }
        pending.addAll(batch);
        continue;
      }
      if (out == null) {
        out = ch.alloc().directBuffer(COALESCE_BYTES);
      }
      out.writeBytes(e.line());
      cursor = e.event().seq();
      written++;
      if (out.readableBytes() >= COALESCE_BYTES) {
        ch.write(out, ch.voidPromise()); // counts towards the water mark from here on
        out = null;
      }
    }
    if (out != null) {
      ch.write(out, ch.voidPromise());
    }
    if (written > 0) {
      ch.flush();
    }
    if (more && wakeScheduled.compareAndSet(false, true)) {
      ch.eventLoop().execute(this::drain); // yield to the other connections of this loop
    }
  }

  /** Event loop: the ring does not hold cursor + 1; read the next batch from the log. */
  private void readLog() {
    logReadInFlight = true;
    state = State.REPLAYING;
    long from = cursor;
    try {
      shared.replay().execute(() -> {
        LogBatch batch = LogBatch.read(shared.log(), from);
        try {
          ch.eventLoop().execute(() -> logRead(batch));
        } catch (RejectedExecutionException e) {
          // shutting down
        }
      });
    } catch (RejectedExecutionException e) {
      logReadInFlight = false; // shutting down
    }
  }

  private void logRead(LogBatch batch) {
    logReadInFlight = false;
    if (!ch.isActive()) {
      return;
    }
    if (batch.failure() != null) {
      LOG.warn("{}: reading the event log after {} failed: {}; closing", this, batch.after(),
          batch.failure().toString());
      ch.close();
      return;
    }
    var broken = batch.discontinuity();
    if (broken.isPresent()) {
      LOG.error("{}: {}; closing", this, broken.get());
      ch.close();
      return;
    }
    if (batch.entries().isEmpty() && ring.after(cursor, 1) == null) {
      // The ring has later events but the log has nothing yet after the cursor: a writer of
      // a store without transactions is still between taking its seq and writing its event
      // (or died; the store then declares a hole after a bounded wait). Ask again shortly.
      if (ring.last() > cursor) {
        logReadInFlight = true;
        ch.eventLoop().schedule(() -> {
          logReadInFlight = false;
          if (ch.isActive()) {
            readLog();
          }
        }, LOG_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        return;
      }
      LOG.error("{}: the event log has nothing after {} but {} was published; closing",
          this, batch.after(), ring.last());
      ch.close();
      return;
    }
    pending.addAll(batch.entries());
    drain();
  }
}
