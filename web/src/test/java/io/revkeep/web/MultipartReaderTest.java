package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MultipartReaderTest {

  /** Hands out at most {@code n} bytes per read: boundaries fall across reads. */
  static InputStream trickle(byte[] bytes, int n) {
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, n));
      }
    };
  }

  @Test
  void parts_come_out_whole_whatever_the_read_sizes() throws IOException {
    Random random = new Random(7);
    Map<String, byte[]> files = new LinkedHashMap<>();
    byte[] big = new byte[300_000];
    random.nextBytes(big);
    files.put("big.bin", big);
    files.put("empty.txt", new byte[0]);
    files.put("crlf.txt", ("\r\n--" + Http.BOUNDARY.substring(0, 10) + "\r\n").getBytes(
        StandardCharsets.ISO_8859_1));
    byte[] body = Http.multipart("some/dir", files);
    for (int chunk : new int[] {1, 7, 4096, 1 << 20}) {
      MultipartReader r = new MultipartReader(trickle(body, chunk), Http.BOUNDARY);
      MultipartReader.Part dir = r.next();
      assertThat(dir.name()).isEqualTo("dir");
      assertThat(dir.filename()).isNull();
      assertThat(new String(dir.body().readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo("some/dir");
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        MultipartReader.Part p = r.next();
        assertThat(p.name()).isEqualTo("file");
        assertThat(p.filename()).isEqualTo(f.getKey());
        assertThat(p.body().readAllBytes()).as(f.getKey() + " at chunk " + chunk)
            .isEqualTo(f.getValue());
      }
      assertThat(r.next()).isNull();
    }
  }

  @Test
  void unread_parts_are_skipped() throws IOException {
    byte[] body = Http.multipart(null, Map.of("a.txt", "aaa".getBytes(StandardCharsets.UTF_8)));
    MultipartReader r = new MultipartReader(trickle(body, 3), Http.BOUNDARY);
    assertThat(r.next().filename()).isEqualTo("a.txt");
    assertThat(r.next()).isNull();
  }

  @Test
  void a_truncated_body_is_an_error() throws IOException {
    byte[] body = Http.multipart(null, Map.of("a.txt", new byte[1000]));
    byte[] cut = java.util.Arrays.copyOf(body, 500);
    assertThatThrownBy(() -> {
      MultipartReader r = new MultipartReader(new ByteArrayInputStream(cut), Http.BOUNDARY);
      r.next().body().readAllBytes();
    }).isInstanceOf(IOException.class);
  }

  @Test
  void boundary_and_disposition_parameters_are_parsed() {
    assertThat(MultipartReader.boundary("multipart/form-data; boundary=abc")).isEqualTo("abc");
    assertThat(MultipartReader.boundary("multipart/form-data; boundary=\"a b\"")).isEqualTo("a b");
    assertThat(MultipartReader.boundary("text/plain")).isNull();
    assertThat(MultipartReader.param(" form-data; name=\"file\"; filename=\"x;y.txt\"",
        "filename")).isEqualTo("x;y.txt");
    assertThat(MultipartReader.param(" form-data; name=dir", "name")).isEqualTo("dir");
  }
}
