package io.revkeep.feed;

import io.revkeep.core.model.Event;
import java.util.Objects;

/**
 * One line of the feed protocol. Each record is one {@code op}; {@link FeedCodec} turns them into
 * JSON lines and back.
 */
public sealed interface FeedMessage {

  /** Client → server, first line: {@code {"op":"hello","token":"…","since":N}}. */
  record Hello(String token, long since) implements FeedMessage {
    public Hello {
      Objects.requireNonNull(token, "token");
      if (since < 0) {
        throw new IllegalArgumentException("since must be >= 0, was " + since);
      }
    }

    @Override
    public String toString() {
      return "Hello[token=<hidden>, since=" + since + "]";
    }
  }

  /** Client → server: everything up to {@code seq} is durable on the client. */
  record Ack(long seq) implements FeedMessage {}

  /** Client → server: send the bytes whose SHA-256 is {@code hash}. */
  record Fetch(String hash) implements FeedMessage {
    public Fetch {
      Objects.requireNonNull(hash, "hash");
    }
  }

  /** Both ways: heartbeat. */
  record Ping() implements FeedMessage {}

  /** Server → client after a good hello: {@code last} is the last seq the server has published. */
  record Welcome(long last) implements FeedMessage {}

  /** Server → client: one event of the log. */
  record EventLine(Event event) implements FeedMessage {
    public EventLine {
      Objects.requireNonNull(event, "event");
    }
  }

  /** Server → client: a fetch answer starts; {@code size} bytes follow in chunks. */
  record Blob(String hash, long size) implements FeedMessage {}

  /** Server → client: the next bytes of a blob (base64 on the wire). */
  record Chunk(String hash, byte[] data) implements FeedMessage {}

  /** Server → client: the blob is complete. */
  record End(String hash) implements FeedMessage {}

  /** Server → client: the server does not keep this hash. */
  record Missing(String hash) implements FeedMessage {}

  /** Server → client before it closes the connection: why. */
  record Error(String message) implements FeedMessage {}
}
