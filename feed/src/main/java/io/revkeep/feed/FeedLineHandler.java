package io.revkeep.feed;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.IOException;
import java.time.Duration;
import org.apache.logging.log4j.Logger;

/**
 * What both ends of a feed connection do alike, as the last handler of its pipeline (after an
 * IdleStateHandler and a LineBasedFrameDecoder): each line is copied out, released, decoded and
 * given to {@link #handle}; a line that breaks the protocol ({@link FeedProtocolException}), one
 * over the line limit, a failed TLS handshake, or an unexpected error closes this connection
 * only, with one log line and no stack trace for the expected cases. Idle events become a ping
 * (nothing written for the heartbeat interval) or a close (nothing read for the idle timeout).
 *
 * <p>Confined to the channel's event loop, like every Netty handler; subclasses keep their
 * connection's state there too ({@link Subscriber}, {@link ClientSession}).
 */
abstract class FeedLineHandler extends ChannelInboundHandlerAdapter {
  /*
   * Threads:    every method runs on the channel's event loop (Netty calls a handler from the
   *             loop of its channel only), so neither this class nor a subclass's event-loop
   *             state needs a lock.
   * State:      none of its own beyond what the constructor fixes.
   * Shutdown:   the channel's close; a subclass releases its state in channelInactive.
   */

  /** The ping line, shared by every connection (never modified). */
  static final byte[] PING = FeedCodec.encode(new FeedMessage.Ping());

  private final Logger log;
  private final int maxLineBytes;
  private final Duration idleTimeout;
  /** Event loop: a TLS failure of this connection was logged already. */
  private boolean reportedTls;

  /**
   * @param log where the connection's problems are logged (the owning server's or client's)
   * @param maxLineBytes the line limit of the pipeline's decoder, for the log line
   * @param idleTimeout the reader timeout of the pipeline's IdleStateHandler, for the log line
   */
  FeedLineHandler(Logger log, int maxLineBytes, Duration idleTimeout) {
    this.log = log;
    this.maxLineBytes = maxLineBytes;
    this.idleTimeout = idleTimeout;
  }

  /** The line of one message, ready to write. */
  static ByteBuf line(FeedMessage m) {
    return Unpooled.wrappedBuffer(FeedCodec.encode(m));
  }

  /** Handles one decoded message; throws FeedProtocolException to close the connection. */
  abstract void handle(FeedMessage m);

  /** Whether lines are still handled (else they are read and dropped). */
  boolean reading(ChannelHandlerContext ctx) {
    return ctx.channel().isActive();
  }

  /** Whether nothing read for the idle timeout closes the connection now. */
  boolean closesWhenIdle(ChannelHandlerContext ctx) {
    return true;
  }

  /**
   * A TLS failure on this connection (a handshake refused, a peer that does not speak TLS), in
   * one line ({@link FeedTls#describe}); the connection is closed after. Logged as a warning
   * unless a subclass says otherwise.
   */
  void tlsFailed(String why) {
    log.warn("{}: {}; closing", this, why);
  }

  /** Whether nothing written for the heartbeat interval sends a ping now. */
  boolean pingsWhenQuiet() {
    return true;
  }

  @Override
  public final void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf buf = (ByteBuf) msg;
    byte[] line;
    try {
      line = ByteBufUtil.getBytes(buf);
    } finally {
      buf.release();
    }
    if (!reading(ctx)) {
      return;
    }
    try {
      handle(FeedCodec.decode(line));
    } catch (FeedProtocolException e) {
      log.warn("{}: {}; closing", this, e.getMessage());
      ctx.close();
    }
  }

  @Override
  public final void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (FeedTls.isTlsFailure(cause)) {
      if (!reportedTls) {
        reportedTls = true;
        tlsFailed(FeedTls.describe(cause));
      }
    } else if (cause instanceof TooLongFrameException) {
      log.warn("{}: line longer than {} bytes; closing", this, maxLineBytes);
    } else if (cause instanceof IOException) {
      log.debug("{}: {}", this, cause.toString());
    } else {
      log.warn("{}: unexpected error; closing", this, cause);
    }
    ctx.close();
  }

  @Override
  public final void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent e) {
      if (e.state() == IdleState.READER_IDLE && closesWhenIdle(ctx)) {
        log.info("{}: nothing received for {} ms; closing", this, idleTimeout.toMillis());
        ctx.close();
      } else if (e.state() == IdleState.WRITER_IDLE && pingsWhenQuiet()) {
        ctx.writeAndFlush(Unpooled.wrappedBuffer(PING));
      }
    } else if (evt instanceof SslHandshakeCompletionEvent done && !done.isSuccess()) {
      // usually reported by exceptionCaught already; a handshake cut short is reported here
      if (!reportedTls) {
        reportedTls = true;
        tlsFailed(FeedTls.describe(done.cause()));
      }
      ctx.close();
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }
}
