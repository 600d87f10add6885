package io.revkeep.feed;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.revkeep.core.vault.BlobSource;
import java.io.ByteArrayInputStream;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Answers the fetches of one feed connection: one blob at a time, in the order asked, each as a
 * {@code blob} header, {@code chunk}s of {@link #CHUNK_BYTES} and an {@code end} (or {@code
 * missing} when the source does not keep it or fails midway). A chunk is read only while the
 * channel is writable, so a blob costs the connection at most one chunk of memory.
 */
final class BlobSender {
  /*
   * Threads:    every method is called on the connection's event loop. Opening a blob and reading
   *             a chunk are blocking, so they run on a replay thread, which hands the result back
   *             to the event loop (onLoop).
   * State:      fetches (hashes asked, not yet started) and current, event-loop-owned. A
   *             BlobStream's fields are written on the event loop; its stream is read by a replay
   *             thread only while readInFlight, so the two never use it at once.
   * Invariants: at most one blob in progress and one read in flight per connection; lines of one
   *             blob go out in order (each chunk is read after the previous one was written).
   * Shutdown:   cancel() (the connection closed): a stream not being read is closed at once, one
   *             being read when its read hands back (onLoop sees it cancelled). Streams whose
   *             hand-back is refused (the event loops are gone) are closed by the replay thread.
   */

  private static final Logger LOG = LogManager.getLogger(FeedServer.class);

  /** Raw bytes per chunk line: base64 of 32 KiB is 43,692 characters, well inside 64 KiB. */
  static final int CHUNK_BYTES = 32 * 1024;

  private final Channel ch;
  private final BlobSource blobs;
  private final Executor replay;
  /** Names the connection in log lines. */
  private final Object connection;
  private final ArrayDeque<String> fetches = new ArrayDeque<>();
  private BlobStream current;

  BlobSender(Channel ch, BlobSource blobs, Executor replay, Object connection) {
    this.ch = ch;
    this.blobs = blobs;
    this.replay = replay;
    this.connection = connection;
  }

  /** The client asked for the blob {@code hash} (already checked to be a SHA-256). */
  void fetch(String hash) {
    fetches.add(hash);
    next();
  }

  /** The channel is writable again: go on with the current blob. */
  void writable() {
    continueBlob();
  }

  /** The connection closed: drop what was asked and release the current stream. */
  void cancel() {
    fetches.clear();
    if (current != null) {
      current.cancelled = true;
      if (!current.readInFlight) {
        current.closeQuietly();
      }
      current = null;
    }
  }

  private void next() {
    if (current != null || fetches.isEmpty() || !ch.isActive()) {
      return;
    }
    BlobStream b = new BlobStream(fetches.poll());
    current = b;
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
          LOG.warn("{}: cannot open blob {}: {}", connection, b.hash, e.toString());
          in = Optional.empty();
        }
        Optional<InputStream> opened = in;
        long known = size;
        onLoop(b, () -> {
          b.readInFlight = false;
          if (opened.isEmpty()) {
            ch.writeAndFlush(FeedLineHandler.line(new FeedMessage.Missing(b.hash)));
            done(b);
            return;
          }
          b.in = opened.get();
          ch.writeAndFlush(FeedLineHandler.line(new FeedMessage.Blob(b.hash, known)));
          continueBlob();
        }, opened.orElse(null));
      });
    } catch (RejectedExecutionException e) {
      current = null;
    }
  }

  /** Reads the next chunk of the current blob if the channel is writable. */
  private void continueBlob() {
    BlobStream b = current;
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
          LOG.warn("{}: reading blob {} failed after {} bytes: {}", connection, b.hash, b.sent,
              e.toString());
          data = null;
        }
        byte[] chunk = data;
        byte[] line = chunk != null && chunk.length > 0
            ? FeedCodec.encode(new FeedMessage.Chunk(b.hash, chunk)) : null;
        onLoop(b, () -> {
          b.readInFlight = false;
          if (chunk == null) {
            ch.writeAndFlush(FeedLineHandler.line(new FeedMessage.Missing(b.hash)));
            done(b);
          } else if (chunk.length == 0) {
            ch.writeAndFlush(FeedLineHandler.line(new FeedMessage.End(b.hash)));
            LOG.debug("{}: sent blob {} ({} bytes)", connection, b.hash, b.sent);
            done(b);
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

  private void done(BlobStream b) {
    b.closeQuietly();
    if (current == b) {
      current = null;
    }
    next();
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

  /** One blob being streamed; owned by the connection's event loop (see State). */
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
}
