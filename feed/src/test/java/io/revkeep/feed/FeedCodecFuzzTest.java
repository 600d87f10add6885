package io.revkeep.feed;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes what a peer can send: {@link FeedCodec#decode(byte[])} of any line either decodes to a
 * message that encodes and decodes back to itself, or refuses with
 * {@link FeedProtocolException}; never another exception. Seeds: FeedCodecFuzzTestInputs/ in
 * the test resources.
 */
class FeedCodecFuzzTest {

  @FuzzTest(maxDuration = "5s")
  void a_line_decodes_or_is_refused_with_a_protocol_error(byte[] line) {
    FeedMessage message;
    try {
      message = FeedCodec.decode(line);
    } catch (FeedProtocolException e) {
      assertThat(e.getMessage()).isNotBlank();
      return;
    }
    assertThat(message).isNotNull();
    byte[] encoded = FeedCodec.encode(message);
    assertThat(encoded[encoded.length - 1]).isEqualTo((byte) '\n');
    byte[] withoutNewline = java.util.Arrays.copyOf(encoded, encoded.length - 1);
    // compared by their encodings: a Chunk's bytes are an array, which a record compares by
    // identity (a Chunk decoded twice is two arrays with the same bytes)
    assertThat(FeedCodec.encode(FeedCodec.decode(withoutNewline))).isEqualTo(encoded);
  }
}
