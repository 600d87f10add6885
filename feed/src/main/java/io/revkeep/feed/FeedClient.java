package io.revkeep.feed;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.revkeep.core.model.Event;
import io.revkeep.core.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A subscriber of the feed: connects to a {@link FeedServer}, says hello with its token and
 * {@code since}, and hands every event to an {@link EventHandler}, in seq order, one at a time.
 * Optionally reconnects with exponential backoff when the connection drops, asking the {@code
 * since} supplier again each time. Also fetches blobs by hash into files.
 *
 * <pre>{@code
 * FeedClient client = FeedClient.builder("127.0.0.1", 9000, token)
 *     .since(cursor::durable)
 *     .handler(event -> backup.copy(event))
 *     .build();
 * client.start();
 * }</pre>
 */
public final class FeedClient implements AutoCloseable {
  /*
   * Threads:    one Netty event loop thread per connection (from a group the client owns, or a
   *             shared one the caller owns) does all I/O, decoding and blob writing; one delivery
   *             "thread" runs the handler: a SerialExecutor over the client's own single thread,
   *             or over a caller-supplied executor, so the handler is never run concurrently even
   *             on a shared pool. The events of one read burst are handed over as one task.
   *             Any thread may call ack(), fetch(), close().
   * State:      "lock" guards closed, channel (the current connection attempt), reconnectTask and
   *             attempts. The current Session (volatile) is confined to its channel's event loop
   *             except for reading its fields welcomed/ch. lastDelivered and failedGeneration are
   *             written only on the delivery thread. queued (atomic) counts events handed to the
   *             delivery thread and not yet handled.
   * Invariants: events reach the handler in strictly increasing seq: each connection checks that
   *             it receives since+1, since+2, … (else it is closed), and delivery drops any seq <=
   *             lastDelivered (a replay after reconnect). An event whose handler threw is not
   *             delivered: the rest of that connection is dropped and a new one asks again.
   *             About HIGH_WATER events (plus one read burst) wait for the handler at most: above
   *             it the client stops reading the socket (autoRead off), which pushes back on the
   *             server, and resumes at LOW_WATER. A reconnect waits until the backlog is down to
   *             LOW_WATER (waitingForBacklog, checked and set under "lock" with a re-read of
   *             queued, so the wake-up from deliver() cannot be missed): a stuck handler whose
   *             server gave up on it does not make the client pile up a copy per reconnect.
   * Heartbeat:  a ping after heartbeatInterval without writing, a ping in answer to the server's;
   *             a connection with nothing read for idleTimeout (while reading) is closed.
   * Shutdown:   close() cancels a pending reconnect, closes the connection, fails pending
   *             fetches, then shuts down and joins what the client owns (its event loop group and
   *             delivery thread; not a shared group or executor).
   * Testing:    FeedServerIT / FeedClientIT against a real FeedServer on 127.0.0.1.
   */

  private static final Logger LOG = LogManager.getLogger(FeedClient.class);
  /** Events waiting for the handler above which the client stops reading the socket. */
  private static final int HIGH_WATER = 4096;
  /** ... and at which it reads again. */
  private static final int LOW_WATER = 1024;
  /** How long close() waits for each thread it owns. */
  private static final long SHUTDOWN_MILLIS = 5_000;
  private static final byte[] PING = FeedCodec.encode(new FeedMessage.Ping());

  private final String host;
  private final int port;
  private final String token;
  private final LongSupplier since;
  private final EventHandler handler;
  private final boolean reconnect;
  private final Duration minBackoff;
  private final Duration maxBackoff;
  private final Duration heartbeatInterval;
  private final Duration idleTimeout;
  private final Duration connectTimeout;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final ExecutorService ownedDelivery;
  private final SerialExecutor delivery;
  private volatile Thread ownedDeliveryThread;

  private final Object lock = new Object();
  // @GuardedBy("lock")
  private boolean started;
  // @GuardedBy("lock")
  private Channel channel;
  // @GuardedBy("lock")
  private ScheduledFuture<?> reconnectTask;
  // @GuardedBy("lock")
  private int attempts;
  // @GuardedBy("lock") a reconnect waits until the handler's backlog is down to LOW_WATER
  private boolean waitingForBacklog;
  private volatile boolean closed;

  private volatile Session session;
  private final AtomicLong generations = new AtomicLong();
  private final AtomicLong welcomes = new AtomicLong();
  /** The highest seq the server is known to have (welcome's last, or a later event's seq). */
  private final AtomicLong serverLast = new AtomicLong();
  private final AtomicInteger queued = new AtomicInteger();
  // written on the delivery thread only
  private volatile long lastDelivered;
  private volatile long failedGeneration;

  private FeedClient(Builder b) {
    this.host = b.host;
    this.port = b.port;
    this.token = b.token;
    this.lastDelivered = b.startAfter;
    this.since = b.since != null ? b.since : () -> lastDelivered;
    this.handler = Objects.requireNonNull(b.handler, "feed client: handler not set");
    this.reconnect = b.reconnect;
    this.minBackoff = b.minBackoff;
    this.maxBackoff = b.maxBackoff;
    this.heartbeatInterval = b.heartbeatInterval;
    this.idleTimeout = b.idleTimeout;
    this.connectTimeout = b.connectTimeout;
    if (b.group != null) {
      this.group = b.group;
      this.ownsGroup = false;
    } else {
      this.group = new MultiThreadIoEventLoopGroup(1,
          new DefaultThreadFactory("revkeep-feed-client", true), NioIoHandler.newFactory());
      this.ownsGroup = true;
    }
    if (b.deliveryExecutor != null) {
      this.ownedDelivery = null;
      this.delivery = new SerialExecutor(b.deliveryExecutor);
    } else {
      this.ownedDelivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "revkeep-feed-client-handler");
        t.setDaemon(true);
        ownedDeliveryThread = t;
        return t;
      });
      this.delivery = new SerialExecutor(ownedDelivery);
    }
  }

  /** A builder for a client of the server at host:port that presents {@code token}. */
  public static Builder builder(String host, int port, String token) {
    return new Builder(host, port, token);
  }

  /** Starts connecting (asynchronously; see {@link #isConnected()}). */
  public void start() {
    synchronized (lock) {
      if (closed || started) {
        throw new IllegalStateException("feed client: start() called twice or after close()");
      }
      started = true;
    }
    connect();
  }

  /** True while a connection is open and the server has welcomed it. */
  public boolean isConnected() {
    Session s = session;
    return s != null && s.welcomed && s.ch.isActive();
  }

  /** How many times a server has welcomed this client (1 after the first connect). */
  public long welcomes() {
    return welcomes.get();
  }

  /**
   * The highest seq the server is known to have recorded: the {@code last} of its most recent
   * welcome, or a later event's seq; 0 before the first welcome. With {@link #lastDelivered()}
   * it tells how far behind this client is, without access to the server's store.
   */
  public long serverLast() {
    return serverLast.get();
  }

  /** The seq of the last event the handler returned from. */
  public long lastDelivered() {
    return lastDelivered;
  }

  /** Tells the server everything up to {@code seq} is durable here (shown as lag); no-op offline. */
  public void ack(long seq) {
    Session s = session;
    if (s != null && s.welcomed) {
      s.ch.writeAndFlush(Unpooled.wrappedBuffer(FeedCodec.encode(new FeedMessage.Ack(seq))));
    }
  }

  /**
   * Fetches the bytes whose SHA-256 is {@code hash} into {@code dest} (written to a temporary file
   * in the same directory, checked, fsynced, then renamed over dest). Completes with the size, or
   * exceptionally: {@link BlobMissingException} when the server does not keep it, an {@link
   * IOException} when the bytes do not hash to {@code hash}, the connection drops, or the client is
   * not connected. Dependent stages run on the I/O thread unless the async variants are used.
   */
  public CompletableFuture<Long> fetch(String hash, Path dest) {
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(dest, "dest");
    if (!FeedServer.HASH.matcher(hash).matches()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "fetch: hash must be 64 lower-case hex digits (SHA-256), got \"" + hash + "\""));
    }
    Session s = session;
    if (closed || s == null || !s.welcomed) {
      return CompletableFuture.failedFuture(
          new IOException("fetch " + hash + ": not connected to feed " + host + ":" + port));
    }
    CompletableFuture<Long> future = new CompletableFuture<>();
    Download d = new Download(hash, dest.toAbsolutePath(), future);
    try {
      s.ch.eventLoop().execute(() -> s.startFetch(d));
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(new IOException("fetch " + hash + ": client is closing"));
    }
    return future;
  }

  /** Disconnects for good, fails pending fetches, and stops the threads the client owns. */
  @Override
  public void close() {
    Channel ch;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      if (reconnectTask != null) {
        reconnectTask.cancel(false);
        reconnectTask = null;
      }
      ch = channel;
      channel = null;
    }
    if (ch != null) {
      ChannelFuture f = ch.close();
      if (!ch.eventLoop().inEventLoop()) {
        f.awaitUninterruptibly(SHUTDOWN_MILLIS);
      }
    }
    if (ownsGroup) {
      group.shutdownGracefully(0, SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS);
      if (!group.next().inEventLoop()) {
        group.terminationFuture().awaitUninterruptibly(SHUTDOWN_MILLIS * 2);
      }
    }
    if (ownedDelivery != null) {
      ownedDelivery.shutdown();
      if (Thread.currentThread() != ownedDeliveryThread) {
        try {
          if (!ownedDelivery.awaitTermination(SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS)) {
            LOG.warn("feed client: handler still running {} ms after close()", SHUTDOWN_MILLIS);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @Override
  public String toString() {
    return "feed client of " + host + ":" + port;
  }

  // ---- connecting ----

  private void connect() {
    long generation = generations.incrementAndGet();
    Bootstrap bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast("idle", new IdleStateHandler(idleTimeout.toMillis(),
                    heartbeatInterval.toMillis(), 0, TimeUnit.MILLISECONDS))
                .addLast("lines", new LineBasedFrameDecoder(FeedCodec.MAX_LINE_BYTES, true, true))
                .addLast("feed", new Session(generation, ch));
          }
        });
    ChannelFuture f;
    synchronized (lock) {
      if (closed) {
        return;
      }
      reconnectTask = null;
      if (queued.get() > LOW_WATER) {
        // the handler is behind: a new connection would only pile up more (see deliver())
        waitingForBacklog = true;
        return;
      }
      try {
        f = bootstrap.connect(host, port);
      } catch (RejectedExecutionException e) {
        return; // a shared group is shutting down
      }
      channel = f.channel();
    }
    f.addListener(done -> {
      if (!done.isSuccess()) {
        LOG.debug("{}: connect failed: {}", this, String.valueOf(done.cause()));
        f.channel().close();
      }
    });
    f.channel().closeFuture().addListener(done -> disconnected(f.channel()));
  }

  private void disconnected(Channel ch) {
    synchronized (lock) {
      if (channel != ch) {
        return;
      }
      channel = null;
      if (closed || !reconnect) {
        return;
      }
      long max = maxBackoff.toMillis();
      long delay = Math.min(max, minBackoff.toMillis() << Math.min(attempts, 20));
      delay += ThreadLocalRandom.current().nextLong(delay / 4 + 1); // spread a crowd's reconnects
      attempts++;
      try {
        reconnectTask = group.schedule(this::connect, delay, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        LOG.debug("{}: not reconnecting, event loop group is shutting down", this);
      }
    }
  }

  // ---- delivery (delivery thread) ----

  private void deliver(long generation, List<Event> events) {
    for (Event event : events) {
      deliver(generation, event);
    }
  }

  private void deliver(long generation, Event event) {
    try {
      if (closed || generation <= failedGeneration || event.seq() <= lastDelivered) {
        return;
      }
      try {
        handler.onEvent(event);
        lastDelivered = event.seq();
      } catch (Exception e) {
        LOG.warn("{}: handler failed on event {} ({}); reconnecting to get it again",
            this, event.seq(), e.toString());
        failedGeneration = generation;
        Session s = session;
        if (s != null && s.generation == generation) {
          s.ch.close();
        }
      }
    } finally {
      if (queued.decrementAndGet() == LOW_WATER) {
        Session s = session;
        if (s != null) {
          s.ch.eventLoop().execute(() -> s.ch.config().setAutoRead(true));
        }
        synchronized (lock) {
          if (waitingForBacklog && !closed) {
            waitingForBacklog = false;
            try {
              group.execute(this::connect);
            } catch (RejectedExecutionException e) {
              LOG.debug("{}: not reconnecting, event loop group is shutting down", this);
            }
          }
        }
      }
    }
  }

  /** One connection; confined to its channel's event loop (welcomed is volatile). */
  private final class Session extends ChannelInboundHandlerAdapter {
    final long generation;
    final Channel ch;
    volatile boolean welcomed;
    private long expected;
    private final ArrayDeque<Download> downloads = new ArrayDeque<>();
    /** Events of the current read burst: handed to the delivery thread as one task. */
    private List<Event> batch = new ArrayList<>();

    Session(long generation, Channel ch) {
      this.generation = generation;
      this.ch = ch;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      long from;
      try {
        from = since.getAsLong();
      } catch (RuntimeException e) {
        LOG.error("{}: the since supplier failed: {}; closing", FeedClient.this, e.toString());
        ctx.close();
        return;
      }
      expected = from + 1;
      session = this;
      ctx.writeAndFlush(Unpooled.wrappedBuffer(FeedCodec.encode(new FeedMessage.Hello(token, from))));
      LOG.debug("{}: connected, hello since {}", FeedClient.this, from);
      ctx.fireChannelActive();
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      handBatch();
      ctx.fireChannelReadComplete();
    }

    private void handBatch() {
      if (batch.isEmpty()) {
        return;
      }
      List<Event> events = batch;
      batch = new ArrayList<>();
      try {
        delivery.execute(() -> deliver(generation, events));
      } catch (RejectedExecutionException e) {
        queued.addAndGet(-events.size()); // closing
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      handBatch();
      welcomed = false;
      if (session == this) {
        session = null;
      }
      for (Download d : downloads) {
        d.fail(new IOException("fetch " + d.hash + ": connection to " + host + ":" + port + " lost"));
      }
      downloads.clear();
      LOG.debug("{}: disconnected", FeedClient.this);
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof TooLongFrameException) {
        LOG.warn("{}: line longer than {} bytes from the server; closing", FeedClient.this,
            FeedCodec.MAX_LINE_BYTES);
      } else if (cause instanceof IOException) {
        LOG.debug("{}: {}", FeedClient.this, cause.toString());
      } else {
        LOG.warn("{}: unexpected error; closing", FeedClient.this, cause);
      }
      ctx.close();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent e) {
        if (e.state() == IdleState.READER_IDLE && ch.config().isAutoRead()) {
          LOG.info("{}: nothing received for {} ms; closing", FeedClient.this, idleTimeout.toMillis());
          ctx.close();
        } else if (e.state() == IdleState.WRITER_IDLE) {
          ctx.writeAndFlush(Unpooled.wrappedBuffer(PING));
        }
      } else {
        ctx.fireUserEventTriggered(evt);
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf buf = (ByteBuf) msg;
      byte[] line;
      try {
        line = ByteBufUtil.getBytes(buf);
      } finally {
        buf.release();
      }
      if (!ch.isActive()) {
        return;
      }
      try {
        handle(FeedCodec.decode(line));
      } catch (FeedProtocolException e) {
        LOG.warn("{}: {}; closing", FeedClient.this, e.getMessage());
        ctx.close();
      }
    }

    private void handle(FeedMessage m) {
      if (m instanceof FeedMessage.EventLine line) {
        if (!welcomed) {
          throw new FeedProtocolException("event before welcome");
        }
        Event event = line.event();
        // Strictly increasing. A jump is a seq the server's event log declared a hole (a
        // Couchbase writer that died after taking it): the server checks that before it skips
        // (FeedServer.logRead), and this client cannot ask the store itself.
        if (event.seq() < expected) {
          throw new FeedProtocolException("event " + event.seq() + " where " + expected + " was expected");
        }
        if (event.seq() > expected) {
          LOG.info("{}: seq {} to {} skipped by the server (holes in its event log)",
              FeedClient.this, expected, event.seq() - 1);
        }
        expected = event.seq() + 1;
        if (queued.incrementAndGet() > HIGH_WATER) {
          ch.config().setAutoRead(false);
        }
        batch.add(event);
        serverLast.accumulateAndGet(event.seq(), Math::max);
      } else if (m instanceof FeedMessage.Ping) {
        ch.writeAndFlush(Unpooled.wrappedBuffer(PING));
      } else if (m instanceof FeedMessage.Welcome w) {
        if (welcomed) {
          throw new FeedProtocolException("second welcome");
        }
        welcomed = true;
        synchronized (lock) {
          attempts = 0;
        }
        serverLast.accumulateAndGet(w.last(), Math::max);
        welcomes.incrementAndGet();
        LOG.debug("{}: welcome, server at seq {}", FeedClient.this, w.last());
      } else if (m instanceof FeedMessage.Blob b) {
        Download d = head(b.hash(), "blob");
        if (d.started) {
          throw new FeedProtocolException("second blob header for " + b.hash());
        }
        d.begin(b.size());
      } else if (m instanceof FeedMessage.Chunk c) {
        Download d = head(c.hash(), "chunk");
        if (!d.started) {
          throw new FeedProtocolException("chunk before blob header for " + c.hash());
        }
        d.write(c.data());
      } else if (m instanceof FeedMessage.End e) {
        Download d = head(e.hash(), "end");
        downloads.poll();
        d.finish();
      } else if (m instanceof FeedMessage.Missing missing) {
        Download d = head(missing.hash(), "missing");
        downloads.poll();
        d.fail(d.started
            ? new IOException("fetch " + d.hash + ": the server failed while reading it")
            : new BlobMissingException("fetch " + d.hash + ": the server does not have this blob"));
      } else if (m instanceof FeedMessage.Error error) {
        LOG.warn("{}: server refused: {}", FeedClient.this, error.message());
        ch.close();
      } else {
        throw new FeedProtocolException("unexpected op from the server: " + m.getClass().getSimpleName());
      }
    }

    private Download head(String hash, String op) {
      Download d = downloads.peek();
      if (d == null || !d.hash.equals(hash)) {
        throw new FeedProtocolException(op + " for " + hash + " which was not requested");
      }
      return d;
    }

    void startFetch(Download d) {
      if (!ch.isActive()) {
        d.fail(new IOException("fetch " + d.hash + ": connection to " + host + ":" + port + " lost"));
        return;
      }
      downloads.add(d);
      ch.writeAndFlush(Unpooled.wrappedBuffer(FeedCodec.encode(new FeedMessage.Fetch(d.hash))));
    }
  }

  /** One blob being received into a temporary file; confined to the event loop. */
  private static final class Download {
    final String hash;
    final Path dest;
    final CompletableFuture<Long> future;
    boolean started;
    private Path tmp;
    private FileChannel out;
    private MessageDigest sha;
    private long announced = -1;
    private long received;

    Download(String hash, Path dest, CompletableFuture<Long> future) {
      this.hash = hash;
      this.dest = dest;
      this.future = future;
    }

    void begin(long size) {
      started = true;
      announced = size;
      try {
        sha = Sha256.digest();
        Path dir = dest.getParent();
        tmp = Files.createTempFile(dir, "." + dest.getFileName() + ".", ".part");
        out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
      } catch (IOException e) {
        fail(new IOException("fetch " + hash + ": cannot write " + dest + ": " + e.getMessage(), e));
      }
    }

    void write(byte[] data) {
      if (future.isDone()) {
        return; // failed locally; the rest of the blob is read and dropped
      }
      try {
        ByteBuffer bb = ByteBuffer.wrap(data);
        while (bb.hasRemaining()) {
          out.write(bb);
        }
        sha.update(data);
        received += data.length;
      } catch (IOException e) {
        fail(new IOException("fetch " + hash + ": cannot write " + tmp + ": " + e.getMessage(), e));
      }
    }

    void finish() {
      if (future.isDone()) {
        return;
      }
      try {
        String actual = Sha256.hex(sha);
        if (announced >= 0 && announced != received) {
          throw new IOException("fetch " + hash + ": received " + received + " bytes, the server announced "
              + announced);
        }
        if (!actual.equals(hash)) {
          throw new IOException("fetch " + hash + ": the received bytes hash to " + actual);
        }
        out.force(true);
        out.close();
        out = null;
        Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        future.complete(received);
      } catch (IOException e) {
        fail(e);
      }
    }

    void fail(Throwable cause) {
      try {
        if (out != null) {
          out.close();
          out = null;
        }
        if (tmp != null) {
          Files.deleteIfExists(tmp);
        }
      } catch (IOException e) {
        cause.addSuppressed(e);
      }
      future.completeExceptionally(cause);
    }
  }

  /** Configures a {@link FeedClient}. */
  public static final class Builder {
    private final String host;
    private final int port;
    private final String token;
    private LongSupplier since;
    private long startAfter;
    private EventHandler handler;
    private boolean reconnect = true;
    private Duration minBackoff = Duration.ofMillis(100);
    private Duration maxBackoff = Duration.ofSeconds(5);
    private Duration heartbeatInterval = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(30);
    private Duration connectTimeout = Duration.ofSeconds(5);
    private EventLoopGroup group;
    private java.util.concurrent.Executor deliveryExecutor;

    private Builder(String host, int port, String token) {
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      this.token = Objects.requireNonNull(token, "token");
    }

    /** Asked at every (re)connect for the seq to resume after; default: the last delivered. */
    public Builder since(LongSupplier v) { since = Objects.requireNonNull(v); return this; }
    /** Where the default since starts (0: everything). */
    public Builder startAfter(long v) { startAfter = v; return this; }
    public Builder handler(EventHandler v) { handler = Objects.requireNonNull(v); return this; }
    /** Reconnect with exponential backoff when the connection drops (default true). */
    public Builder reconnect(boolean v) { reconnect = v; return this; }
    /** Backoff bounds: the first retry waits about min, doubling up to max (default 100 ms, 5 s). */
    public Builder backoff(Duration min, Duration max) { minBackoff = min; maxBackoff = max; return this; }
    public Builder heartbeatInterval(Duration v) { heartbeatInterval = v; return this; }
    public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    /** Use this event loop group (the caller owns and closes it) instead of one of its own. */
    public Builder eventLoopGroup(EventLoopGroup v) { group = Objects.requireNonNull(v); return this; }
    /** Run the handler on this executor (serialised per client; the caller owns it). */
    public Builder deliveryExecutor(java.util.concurrent.Executor v) {
      deliveryExecutor = Objects.requireNonNull(v);
      return this;
    }

    public FeedClient build() {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("feed client: port must be 1..65535, was " + port);
      }
      if (minBackoff.isNegative() || minBackoff.isZero() || maxBackoff.compareTo(minBackoff) < 0) {
        throw new IllegalArgumentException("feed client: backoff must satisfy 0 < min <= max, was "
            + minBackoff + ", " + maxBackoff);
      }
      if (idleTimeout.compareTo(heartbeatInterval) <= 0) {
        throw new IllegalArgumentException("feed client: idleTimeout (" + idleTimeout
            + ") must be longer than heartbeatInterval (" + heartbeatInterval + ")");
      }
      return new FeedClient(this);
    }
  }
}
