package io.revkeep.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
  /** FIPS 180-2's example: SHA-256("abc"). */
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @TempDir Path dir;

  @Test
  void every_digest_starts_empty_however_many_were_used_before() {
    MessageDigest used = Sha256.digest();
    used.update("something else".getBytes(StandardCharsets.US_ASCII));
    MessageDigest fresh = Sha256.digest();
    fresh.update("abc".getBytes(StandardCharsets.US_ASCII));
    assertThat(Sha256.hex(fresh)).isEqualTo(ABC);
    assertThat(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
  }

  @Test
  void digests_made_on_many_threads_at_once_do_not_share_state() throws Exception {
    byte[][] inputs = new byte[16][];
    String[] expected = new String[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      inputs[i] = new byte[4096 + i];
      Arrays.fill(inputs[i], (byte) i);
      expected[i] = Sha256.hex(lookedUp(inputs[i]));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Boolean>> runs = new ArrayList<>();
      for (int t = 0; t < 64; t++) {
        int k = t % inputs.length;
        runs.add(pool.submit(() -> {
          for (int r = 0; r < 200; r++) {
            if (!Sha256.of(inputs[k]).equals(expected[k])) {
              return false;
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> run : runs) {
        assertThat(run.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_stream_is_hashed_whole_whatever_its_buffer() throws IOException {
    byte[] big = new byte[300 * 1024 + 7];
    new java.util.Random(7).nextBytes(big);
    Path file = Files.write(dir.resolve("big"), big);
    try (InputStream in = Files.newInputStream(file)) {
      assertThat(Sha256.of(in)).isEqualTo(Sha256.hex(lookedUp(big)));
    }
    assertThat(Sha256.of(new ByteArrayInputStream(new byte[0])))
        .isEqualTo(Sha256.hex(lookedUp(new byte[0])));
    assertThat(Sha256.ofFile(dir.resolve("missing"))).isEmpty();
  }

  @Test
  void a_small_file_is_read_with_a_small_buffer_and_a_large_one_with_a_bounded_one()
      throws IOException {
    Path small = Files.write(dir.resolve("small"), new byte[4096]);
    Path large = Files.write(dir.resolve("large"), new byte[1 << 20]);
    try (InputStream s = Files.newInputStream(small); InputStream l = Files.newInputStream(large)) {
      assertThat(Sha256.bufferFor(s)).isEqualTo(8 * 1024);
      assertThat(Sha256.bufferFor(l)).isEqualTo(128 * 1024);
    }
    Path medium = Files.write(dir.resolve("medium"), new byte[20_000]);
    try (InputStream m = Files.newInputStream(medium)) {
      assertThat(Sha256.bufferFor(m)).isEqualTo(20_001);
    }
    InputStream unknown = new InputStream() {
      @Override
      public int read() {
        return -1;
      }
    };
    assertThat(Sha256.bufferFor(unknown)).isEqualTo(8 * 1024);
  }

  private static MessageDigest lookedUp(byte[] bytes) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      d.update(bytes);
      return d;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
