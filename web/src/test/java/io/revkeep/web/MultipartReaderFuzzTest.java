package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fuzzes the upload body reader. Any body, cut into reads of any size, is either read to its end
 * part by part or refused with {@link MultipartReader.Malformed} (the 400 the client sees) —
 * never another exception, never a loop; and a body written by a well-behaved client (any file
 * names, any contents that do not hold its boundary — a client picks the boundary so) comes back
 * exactly. Seeds: MultipartReaderFuzzTestInputs/ in the test
 * resources.
 */
class MultipartReaderFuzzTest {
  private static final int MAX_PARTS = 64;

  @FuzzTest(maxDuration = "5s")
  void a_body_is_read_whole_or_refused_as_malformed(FuzzedDataProvider data) throws IOException {
    int chunk = data.consumeInt(1, 70_000);
    if (data.consumeBoolean()) {
      roundTrip(data, chunk);
      return;
    }
    byte[] body = data.consumeRemainingAsBytes();
    MultipartReader r = new MultipartReader(MultipartReaderTest.trickle(body, chunk),
        Http.BOUNDARY);
    try {
      int parts = 0;
      MultipartReader.Part p;
      while ((p = r.next()) != null) {
        assertThat(++parts).as("parts of a %d-byte body", body.length).isLessThanOrEqualTo(
            body.length);
        p.body().readAllBytes();
      }
    } catch (MultipartReader.Malformed refused) {
      assertThat(refused.getMessage()).isNotBlank();
    }
  }

  private static void roundTrip(FuzzedDataProvider data, int chunk) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    int n = data.consumeInt(1, MAX_PARTS);
    for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
      String name = "f" + i + data.consumeString(40).replaceAll("[\"\\r\\n\\\\]", "_");
      byte[] content = data.consumeBytes(data.consumeInt(0, 100_000));
      if (!new String(content, StandardCharsets.ISO_8859_1).contains("--" + Http.BOUNDARY)) {
        files.put(name, content); // a client picks a boundary its content does not hold
      }
    }
    byte[] body = Http.multipart("dir", files);
    MultipartReader r = new MultipartReader(MultipartReaderTest.trickle(body, chunk),
        Http.BOUNDARY);
    MultipartReader.Part dir = r.next();
    assertThat(dir.name()).isEqualTo("dir");
    assertThat(new String(dir.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("dir");
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      MultipartReader.Part p = r.next();
      assertThat(p.filename()).isEqualTo(f.getKey().replace("\"", "%22"));
      assertThat(p.body().readAllBytes()).isEqualTo(f.getValue());
    }
    assertThat(r.next()).isNull();
  }
}
