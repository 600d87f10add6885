package io.revkeep.feed;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.revkeep.core.model.Event;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One connection of a {@link FeedClient}: says hello with the client's {@code since}, checks that
 * events follow it in strictly increasing seq, hands each read burst of events to the client's
 * delivery as one batch, answers pings, and receives the blobs it fetched ({@link BlobDownload}),
 * one at a time in the order asked.
 */
final class ClientSession extends FeedLineHandler {
  /*
   * Threads:    confined to its channel's event loop, except welcomed (volatile: read by the
   *             client's isConnected, ack, fetch) and ch.
   * State:      expected (the next seq), batch (events of the current read burst), downloads
   *             (fetches asked on this connection, oldest first), all event-loop-owned.
   * Invariants: an event below expected closes the connection; one above it is a seq the
   *             server's event log declared a hole (the server checks: LogBatch), logged.
   * Shutdown:   channelInactive hands over the last batch and fails the pending downloads.
   */

  private static final Logger LOG = LogManager.getLogger(FeedClient.class);

  final long generation;
  final Channel ch;
  volatile boolean welcomed;
  private final FeedClient client;
  private long expected;
  private final ArrayDeque<BlobDownload> downloads = new ArrayDeque<>();
  /** Events of the current read burst: handed to the delivery thread as one task. */
  private List<Event> batch = new ArrayList<>();

  ClientSession(FeedClient client, long generation, Channel ch) {
    super(LOG, FeedCodec.MAX_LINE_BYTES, client.idleTimeout());
    this.client = client;
    this.generation = generation;
    this.ch = ch;
  }

  /** Logged as the client it belongs to. */
  @Override
  public String toString() {
    return client.toString();
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    long from;
    try {
      from = client.since();
    } catch (RuntimeException e) {
      LOG.error("{}: the since supplier failed: {}; closing", client, e.toString());
      ctx.close();
      return;
    }
    expected = from + 1;
    client.sessionOpened(this);
    ctx.writeAndFlush(line(new FeedMessage.Hello(client.token(), from)));
    LOG.debug("{}: connected, hello since {}", client, from);
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
    client.handOver(generation, events);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    handBatch();
    welcomed = false;
    client.sessionClosed(this);
    for (BlobDownload d : downloads) {
      d.fail(lost(d));
    }
    downloads.clear();
    LOG.debug("{}: disconnected", client);
    ctx.fireChannelInactive();
  }

  /** Reported by the client, once per kind of failure in a row (it reconnects and may retry). */
  @Override
  void tlsFailed(String why) {
    client.tlsFailed(why);
  }

  /** Nothing read for the idle timeout closes the connection only while it reads. */
  @Override
  boolean closesWhenIdle(ChannelHandlerContext ctx) {
    return ch.config().isAutoRead();
  }

  @Override
  void handle(FeedMessage m) {
    if (m instanceof FeedMessage.EventLine line) {
      if (!welcomed) {
        throw new FeedProtocolException("event before welcome");
      }
      Event event = line.event();
      // Strictly increasing. A jump is a seq the server's event log declared a hole (a
      // Couchbase writer that died after taking it): the server checks that before it skips
      // (LogBatch.discontinuity), and this client cannot ask the store itself.
      if (event.seq() < expected) {
        throw new FeedProtocolException("event " + event.seq() + " where " + expected + " was expected");
      }
      if (event.seq() > expected) {
        LOG.info("{}: seq {} to {} skipped by the server (holes in its event log)",
            client, expected, event.seq() - 1);
      }
      expected = event.seq() + 1;
      if (client.queueOne()) {
        ch.config().setAutoRead(false);
      }
      batch.add(event);
      client.serverAt(event.seq());
    } else if (m instanceof FeedMessage.Ping) {
      ch.writeAndFlush(Unpooled.wrappedBuffer(PING));
    } else if (m instanceof FeedMessage.Welcome w) {
      if (welcomed) {
        throw new FeedProtocolException("second welcome");
      }
      welcomed = true;
      client.welcomed(w.last());
      LOG.debug("{}: welcome, server at seq {}", client, w.last());
    } else if (m instanceof FeedMessage.Blob b) {
      BlobDownload d = head(b.hash(), "blob");
      if (d.started) {
        throw new FeedProtocolException("second blob header for " + b.hash());
      }
      d.begin(b.size());
    } else if (m instanceof FeedMessage.Chunk c) {
      BlobDownload d = head(c.hash(), "chunk");
      if (!d.started) {
        throw new FeedProtocolException("chunk before blob header for " + c.hash());
      }
      d.write(c.data());
    } else if (m instanceof FeedMessage.End e) {
      BlobDownload d = head(e.hash(), "end");
      downloads.poll();
      d.finish();
    } else if (m instanceof FeedMessage.Missing missing) {
      BlobDownload d = head(missing.hash(), "missing");
      downloads.poll();
      d.fail(d.started
          ? new IOException("fetch " + d.hash + ": the server failed while reading it")
          : new BlobMissingException("fetch " + d.hash + ": the server does not have this blob"));
    } else if (m instanceof FeedMessage.Error error) {
      LOG.warn("{}: server refused: {}", client, error.message());
      ch.close();
    } else {
      throw new FeedProtocolException("unexpected op from the server: " + m.getClass().getSimpleName());
    }
  }

  private BlobDownload head(String hash, String op) {
    BlobDownload d = downloads.peek();
    if (d == null || !d.hash.equals(hash)) {
      throw new FeedProtocolException(op + " for " + hash + " which was not requested");
    }
    return d;
  }

  /** Event loop: asks the server for one blob (or fails it if this connection is gone). */
  void startFetch(BlobDownload d) {
    if (!ch.isActive()) {
      d.fail(lost(d));
      return;
    }
    downloads.add(d);
    ch.writeAndFlush(line(new FeedMessage.Fetch(d.hash)));
  }

  private IOException lost(BlobDownload d) {
    return new IOException("fetch " + d.hash + ": connection to " + client.peer() + " lost");
  }
}
