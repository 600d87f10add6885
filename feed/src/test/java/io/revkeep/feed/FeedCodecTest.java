package io.revkeep.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.Origin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedCodecTest {

  private static String line(FeedMessage m) {
    return new String(FeedCodec.encode(m), StandardCharsets.UTF_8);
  }

  @Test
  void an_event_is_one_line_with_the_field_names_of_the_protocol() {
    Event e = new Event(7, Action.CREATE, "a/b.txt", null, "host:/srv/a/b.txt", 3, "ab12", 12,
        Instant.parse("2026-11-25T10:00:00.123Z"), "alice", Origin.WEB, "cs-1");
    assertThat(line(new FeedMessage.EventLine(e))).isEqualTo(
        "{\"op\":\"event\",\"seq\":7,\"action\":\"CREATE\",\"name\":\"a/b.txt\",\"from\":null,"
            + "\"location\":\"host:/srv/a/b.txt\",\"version\":3,\"hash\":\"ab12\",\"size\":12,"
            + "\"time\":\"2026-11-25T10:00:00.123Z\",\"user\":\"alice\",\"origin\":\"web\","
            + "\"change_set\":\"cs-1\"}\n");
  }

  @Test
  void an_event_of_an_older_listener_without_origin_and_change_set_decodes_with_neither() {
    String older = "{\"op\":\"event\",\"seq\":7,\"action\":\"CREATE\",\"name\":\"a/b.txt\","
        + "\"from\":null,\"location\":\"host:/srv/a/b.txt\",\"version\":3,\"hash\":\"ab12\","
        + "\"size\":12,\"time\":\"2026-11-25T10:00:00.123Z\",\"user\":\"alice\"}";
    assertThat(FeedCodec.decode(older)).isEqualTo(new FeedMessage.EventLine(new Event(7,
        Action.CREATE, "a/b.txt", null, "host:/srv/a/b.txt", 3, "ab12", 12,
        Instant.parse("2026-11-25T10:00:00.123Z"), "alice", null, null)));
  }

  @Test
  void every_message_survives_a_round_trip() {
    Event e = MemoryEventLog.event(14);
    FeedMessage[] messages = {
        new FeedMessage.Hello("sécret \"x\"", 42), new FeedMessage.Ack(9), new FeedMessage.Fetch("ff"),
        new FeedMessage.Ping(), new FeedMessage.Welcome(100), new FeedMessage.EventLine(e),
        new FeedMessage.Blob("ff", 3), new FeedMessage.End("ff"), new FeedMessage.Missing("ff"),
        new FeedMessage.Error("wrong token")};
    for (FeedMessage m : messages) {
      String text = line(m);
      assertThat(text).endsWith("\n").doesNotContain("\n\n");
      assertThat(FeedCodec.decode(text.substring(0, text.length() - 1))).isEqualTo(m);
    }
    FeedMessage.Chunk chunk = (FeedMessage.Chunk) FeedCodec.decode(
        line(new FeedMessage.Chunk("ff", new byte[] {0, 1, (byte) 255})).trim());
    assertThat(chunk.data()).containsExactly(0, 1, 255);
  }

  @Test
  void a_line_that_is_not_json_names_the_problem() {
    assertThatThrownBy(() -> FeedCodec.decode("hello there"))
        .isInstanceOf(FeedProtocolException.class).hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> FeedCodec.decode("[1,2]"))
        .isInstanceOf(FeedProtocolException.class).hasMessage("expected a JSON object, got array");
    assertThatThrownBy(() -> FeedCodec.decode(""))
        .isInstanceOf(FeedProtocolException.class).hasMessageContaining("empty line");
    assertThatThrownBy(() -> FeedCodec.decode(new byte[] {'{', '"', (byte) 0xff, '"', ':', '1', '}'}))
        .isInstanceOf(FeedProtocolException.class).hasMessageStartingWith("not JSON");
  }

  @Test
  void an_unknown_op_or_a_missing_field_is_named() {
    assertThatThrownBy(() -> FeedCodec.decode("{\"op\":\"dance\"}"))
        .isInstanceOf(FeedProtocolException.class).hasMessage("unknown op \"dance\"");
    assertThatThrownBy(() -> FeedCodec.decode("{\"seq\":1}"))
        .isInstanceOf(FeedProtocolException.class).hasMessage("message: missing field \"op\"");
    assertThatThrownBy(() -> FeedCodec.decode("{\"op\":\"hello\",\"token\":\"t\"}"))
        .isInstanceOf(FeedProtocolException.class).hasMessage("hello: missing field \"since\"");
    assertThatThrownBy(() -> FeedCodec.decode("{\"op\":\"hello\",\"token\":\"t\",\"since\":\"5\"}"))
        .isInstanceOf(FeedProtocolException.class).hasMessage("hello: field \"since\" must be an integer, was \"5\"");
    assertThatThrownBy(() -> FeedCodec.decode("{\"op\":\"hello\",\"token\":\"t\",\"since\":-1}"))
        .isInstanceOf(FeedProtocolException.class).hasMessage("hello: since must be >= 0, was -1");
    assertThatThrownBy(() -> FeedCodec.decode("{\"op\":\"ack\",\"seq\":1.5}"))
        .isInstanceOf(FeedProtocolException.class).hasMessageContaining("\"seq\" must be an integer");
  }

  @Test
  void a_bad_event_field_is_named() {
    String good = line(new FeedMessage.EventLine(MemoryEventLog.event(3))).trim();
    assertThatThrownBy(() -> FeedCodec.decode(good.replace("MODIFY", "EXPLODE")))
        .isInstanceOf(FeedProtocolException.class).hasMessage("event: unknown action \"EXPLODE\"");
    String withOrigin = line(new FeedMessage.EventLine(MemoryEventLog.event(4))).trim();
    assertThat(withOrigin).contains("\"origin\":\"web\"");
    assertThatThrownBy(() -> FeedCodec.decode(withOrigin.replace("\"web\"", "\"mail\"")))
        .isInstanceOf(FeedProtocolException.class).hasMessage("event: unknown origin \"mail\"");
    assertThatThrownBy(() -> FeedCodec.decode(withOrigin.replace("\"web\"", "7")))
        .isInstanceOf(FeedProtocolException.class)
        .hasMessage("event: field \"origin\" must be a string, was number");
    assertThatThrownBy(() -> FeedCodec.decode(good.replace("2026-11-25T", "yesterday ")))
        .isInstanceOf(FeedProtocolException.class).hasMessageStartingWith("event: time is not ISO-8601 UTC");
    assertThatThrownBy(() -> FeedCodec.decode(good.replace("\"name\":\"dir", "\"name\":null,\"x\":\"dir")))
        .isInstanceOf(FeedProtocolException.class).hasMessage("event: field \"name\" must not be null");
    assertThatThrownBy(() -> FeedCodec.decode("{\"op\":\"chunk\",\"hash\":\"ff\",\"data\":\"***\"}"))
        .isInstanceOf(FeedProtocolException.class).hasMessageStartingWith("chunk: data is not base64");
  }

  @Test
  void unknown_extra_fields_are_ignored_for_newer_peers() {
    assertThat(FeedCodec.decode("{\"op\":\"ack\",\"seq\":5,\"extra\":[1]}")).isEqualTo(new FeedMessage.Ack(5));
  }

  @Test
  void a_full_chunk_fits_in_a_line() {
    byte[] line = FeedCodec.encode(new FeedMessage.Chunk("f".repeat(64), new byte[BlobSender.CHUNK_BYTES]));
    assertThat(line.length).isLessThan(FeedCodec.MAX_LINE_BYTES);
  }
}
