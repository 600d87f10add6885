package io.revkeep.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.Origin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * Encodes and decodes feed lines: UTF-8 JSON, one object per line.
 *
 * <p>{@link #encode} returns the bytes of one line including the trailing {@code '\n'}; {@link
 * #decode} takes one line without it. Field names are those of docs/ARCHITECTURE.md ("Feed
 * protocol"); times are ISO-8601 UTC ({@link Instant#toString()}). Unknown extra fields are
 * ignored so that a newer peer can add fields; a missing or mistyped field, an unknown op, or a
 * line that is not one JSON object is a {@link FeedProtocolException} whose message names what
 * was wrong. Thread-safe.
 */
public final class FeedCodec {

  /** The longest line either side accepts, delimiter excluded (docs/ARCHITECTURE.md: 64 KiB). */
  public static final int MAX_LINE_BYTES = 64 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  static {
    FACTORY.setStreamReadConstraints(
        StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(MAX_LINE_BYTES).build());
  }

  private FeedCodec() {}

  /** One line of JSON for {@code message}, UTF-8, ending in {@code '\n'}. */
  public static byte[] encode(FeedMessage message) {
    int guess = message instanceof FeedMessage.Chunk c ? c.data().length / 3 * 4 + 160 : 320;
    ByteArrayOutputStream out = new ByteArrayOutputStream(guess);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      if (message instanceof FeedMessage.Hello m) {
        g.writeStringField("op", "hello");
        g.writeStringField("token", m.token());
        g.writeNumberField("since", m.since());
      } else if (message instanceof FeedMessage.Ack m) {
        g.writeStringField("op", "ack");
        g.writeNumberField("seq", m.seq());
      } else if (message instanceof FeedMessage.Fetch m) {
        g.writeStringField("op", "fetch");
        g.writeStringField("hash", m.hash());
      } else if (message instanceof FeedMessage.Ping) {
        g.writeStringField("op", "ping");
      } else if (message instanceof FeedMessage.Welcome m) {
        g.writeStringField("op", "welcome");
        g.writeNumberField("last", m.last());
      } else if (message instanceof FeedMessage.EventLine m) {
        g.writeStringField("op", "event");
        writeEventFields(g, m.event());
      } else if (message instanceof FeedMessage.Blob m) {
        g.writeStringField("op", "blob");
        g.writeStringField("hash", m.hash());
        g.writeNumberField("size", m.size());
      } else if (message instanceof FeedMessage.Chunk m) {
        g.writeStringField("op", "chunk");
        g.writeStringField("hash", m.hash());
        g.writeStringField("data", Base64.getEncoder().encodeToString(m.data()));
      } else if (message instanceof FeedMessage.End m) {
        g.writeStringField("op", "end");
        g.writeStringField("hash", m.hash());
      } else if (message instanceof FeedMessage.Missing m) {
        g.writeStringField("op", "missing");
        g.writeStringField("hash", m.hash());
      } else if (message instanceof FeedMessage.Error m) {
        g.writeStringField("op", "error");
        g.writeStringField("message", m.message());
      } else {
        throw new IllegalArgumentException("unknown message type " + message.getClass());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + message.getClass().getSimpleName(), e);
    }
    out.write('\n');
    return out.toByteArray();
  }

  /** The line of an {@code event} message: encode once, share the bytes with every subscriber. */
  public static byte[] encodeEvent(Event event) {
    return encode(new FeedMessage.EventLine(event));
  }

  private static void writeEventFields(JsonGenerator g, Event e) throws IOException {
    g.writeNumberField("seq", e.seq());
    g.writeStringField("action", e.action() == null ? null : e.action().name());
    g.writeStringField("name", e.name());
    g.writeStringField("from", e.from());
    g.writeStringField("location", e.location());
    g.writeNumberField("version", e.version());
    g.writeStringField("hash", e.hash());
    g.writeNumberField("size", e.size());
    g.writeStringField("time", e.time() == null ? null : e.time().toString());
    g.writeStringField("user", e.user());
    g.writeStringField("origin", e.origin() == null ? null : e.origin().wire());
    g.writeStringField("change_set", e.changeSet());
  }

  /** Decodes a line given as a string (without the trailing newline). */
  public static FeedMessage decode(String line) {
    return decode(line.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Decodes one line (UTF-8 bytes, without the trailing newline).
   *
   * @throws FeedProtocolException naming what was wrong
   */
  public static FeedMessage decode(byte[] line) {
    JsonNode node;
    try {
      node = MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new FeedProtocolException("not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new FeedProtocolException("unreadable line: " + e.getMessage(), e);
    }
    if (node == null || node.isMissingNode()) {
      throw new FeedProtocolException("empty line, expected a JSON object");
    }
    if (!node.isObject()) {
      throw new FeedProtocolException(
          "expected a JSON object, got " + node.getNodeType().name().toLowerCase());
    }
    String op = text(node, "op", "message", false);
    switch (op) {
      case "hello":
        long since = integer(node, "since", op);
        if (since < 0) {
          throw new FeedProtocolException("hello: since must be >= 0, was " + since);
        }
        return new FeedMessage.Hello(text(node, "token", op, false), since);
      case "ack":
        return new FeedMessage.Ack(integer(node, "seq", op));
      case "fetch":
        return new FeedMessage.Fetch(text(node, "hash", op, false));
      case "ping":
        return new FeedMessage.Ping();
      case "welcome":
        return new FeedMessage.Welcome(integer(node, "last", op));
      case "event":
        return new FeedMessage.EventLine(event(node));
      case "blob":
        return new FeedMessage.Blob(text(node, "hash", op, false), integer(node, "size", op));
      case "chunk":
        String data = text(node, "data", op, false);
        try {
          return new FeedMessage.Chunk(text(node, "hash", op, false), Base64.getDecoder().decode(data));
        } catch (IllegalArgumentException e) {
          throw new FeedProtocolException("chunk: data is not base64: " + e.getMessage());
        }
      case "end":
        return new FeedMessage.End(text(node, "hash", op, false));
      case "missing":
        return new FeedMessage.Missing(text(node, "hash", op, false));
      case "error":
        return new FeedMessage.Error(text(node, "message", op, false));
      default:
        throw new FeedProtocolException("unknown op \"" + abbreviate(op) + "\"");
    }
  }

  /** Decodes the fields of an event object (the {@code op} field, if any, is not looked at). */
  public static Event event(JsonNode node) {
    String op = "event";
    String actionName = text(node, "action", op, false);
    Action action;
    try {
      action = Action.valueOf(actionName);
    } catch (IllegalArgumentException e) {
      throw new FeedProtocolException("event: unknown action \"" + abbreviate(actionName) + "\"");
    }
    long version = integer(node, "version", op);
    if (version < Integer.MIN_VALUE || version > Integer.MAX_VALUE) {
      throw new FeedProtocolException("event: version out of range: " + version);
    }
    String time = text(node, "time", op, false);
    Instant instant;
    try {
      instant = Instant.parse(time);
    } catch (DateTimeParseException e) {
      throw new FeedProtocolException("event: time is not ISO-8601 UTC: \"" + abbreviate(time) + "\"");
    }
    // origin and change_set are optional: a listener from before they were sent omits them, and
    // its events decode with origin null (not known) and no change set.
    String originName = text(node, "origin", op, true);
    Origin origin;
    try {
      origin = originName == null ? null : Origin.fromWire(originName);
    } catch (IllegalArgumentException e) {
      throw new FeedProtocolException("event: unknown origin \"" + abbreviate(originName) + "\"");
    }
    return new Event(
        integer(node, "seq", op),
        action,
        text(node, "name", op, false),
        text(node, "from", op, true),
        text(node, "location", op, true),
        (int) version,
        text(node, "hash", op, true),
        integer(node, "size", op),
        instant,
        text(node, "user", op, true),
        origin,
        text(node, "change_set", op, true));
  }

  private static String text(JsonNode node, String field, String op, boolean nullable) {
    JsonNode v = node.get(field);
    if (v == null) {
      if (nullable) {
        return null;
      }
      throw new FeedProtocolException(op + ": missing field \"" + field + "\"");
    }
    if (v.isNull()) {
      if (nullable) {
        return null;
      }
      throw new FeedProtocolException(op + ": field \"" + field + "\" must not be null");
    }
    if (!v.isTextual()) {
      throw new FeedProtocolException(
          op + ": field \"" + field + "\" must be a string, was " + v.getNodeType().name().toLowerCase());
    }
    return v.textValue();
  }

  private static long integer(JsonNode node, String field, String op) {
    JsonNode v = node.get(field);
    if (v == null) {
      throw new FeedProtocolException(op + ": missing field \"" + field + "\"");
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new FeedProtocolException(
          op + ": field \"" + field + "\" must be an integer, was " + abbreviate(v.toString()));
    }
    return v.longValue();
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }
}
