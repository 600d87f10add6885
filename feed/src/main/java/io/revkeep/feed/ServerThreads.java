package io.revkeep.feed;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.revkeep.core.Threads;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The threads and the listening socket of one {@link FeedServer} run: one boss event loop that
 * accepts, the worker event loops that own the connections, and the replay threads that do the
 * blocking reads (event log, blob source). Each connection's pipeline is [SslHandler, with TLS]
 * → LineBasedFrameDecoder (failFast) → IdleStateHandler → its {@link Subscriber}, with the
 * outbound water marks at the settings' limit and half of it. The idle handler sits after the
 * line decoder so that only complete lines count as reading: bytes trickled without a line end
 * do not keep a connection open.
 */
final class ServerThreads {
  /*
   * Threads:    started by the constructor, ended by shutdown(); not thread-safe itself: FeedServer calls
   *             it under its lifecycle lock.
   * Shutdown:   stopAccepting() closes the listening socket; shutdown() then stops the replay
   *             threads first, gracefully (a queued blob read still runs, finds its channel
   *             closed and closes its stream, on the event loop or right there once the loops
   *             are gone), then the event loops, and waits for each group (bounded).
   */

  private static final Logger LOG = LogManager.getLogger(FeedServer.class);

  private final FeedServerSettings settings;
  private final ExecutorService replay;
  private final EventLoopGroup bossGroup;
  private final EventLoopGroup workerGroup;
  private Channel serverChannel;

  /** Starts the replay threads and the event loops (not yet listening). */
  ServerThreads(FeedServerSettings settings) {
    this.settings = settings;
    ThreadPoolExecutor pool = new ThreadPoolExecutor(settings.replayThreads(),
        settings.replayThreads(), 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        new DefaultThreadFactory("revkeep-feed-replay", true));
    pool.prestartAllCoreThreads();
    replay = pool;
    bossGroup = new MultiThreadIoEventLoopGroup(1,
        new DefaultThreadFactory("revkeep-feed-boss", true), NioIoHandler.newFactory());
    workerGroup = new MultiThreadIoEventLoopGroup(settings.workerThreads(),
        new DefaultThreadFactory("revkeep-feed-worker", true), NioIoHandler.newFactory());
  }

  /** The threads that do the blocking reads. */
  Executor replay() {
    return replay;
  }

  /**
   * Listens as the settings say; every accepted connection gets the feed handler {@code
   * connection} makes for it.
   *
   * @throws IOException when the address cannot be bound (the message names it); the threads
   *     are then stopped
   */
  void listen(Function<SocketChannel, FeedLineHandler> connection) throws IOException {
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
            if (settings.tls() != null) {
              ch.pipeline().addLast("tls", settings.tls().newHandler(ch.alloc()));
            }
            ch.pipeline()
                .addLast("lines", new LineBasedFrameDecoder(settings.maxLineBytes(), true, true))
                .addLast("idle", new IdleStateHandler(settings.idleTimeout().toMillis(),
                    settings.heartbeatInterval().toMillis(), 0, TimeUnit.MILLISECONDS))
                .addLast("feed", connection.apply(ch));
          }
        });
    try {
      serverChannel = bootstrap.bind(settings.bindAddress(), settings.port()).sync().channel();
    } catch (Exception e) {
      shutdown(FeedServer.SHUTDOWN);
      throw new IOException("feed server: cannot listen on " + settings.bindAddress() + ":"
          + settings.port() + ": " + e.getMessage(), e);
    }
  }

  /** The bound port. */
  int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Closes the listening socket and waits up to {@code timeout} for it. */
  void stopAccepting(Duration timeout) {
    if (serverChannel != null) {
      serverChannel.close().awaitUninterruptibly(timeout.toMillis());
    }
  }

  /** Stops the replay threads, then the event loops, waiting up to {@code timeout} for each. */
  void shutdown(Duration timeout) {
    long millis = timeout.toMillis();
    if (!Threads.shutdown(replay, timeout)) {
      LOG.warn("feed server: replay threads still busy after {} ms; interrupting", millis);
      replay.shutdownNow();
    }
    workerGroup.shutdownGracefully(0, millis, TimeUnit.MILLISECONDS);
    bossGroup.shutdownGracefully(0, millis, TimeUnit.MILLISECONDS);
    try {
      workerGroup.terminationFuture().await(millis * 2);
      bossGroup.terminationFuture().await(millis * 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
