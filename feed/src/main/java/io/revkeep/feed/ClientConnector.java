package io.revkeep.feed;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.revkeep.core.retry.Backoff;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Opens the connections of one {@link FeedClient}, one at a time: the first on start(), then,
 * when one closes and reconnecting is on, the next after a {@link Backoff} delay (with jitter,
 * so that a crowd of clients that lost one server does not come back at the same instant), and
 * never while the client's handler is too far behind. Each connection's pipeline is [SslHandler
 * for host:port, with TLS] → IdleStateHandler → LineBasedFrameDecoder (failFast) → the handler
 * {@code sessions} makes.
 */
final class ClientConnector {
  /*
   * Threads:    start() runs on the caller's thread; a reconnect on the event loop group
   *             (scheduled); a connect held back for the backlog on the group too, submitted by
   *             the delivery thread (backlogDown()); disconnected() on the event loop when a
   *             channel closes; welcomed() on the event loop; close() on any thread.
   * State:      "lock" guards started, closed, channel (the current connection attempt),
   *             reconnectTask, attempts (failures in a row) and waitingForBacklog.
   * Invariants: at most one connection (or attempt) at a time: a new one is made only when the
   *             current one's close future fired, or on start(). A reconnect waits until the
   *             handler's backlog is down (waitingForBacklog, checked and set under "lock" with a
   *             re-read of the backlog, so the wake-up from the delivery thread cannot be
   *             missed): a stuck handler whose server gave up on it does not make the client
   *             pile up a copy per reconnect. A welcome resets the backoff.
   * Shutdown:   close() cancels a pending reconnect and closes the current connection; nothing
   *             connects after it.
   */

  private static final Logger LOG = LogManager.getLogger(FeedClient.class);

  /** Makes the feed handler of one connection: its generation and its channel. */
  @FunctionalInterface
  interface Sessions {
    FeedLineHandler open(long generation, Channel ch);
  }

  private final Object client;
  private final EventLoopGroup group;
  private final String host;
  private final int port;
  private final boolean reconnect;
  private final BooleanSupplier backlogged;
  private final Bootstrap bootstrap;
  private final Sessions sessions;
  private final Duration heartbeatInterval;
  private final Duration idleTimeout;
  private final SslContext tls;

  private final Object lock = new Object();
  // @GuardedBy("lock")
  private boolean started;
  // @GuardedBy("lock")
  private Channel channel;
  // @GuardedBy("lock")
  private ScheduledFuture<?> reconnectTask;
  // @GuardedBy("lock")
  private final Backoff.Attempts attempts;
  // @GuardedBy("lock") a reconnect waits until the handler's backlog is down
  private boolean waitingForBacklog;
  // @GuardedBy("lock") numbers the connections, from 1
  private long generations;
  private volatile boolean closed;

  /**
   * @param client names the client in log lines
   * @param tls the client side of TLS, or null for plain TCP
   * @param backoff the delays between reconnects (null when not reconnecting)
   * @param backlogged whether the handler is too far behind for a new connection
   */
  ClientConnector(Object client, EventLoopGroup group, String host, int port,
      Duration connectTimeout, Duration heartbeatInterval, Duration idleTimeout, SslContext tls,
      Backoff backoff, BooleanSupplier backlogged, Sessions sessions) {
    this.client = client;
    this.group = group;
    this.host = host;
    this.port = port;
    this.reconnect = backoff != null;
    this.attempts = backoff != null ? backoff.attempts() : null;
    this.backlogged = backlogged;
    this.bootstrap = new Bootstrap()
        .group(group)
        .channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
        .option(ChannelOption.TCP_NODELAY, true);
    this.sessions = sessions;
    this.heartbeatInterval = heartbeatInterval;
    this.idleTimeout = idleTimeout;
    this.tls = tls;
  }

  /** Starts connecting; throws when called twice or after close(). */
  void start() {
    synchronized (lock) {
      if (closed || started) {
        throw new IllegalStateException("feed client: start() called twice or after close()");
      }
      started = true;
    }
    connect();
  }

  boolean closed() {
    return closed;
  }

  /** The server welcomed the current connection: the next failure waits the first delay. */
  void welcomed() {
    synchronized (lock) {
      if (attempts != null) {
        attempts.succeeded();
      }
    }
  }

  /** The handler's backlog is down again: a reconnect held back for it happens now. */
  void backlogDown() {
    synchronized (lock) {
      if (waitingForBacklog && !closed) {
        waitingForBacklog = false;
        try {
          group.execute(this::connect);
        } catch (RejectedExecutionException e) {
          LOG.debug("{}: not reconnecting, event loop group is shutting down", client);
        }
      }
    }
  }

  /**
   * Connects no more, and closes the current connection, waiting up to {@code timeout} for it
   * unless called on its event loop.
   *
   * @return false when it was already closed
   */
  boolean close(Duration timeout) {
    Channel ch;
    synchronized (lock) {
      if (closed) {
        return false;
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
        f.awaitUninterruptibly(timeout.toMillis());
      }
    }
    return true;
  }

  private void connect() {
    ChannelFuture f;
    synchronized (lock) {
      if (closed) {
        return;
      }
      reconnectTask = null;
      if (backlogged.getAsBoolean()) {
        // the handler is behind: a new connection would only pile up more
        waitingForBacklog = true;
        return;
      }
      long generation = ++generations;
      try {
        f = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (tls != null) {
              // host and port: the certificate must name the host (endpoint identification)
              ch.pipeline().addLast("tls", tls.newHandler(ch.alloc(), host, port));
            }
            ch.pipeline()
                .addLast("idle", new IdleStateHandler(idleTimeout.toMillis(),
                    heartbeatInterval.toMillis(), 0, TimeUnit.MILLISECONDS))
                .addLast("lines", new LineBasedFrameDecoder(FeedCodec.MAX_LINE_BYTES, true, true))
                .addLast("feed", sessions.open(generation, ch));
          }
        }).connect(host, port);
      } catch (RejectedExecutionException e) {
        return; // a shared group is shutting down
      }
      channel = f.channel();
    }
    f.addListener(done -> {
      if (!done.isSuccess()) {
        LOG.debug("{}: connect failed: {}", client, String.valueOf(done.cause()));
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
      // spread a crowd's reconnects: up to the backoff's jitter more
      long delay = attempts.failed(n -> ThreadLocalRandom.current().nextLong(n)).toNanos();
      try {
        reconnectTask = group.schedule(this::connect, delay, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        LOG.debug("{}: not reconnecting, event loop group is shutting down", client);
      }
    }
  }
}
