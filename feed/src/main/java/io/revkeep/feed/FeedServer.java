package io.revkeep.feed;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import io.revkeep.core.model.Event;
import io.revkeep.core.store.EventLog;
import io.revkeep.core.vault.BlobSource;
import io.revkeep.feed.EventRing.Entry;
import io.revkeep.feed.SubscriberInfo.State;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
   *             by start() and joined by close().
   * State:      ring (EventRing, its own monitor) holds recent events with their encoded line.
   *             Each connection has one Subscriber, confined to its channel's event loop: its
   *             cursor (last seq written), pending events, fetch queue and stall timer are touched
   *             only there (cursor, acked and state are volatile so subscribers() can read them).
   *             The only cross-thread field of a Subscriber is wakeScheduled (an AtomicBoolean).
   *             Lifecycle fields are guarded by "lifecycle".
   * Delivery:   signal and pull. publish() appends to the ring and wakes each subscriber: at most
   *             one drain task per subscriber is queued on its event loop (CAS on wakeScheduled).
   *             drain() writes ring.after(cursor) while the channel is writable, then flushes once
   *             (batching); when the ring no longer holds cursor + 1, one replay thread reads the
   *             next batch from the EventLog and hands it back to the event loop. Replay and live
   *             are the same code path, so the seam cannot gap or duplicate: every line written is
   *             cursor + 1, and the cursor is owned by one thread.
   * Invariants: lines go out in strictly increasing seq, each exactly once per connection
   *             (checked: an event log batch that is not contiguous closes the connection, unless
   *             every seq it skips is a hole the log declares — EventLog.isHole; a log that has
   *             nothing yet after the cursor while the ring is ahead is asked again after
   *             LOG_RETRY, as a Couchbase writer may be between taking a seq and writing it).
   *             publish() never blocks on a subscriber (ring monitor + one CAS per subscriber).
   *             A subscriber over settings.outboundLimitBytes is not written to (Netty water
   *             marks: the limit is high, half of it low); one that stays over it for
   *             settings.stallTimeout is closed. Memory per subscriber: its outbound buffer (may
   *             overshoot the limit by one coalesced buffer, 16 KiB) plus at most one batch of
   *             pending events and one blob chunk.
   * Bad input:  a line over maxLineBytes (LineBasedFrameDecoder, failFast), invalid JSON, an
   *             unknown or client-illegal op, anything but hello first, a second hello, a wrong
   *             token: that connection only is closed, with one log line and no stack trace.
   * Heartbeat:  IdleStateHandler: a ping after heartbeatInterval without writing (so at least
   *             every interval on a quiet feed; events count as signs of life too); close after
   *             idleTimeout without reading anything (hello included).
   * Shutdown:   close() stops accepting, closes every connection and waits for it, then stops the
   *             replay threads and the event loops and waits for them (bounded).
   * Testing:    FeedServerIT (replay, bad input, stalls, heartbeats, 10,000 connect cycles),
   *             FeedFanOutIT (1,000 subscribers), FeedClientIT (fetch, restart, stuck handler),
   *             EventRingLincheckTest (model checking of the ring).
   */

  private static final Logger LOG = LogManager.getLogger(FeedServer.class);

  /** The most seqs of one jump in the event log checked for being declared holes. */
  private static final int MAX_HOLES = 10_000;
  /** How soon the log is asked again when the ring is ahead of what it returns. */
  private static final java.time.Duration LOG_RETRY = java.time.Duration.ofMillis(200);
  /** Events written in one drain pass before the event loop serves other connections. */
  private static final int DRAIN_BATCH = 256;
  /** Event lines gathered into one buffer before it is handed to the channel. */
  private static final int COALESCE_BYTES = 16 * 1024;
  /** Events read from the event log per query. */
  private static final int LOG_BATCH = 512;
  /** Raw bytes per chunk line: base64 of 32 KiB is 43,692 characters, well inside 64 KiB. */
  static final int CHUNK_BYTES = 32 * 1024;
  /** How long close() waits for each group of threads. */
  private static final long SHUTDOWN_MILLIS = 5_000;
  /** A blob hash: SHA-256, lower-case hex. */
  static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

  private static final byte[] PING = FeedCodec.encode(new FeedMessage.Ping());

  private final FeedServerSettings settings;
  private final EventLog log;
  private final BlobSource blobs;
  private final byte[] token;
  private final ConcurrentHashMap<Long, Subscriber> subscribers = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final ChannelGroup channels = new DefaultChannelGroup("feed", GlobalEventExecutor.INSTANCE);

  private final Object lifecycle = new Object();
  // @GuardedBy("lifecycle")
  private boolean started;
  // @GuardedBy("lifecycle")
  private EventLoopGroup bossGroup;
  // @GuardedBy("lifecycle")
  private EventLoopGroup workerGroup;
  // @GuardedBy("lifecycle")
  private Channel serverChannel;
  // written once in start() under "lifecycle", then read by any thread
  private volatile ExecutorService replay;
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
      ring = new EventRing(settings.ringSize(), log.lastSeq());
      ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.replayThreads(), settings.replayThreads(),
          0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
          new DefaultThreadFactory("revkeep-feed-replay", true));
      pool.prestartAllCoreThreads();
      replay = pool;
      bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("revkeep-feed-boss", true),
          NioIoHandler.newFactory());
      workerGroup = new MultiThreadIoEventLoopGroup(settings.workerThreads(),
          new DefaultThreadFactory("revkeep-feed-worker", true), NioIoHandler.newFactory());
      int limit = settings.outboundLimitBytes();
      ServerBootstrap bootstrap = new ServerBootstrap()
          .group(bossGroup, workerGroup)
          .channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 1024)
          .option(ChannelOption.SO_REUSEADDR, true)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(limit / 2, limit))
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
              ch.pipeline()
                  .addLast("idle", new IdleStateHandler(settings.idleTimeout().toMillis(),
                      settings.heartbeatInterval().toMillis(), 0, TimeUnit.MILLISECONDS))
                  .addLast("lines", new LineBasedFrameDecoder(settings.maxLineBytes(), true, true))
                  .addLast("feed", new Subscriber(ids.incrementAndGet(), ch));
            }
          });
      try {
        serverChannel = bootstrap.bind(settings.bindAddress(), settings.port()).sync().channel();
      } catch (Exception e) {
        shutdownThreads();
        throw new IOException("feed server: cannot listen on " + settings.bindAddress() + ":"
            + settings.port() + ": " + e.getMessage(), e);
      }
      port = ((InetSocketAddress) serverChannel.localAddress()).getPort();
      LOG.info("feed listening on {}:{} (last seq {})", settings.bindAddress(), port, ring.last());
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
    for (Subscriber s : subscribers.values()) {
      s.wake();
    }
  }

  /** A snapshot of every open connection. */
  public List<SubscriberInfo> subscribers() {
    EventRing r = ring;
    long last = r == null ? 0 : r.last();
    List<SubscriberInfo> out = new ArrayList<>(subscribers.size());
    for (Subscriber s : subscribers.values()) {
      long acked = s.acked;
      out.add(new SubscriberInfo(s.id, s.remote, s.cursor, acked, Math.max(0, last - acked), s.state));
    }
    out.sort((a, b) -> Long.compare(a.id(), b.id()));
    return out;
  }

  /** Closes every connection, stops accepting, and stops and joins every thread it started. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      if (serverChannel != null) {
        serverChannel.close().awaitUninterruptibly(SHUTDOWN_MILLIS);
      }
      channels.close().awaitUninterruptibly(SHUTDOWN_MILLIS);
      shutdownThreads();
      LOG.info("feed server on port {} closed", port);
    }
  }

  // @GuardedBy("lifecycle")
  private void shutdownThreads() {
    // Replay threads first, gracefully: a queued blob read still runs, finds its channel closed
    // and closes its stream (on the event loop, or right there once the loops are gone).
    ExecutorService r = replay;
    try {
      if (r != null) {
        r.shutdown();
        if (!r.awaitTermination(SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS)) {
          LOG.warn("feed server: replay threads still busy after {} ms; interrupting", SHUTDOWN_MILLIS);
          r.shutdownNow();
        }
      }
      if (workerGroup != null) {
        workerGroup.shutdownGracefully(0, SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS);
      }
      if (bossGroup != null) {
        bossGroup.shutdownGracefully(0, SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS);
      }
      if (workerGroup != null) {
        workerGroup.terminationFuture().await(SHUTDOWN_MILLIS * 2);
      }
      if (bossGroup != null) {
        bossGroup.terminationFuture().await(SHUTDOWN_MILLIS * 2);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean tokenEquals(byte[] expected, String given) {
    return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.UTF_8));
  }

  /** The size of a blob stream when it can be known without reading it, else -1. */
  private static long knownSize(InputStream in) {
    try {
      if (in instanceof FileInputStream f) {
        return f.getChannel().size() - f.getChannel().position();
      }
      if (in instanceof ByteArrayInputStream b) {
        return b.available();
      }
      // Files.newInputStream: available() is the exact remaining size below 2 GiB
      if (in.getClass().getName().equals("sun.nio.ch.ChannelInputStream")) {
        int available = in.available();
        return available < Integer.MAX_VALUE ? available : -1;
      }
    } catch (IOException e) {
      return -1;
    }
    return -1;
  }

  /** One blob being streamed to one connection; owned by the connection's event loop. */
  private static final class BlobStream {
    final String hash;
    InputStream in;
    boolean readInFlight;
    boolean cancelled;
    long sent;

    BlobStream(String hash) {
      this.hash = hash;
    }

    void closeQuietly() {
      if (in != null) {
        try {
          in.close();
        } catch (IOException e) {
          LOG.debug("closing blob {}: {}", hash, e.getMessage());
        }
        in = null;
      }
    }
  }

  /** One connection. Everything but wakeScheduled is confined to the channel's event loop. */
  private final class Subscriber extends ChannelInboundHandlerAdapter {
    final long id;
    final Channel ch;
    final String remote;
    final AtomicBoolean wakeScheduled = new AtomicBoolean();
    // written on the event loop only; volatile for subscribers()
    volatile State state = State.HANDSHAKE;
    volatile long cursor;
    volatile long acked;
    // event-loop-owned
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    private boolean logReadInFlight;
    private long stallEpoch;
    private ScheduledFuture<?> stallCheck;
    private final ArrayDeque<String> fetches = new ArrayDeque<>();
    private BlobStream blob;

    Subscriber(long id, Channel ch) {
      this.id = id;
      this.ch = ch;
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
      if (closed) {
        ctx.close();
        return;
      }
      channels.add(ch);
      subscribers.put(id, this);
      LOG.debug("{} connected", this);
      ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      state = State.CLOSED;
      subscribers.remove(id);
      pending.clear();
      fetches.clear();
      if (stallCheck != null) {
        stallCheck.cancel(false);
      }
      if (blob != null) {
        blob.cancelled = true;
        if (!blob.readInFlight) {
          blob.closeQuietly();
        }
        blob = null;
      }
      LOG.debug("{} disconnected at seq {}", this, cursor);
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof TooLongFrameException) {
        LOG.warn("{}: line longer than {} bytes; closing", this, settings.maxLineBytes());
      } else if (cause instanceof IOException) {
        LOG.debug("{}: {}", this, cause.toString());
      } else {
        LOG.warn("{}: unexpected error; closing", this, cause);
      }
      ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent e) {
        if (e.state() == IdleState.READER_IDLE) {
          LOG.info("{}: nothing received for {} ms; closing", this, settings.idleTimeout().toMillis());
          ctx.close();
        } else if (e.state() == IdleState.WRITER_IDLE && state != State.HANDSHAKE) {
          ctx.writeAndFlush(Unpooled.wrappedBuffer(PING));
        }
      } else {
        ctx.fireUserEventTriggered(evt);
      }
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
        continueBlob();
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
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      byte[] line;
      try {
        line = ByteBufUtil.getBytes(buf);
      } finally {
        buf.release();
      }
      if (!ch.isActive() || state == State.CLOSED) {
        return;
      }
      try {
        handle(FeedCodec.decode(line));
      } catch (FeedProtocolException e) {
        LOG.warn("{}: {}; closing", this, e.getMessage());
        ctx.close();
      }
    }

    private void handle(FeedMessage m) {
      if (state == State.HANDSHAKE) {
        if (!(m instanceof FeedMessage.Hello hello)) {
          throw new FeedProtocolException("expected hello first, got " + opName(m));
        }
        if (!tokenEquals(token, hello.token())) {
          LOG.warn("{}: wrong token; closing", this);
          state = State.CLOSED;
          ch.writeAndFlush(Unpooled.wrappedBuffer(FeedCodec.encode(new FeedMessage.Error("wrong token"))))
              .addListener(ChannelFutureListener.CLOSE);
          return;
        }
        cursor = hello.since();
        acked = hello.since();
        state = State.REPLAYING;
        LOG.debug("{}: hello since {}", this, hello.since());
        ch.writeAndFlush(Unpooled.wrappedBuffer(FeedCodec.encode(new FeedMessage.Welcome(ring.last()))));
        drain();
      } else if (m instanceof FeedMessage.Ack ack) {
        long seq = Math.min(ack.seq(), cursor);
        if (seq > acked) {
          acked = seq;
        }
      } else if (m instanceof FeedMessage.Ping) {
        // reading it was the point (IdleStateHandler)
      } else if (m instanceof FeedMessage.Fetch fetch) {
        if (!HASH.matcher(fetch.hash()).matches()) {
          throw new FeedProtocolException("fetch: hash must be 64 lower-case hex digits");
        }
        fetches.add(fetch.hash());
        nextBlob();
      } else {
        throw new FeedProtocolException("unexpected op " + opName(m) + " from a client");
      }
    }

    private String opName(FeedMessage m) {
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
        replay.execute(() -> {
          List<Entry> entries = null;
          RuntimeException failure = null;
          Set<Long> holes = new HashSet<>();
          try {
            List<Event> events = log.eventsAfter(from, LOG_BATCH);
            entries = new ArrayList<>(events.size());
            long expect = from + 1;
            for (Event ev : events) {
              // a jump is accepted only over seqs the log declares holes (checked here, on
              // the replay thread, because asking the store may block)
              for (long s = expect; s < ev.seq() && s - expect < MAX_HOLES; s++) {
                if (log.isHole(s)) {
                  holes.add(s);
                }
              }
              expect = ev.seq() + 1;
              entries.add(new Entry(ev, FeedCodec.encodeEvent(ev)));
            }
          } catch (RuntimeException e) {
            failure = e;
          }
          List<Entry> result = entries;
          RuntimeException error = failure;
          try {
            ch.eventLoop().execute(() -> logRead(from, result, holes, error));
          } catch (RejectedExecutionException e) {
            // shutting down
          }
        });
      } catch (RejectedExecutionException e) {
        logReadInFlight = false; // shutting down
      }
    }

    private void logRead(long from, List<Entry> entries, Set<Long> holes,
        RuntimeException failure) {
      logReadInFlight = false;
      if (!ch.isActive()) {
        return;
      }
      if (failure != null) {
        LOG.warn("{}: reading the event log after {} failed: {}; closing", this, from, failure.toString());
        ch.close();
        return;
      }
      long expect = from + 1;
      for (Entry e : entries) {
        while (expect < e.event().seq() && holes.contains(expect)) {
          expect++; // a declared hole: no event will ever have this seq
        }
        if (e.event().seq() != expect) {
          LOG.error("{}: event log returned seq {} where {} was expected; closing", this, e.event().seq(), expect);
          ch.close();
          return;
        }
        expect++;
      }
      if (entries.isEmpty() && ring.after(cursor, 1) == null) {
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
            this, from, ring.last());
        ch.close();
        return;
      }
      pending.addAll(entries);
      drain();
    }

    // ---- blobs ----

    private void nextBlob() {
      if (blob != null || fetches.isEmpty() || !ch.isActive()) {
        return;
      }
      BlobStream b = new BlobStream(fetches.poll());
      blob = b;
      b.readInFlight = true;
      try {
        replay.execute(() -> {
          Optional<InputStream> in;
          long size = -1;
          try {
            in = blobs.open(b.hash);
            if (in.isPresent()) {
              size = knownSize(in.get());
            }
          } catch (IOException | RuntimeException e) {
            LOG.warn("{}: cannot open blob {}: {}", this, b.hash, e.toString());
            in = Optional.empty();
          }
          Optional<InputStream> opened = in;
          long known = size;
          onLoop(b, () -> {
            b.readInFlight = false;
            if (opened.isEmpty()) {
              ch.writeAndFlush(Unpooled.wrappedBuffer(FeedCodec.encode(new FeedMessage.Missing(b.hash))));
              blobDone(b);
              return;
            }
            b.in = opened.get();
            ch.writeAndFlush(Unpooled.wrappedBuffer(FeedCodec.encode(new FeedMessage.Blob(b.hash, known))));
            continueBlob();
          }, opened.orElse(null));
        });
      } catch (RejectedExecutionException e) {
        blob = null;
      }
    }

    /** Event loop: read the next chunk of the current blob if the channel is writable. */
    private void continueBlob() {
      BlobStream b = blob;
      if (b == null || b.in == null || b.readInFlight || !ch.isWritable()) {
        return;
      }
      b.readInFlight = true;
      try {
        replay.execute(() -> {
          byte[] data;
          try {
            data = b.in.readNBytes(CHUNK_BYTES);
          } catch (IOException | RuntimeException e) {
            LOG.warn("{}: reading blob {} failed after {} bytes: {}", this, b.hash, b.sent, e.toString());
            data = null;
          }
          byte[] chunk = data;
          byte[] line = chunk != null && chunk.length > 0
              ? FeedCodec.encode(new FeedMessage.Chunk(b.hash, chunk)) : null;
          onLoop(b, () -> {
            b.readInFlight = false;
            if (chunk == null) {
              ch.writeAndFlush(Unpooled.wrappedBuffer(FeedCodec.encode(new FeedMessage.Missing(b.hash))));
              blobDone(b);
            } else if (chunk.length == 0) {
              ch.writeAndFlush(Unpooled.wrappedBuffer(FeedCodec.encode(new FeedMessage.End(b.hash))));
              LOG.debug("{}: sent blob {} ({} bytes)", this, b.hash, b.sent);
              blobDone(b);
            } else {
              b.sent += chunk.length;
              ch.writeAndFlush(Unpooled.wrappedBuffer(line));
              continueBlob();
            }
          }, b.in);
        });
      } catch (RejectedExecutionException e) {
        b.readInFlight = false;
      }
    }

    private void blobDone(BlobStream b) {
      b.closeQuietly();
      if (blob == b) {
        blob = null;
      }
      nextBlob();
    }

    /** From a replay thread: run on the event loop unless the fetch was cancelled meanwhile. */
    private void onLoop(BlobStream b, Runnable task, InputStream toCloseIfCancelled) {
      Runnable guarded = () -> {
        if (b.cancelled || !ch.isActive()) {
          b.readInFlight = false;
          if (toCloseIfCancelled != null) {
            b.in = toCloseIfCancelled;
            b.closeQuietly();
          }
          return;
        }
        task.run();
      };
      try {
        ch.eventLoop().execute(guarded);
      } catch (RejectedExecutionException e) {
        if (toCloseIfCancelled != null) {
          b.in = toCloseIfCancelled;
          b.closeQuietly();
        }
      }
    }
  }
}
