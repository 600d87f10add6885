package io.revkeep.feed;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.revkeep.core.Threads;
import io.revkeep.core.model.Event;
import io.revkeep.core.retry.Backoff;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A subscriber of the feed: connects to a {@link FeedServer}, says hello with its token and
 * {@code since}, and hands every event to an {@link EventHandler}, in seq order, one at a time.
 * Optionally reconnects with exponential backoff when the connection drops, asking the {@code
 * since} supplier again each time. Also fetches blobs by hash into files. With {@link
 * Builder#tls} it speaks TLS and refuses a server whose certificate is not trusted or does not
 * name the host (one log line saying which, and {@link #lastFailure()}).
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
   * State:      the connector (ClientConnector, its own lock) owns closed, the current
   *             connection attempt, the reconnect timer and the backoff's failure count. The
   *             current ClientSession (volatile) is confined to its channel's event loop except
   *             for reading its fields welcomed/ch. The delivery (ClientDelivery) owns
   *             lastDelivered and failedGeneration, written only on the delivery thread, and
   *             queued (atomic), the events handed to the delivery thread and not yet handled.
   *             lastFailure (volatile) is the last TLS failure, written on the event loop and
   *             cleared by a welcome; a failure equal to it is logged at debug only, so a client
   *             that retries a server it refuses logs one line, not one per attempt.
   * Invariants: events reach the handler in strictly increasing seq: each connection checks that
   *             it receives since+1, since+2, … (else it is closed), and delivery drops any seq <=
   *             lastDelivered (a replay after reconnect). An event whose handler threw is not
   *             delivered: the rest of that connection is dropped and a new one asks again.
   *             About ClientDelivery.HIGH_WATER events (plus one read burst) wait for the handler
   *             at most: above it the client stops reading the socket (autoRead off), which
   *             pushes back on the server, and resumes at LOW_WATER. A reconnect waits until the backlog is down to
   *             LOW_WATER (ClientConnector: checked under its lock with a re-read of queued, and
   *             deliver() wakes it through backlogDown(), so the wake-up cannot be missed): a
   *             stuck handler whose server gave up on it does not make the client pile up a copy
   *             per reconnect. Reconnects wait Backoff.exponential(min, max).withJitter(0.25).
   * Heartbeat:  a ping after heartbeatInterval without writing, a ping in answer to the server's;
   *             a connection with nothing read for idleTimeout (while reading) is closed
   *             (FeedLineHandler).
   * Shutdown:   close() cancels a pending reconnect, closes the connection, fails pending
   *             fetches, then shuts down and joins what the client owns (its event loop group and
   *             delivery thread; not a shared group or executor).
   * Testing:    FeedServerIT / FeedClientIT against a real FeedServer on 127.0.0.1.
   */

  private static final Logger LOG = LogManager.getLogger(FeedClient.class);
  /** How long close() waits for each thread it owns. */
  private static final Duration SHUTDOWN = Duration.ofMillis(5_000);
  /** The part of each reconnect delay added at random. */
  private static final double JITTER = 0.25;

  private final String host;
  private final int port;
  private final String token;
  private final LongSupplier since;
  private final Duration idleTimeout;
  private final EventLoopGroup group;
  private final boolean ownsGroup;
  private final ExecutorService ownedDelivery;
  private final ClientDelivery delivery;
  private volatile Thread ownedDeliveryThread;
  private final ClientConnector connector;

  private volatile ClientSession session;
  private final AtomicLong welcomes = new AtomicLong();
  private volatile String lastFailure;
  /** The highest seq the server is known to have (welcome's last, or a later event's seq). */
  private final AtomicLong serverLast = new AtomicLong();

  private FeedClient(Builder b) {
    EventHandler handler = Objects.requireNonNull(b.handler, "feed client: handler not set");
    this.host = b.host;
    this.port = b.port;
    this.token = b.token;
    this.since = b.since != null ? b.since : this::lastDelivered;
    this.idleTimeout = b.idleTimeout;
    if (b.group != null) {
      this.group = b.group;
      this.ownsGroup = false;
    } else {
      this.group = new MultiThreadIoEventLoopGroup(1,
          new DefaultThreadFactory("revkeep-feed-client", true), NioIoHandler.newFactory());
      this.ownsGroup = true;
    }
    SerialExecutor serial;
    if (b.deliveryExecutor != null) {
      this.ownedDelivery = null;
      serial = new SerialExecutor(b.deliveryExecutor);
    } else {
      this.ownedDelivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = Threads.daemon("revkeep-feed-client-handler").newThread(r);
        ownedDeliveryThread = t;
        return t;
      });
      serial = new SerialExecutor(ownedDelivery);
    }
    Backoff backoff = b.reconnect
        ? Backoff.exponential(b.minBackoff, b.maxBackoff).withJitter(JITTER) : null;
    this.delivery = new ClientDelivery(this, handler, serial, b.startAfter, this::closed,
        () -> session, this::backlogDown);
    this.connector = new ClientConnector(this, group, host, port, b.connectTimeout,
        b.heartbeatInterval, b.idleTimeout, b.tls, backoff, delivery::backlogged,
        (generation, ch) -> new ClientSession(this, generation, ch));
  }

  /** A builder for a client of the server at host:port that presents {@code token}. */
  public static Builder builder(String host, int port, String token) {
    return new Builder(host, port, token);
  }

  /** Starts connecting (asynchronously; see {@link #isConnected()}). */
  public void start() {
    connector.start();
  }

  /** True while a connection is open and the server has welcomed it. */
  public boolean isConnected() {
    ClientSession s = session;
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

  /**
   * Why the last connection attempt failed its TLS handshake (the server's certificate not
   * trusted, not for this host, or no TLS on the other end); empty once a server welcomed it.
   */
  public Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /** The seq of the last event the handler returned from. */
  public long lastDelivered() {
    return delivery.lastDelivered();
  }

  /** Tells the server everything up to {@code seq} is durable here (shown as lag); no-op offline. */
  public void ack(long seq) {
    ClientSession s = session;
    if (s != null && s.welcomed) {
      s.ch.writeAndFlush(FeedLineHandler.line(new FeedMessage.Ack(seq)));
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
    ClientSession s = session;
    if (connector.closed() || s == null || !s.welcomed) {
      return CompletableFuture.failedFuture(
          new IOException("fetch " + hash + ": not connected to feed " + peer()));
    }
    CompletableFuture<Long> future = new CompletableFuture<>();
    BlobDownload d = new BlobDownload(hash, dest.toAbsolutePath(), future);
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
    if (!connector.close(SHUTDOWN)) {
      return;
    }
    if (ownsGroup) {
      group.shutdownGracefully(0, SHUTDOWN.toMillis(), TimeUnit.MILLISECONDS);
      if (!group.next().inEventLoop()) {
        group.terminationFuture().awaitUninterruptibly(SHUTDOWN.toMillis() * 2);
      }
    }
    if (ownedDelivery != null) {
      if (Thread.currentThread() == ownedDeliveryThread) {
        ownedDelivery.shutdown(); // called by the handler: it cannot wait for itself
      } else if (!Threads.shutdown(ownedDelivery, SHUTDOWN)) {
        LOG.warn("feed client: handler still running {} ms after close()", SHUTDOWN.toMillis());
      }
    }
  }

  @Override
  public String toString() {
    return "feed client of " + peer();
  }

  // ---- what its sessions tell it (event loop) ----

  String peer() {
    return host + ":" + port;
  }

  Duration idleTimeout() {
    return idleTimeout;
  }

  String token() {
    return token;
  }

  /** The seq to resume after, for a new connection's hello. */
  long since() {
    return since.getAsLong();
  }

  private boolean closed() {
    return connector.closed();
  }

  private void backlogDown() {
    connector.backlogDown();
  }

  void sessionOpened(ClientSession s) {
    session = s;
  }

  void sessionClosed(ClientSession s) {
    if (session == s) {
      session = null;
    }
  }

  void welcomed(long last) {
    lastFailure = null;
    connector.welcomed();
    serverLast.accumulateAndGet(last, Math::max);
    welcomes.incrementAndGet();
  }

  /** Event loop: a connection failed its TLS handshake; logged once per failure in a row. */
  void tlsFailed(String why) {
    String last = lastFailure;
    if (last != null && why.equals(FeedTls.CLOSED_DURING_HANDSHAKE)) {
      LOG.debug("{}: {}", this, why); // an attempt cut short says less than the reason before
      return;
    }
    if (why.equals(last)) {
      LOG.debug("{}: {}", this, why);
    } else {
      LOG.error("{}: {}", this, why);
    }
    lastFailure = why;
  }

  void serverAt(long seq) {
    serverLast.accumulateAndGet(seq, Math::max);
  }

  /** One more event is on its way to the handler; true when reading should pause. */
  boolean queueOne() {
    return delivery.queueOne();
  }

  /** Hands one read burst of events to the delivery thread. */
  void handOver(long generation, List<Event> events) {
    delivery.handOver(generation, events);
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
    private SslContext tls;

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
    /**
     * Backoff bounds: the first retry waits about min, doubling up to max (default 100 ms, 5 s),
     * each lengthened by up to a quarter at random.
     */
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

    /**
     * Speak TLS with this client-side context ({@link FeedTls#client}): the server's certificate
     * must be trusted by it and name the host given to {@link FeedClient#builder}; null: plain.
     */
    public Builder tls(SslContext v) {
      if (v != null && !v.isClient()) {
        throw new IllegalArgumentException("feed client: tls must be a client-side SslContext");
      }
      tls = v;
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
