package io.revkeep.core.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.revkeep.core.RegularFile;
import io.revkeep.core.testing.Fifos;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VaultTest {
  @TempDir Path dir;

  @Test
  void a_new_vault_has_every_folder_its_objects_go_in() throws IOException {
    Vault vault = new Vault(dir.resolve("vault"));
    try (Stream<Path> folders = Files.list(vault.root())) {
      assertThat(folders.map(p -> p.getFileName().toString()).filter(n -> !n.equals("tmp")))
          .hasSize(256).allMatch(n -> n.matches("[0-9a-f]{2}"));
    }
    String hash = vault.put(new ByteArrayInputStream("x".getBytes(StandardCharsets.UTF_8)));
    assertThat(vault.pathOf(hash)).hasContent("x");
  }

  @Test
  void capture_hashes_and_keeps_the_same_bytes() throws IOException {
    Vault vault = new Vault(dir.resolve("vault"));
    Path file = Files.writeString(dir.resolve("a.txt"), "hello");
    String hash;
    try (Vault.Capture c = vault.capture(file)) {
      hash = c.hash();
      assertThat(c.size()).isEqualTo(5);
      c.commit();
    }
    assertThat(hash).isEqualTo(Vault.sha256Hex("hello".getBytes(StandardCharsets.UTF_8)));
    assertThat(vault.pathOf(hash)).hasContent("hello");
    assertThat(vault.pathOf(hash).getParent().getFileName().toString()).isEqualTo(hash.substring(0, 2));
    try (InputStream in = vault.open(hash).orElseThrow()) {
      assertThat(in.readAllBytes()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
    }
    assertThat(vault.verify(hash)).isTrue();
  }

  @Test
  void a_capture_that_is_not_committed_leaves_nothing_behind() throws IOException {
    Vault vault = new Vault(dir.resolve("vault"));
    Path file = Files.writeString(dir.resolve("a.txt"), "draft");
    String hash;
    try (Vault.Capture c = vault.capture(file)) {
      hash = c.hash();
    }
    assertThat(vault.contains(hash)).isFalse();
    try (Stream<Path> tmp = Files.list(vault.root().resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }
  }

  @Test
  void identical_content_is_stored_once_even_from_many_threads() throws Exception {
    Vault vault = new Vault(dir.resolve("vault"));
    byte[] content = new byte[300_000];
    new java.util.Random(7).nextBytes(content);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        Path f = Files.write(dir.resolve("copy-" + i), content);
        results.add(pool.submit(() -> {
          try (Vault.Capture c = vault.capture(f)) {
            c.commit();
            return c.hash();
          }
        }));
      }
      String first = results.get(0).get();
      for (Future<String> r : results) {
        assertThat(r.get()).isEqualTo(first);
      }
      assertThat(Files.readAllBytes(vault.pathOf(first))).isEqualTo(content);
      try (Stream<Path> all = Files.walk(vault.root())) {
        assertThat(all.filter(Files::isRegularFile)).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** 5: fsynced one by one; 50: by syncfs where the machine has it (BatchSync.SYNCFS_FROM). */
  @ParameterizedTest
  @ValueSource(ints = {5, 50})
  void commit_all_stores_every_capture_once_and_leaves_no_temporaries(int n) throws IOException {
    Vault vault = new Vault(dir.resolve("vault"));
    int distinct = n * 4 / 5;
    List<Vault.Capture> captures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      captures.add(vault.capture(Files.writeString(dir.resolve("f" + i),
          "content " + (i % distinct))));
    }
    vault.commitAll(captures);
    for (int i = 0; i < distinct; i++) {
      String hash = Vault.sha256Hex(("content " + i).getBytes(StandardCharsets.UTF_8));
      assertThat(vault.pathOf(hash)).hasContent("content " + i);
    }
    try (Stream<Path> all = Files.walk(vault.root())) {
      assertThat(all.filter(Files::isRegularFile)).hasSize(distinct);
    }
    assertThatThrownBy(() -> captures.get(0).commit()).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void capture_keeps_every_byte_whatever_the_size_of_its_read_buffer() throws IOException {
    Vault vault = new Vault(dir.resolve("vault"));
    java.util.Random random = new java.util.Random(11);
    int max = Vault.bufferFor(Long.MAX_VALUE);
    for (int size : new int[] {0, 1, 4095, 4096, max - 1, max, max + 1, 3 * max + 7}) {
      byte[] content = new byte[size];
      random.nextBytes(content);
      Path file = Files.write(dir.resolve("s" + size), content);
      try (Vault.Capture c = vault.capture(file)) {
        assertThat(c.size()).isEqualTo(size);
        assertThat(c.hash()).isEqualTo(Vault.sha256Hex(content));
        c.commit();
        assertThat(Files.readAllBytes(vault.pathOf(c.hash()))).isEqualTo(content);
      }
    }
  }

  @Test
  void the_read_buffer_of_a_small_file_is_its_size_and_of_a_large_one_bounded() {
    assertThat(Vault.bufferFor(0)).isEqualTo(1);
    assertThat(Vault.bufferFor(4096)).isEqualTo(4097);
    assertThat(Vault.bufferFor(128 * 1024 - 1)).isEqualTo(128 * 1024);
    assertThat(Vault.bufferFor(1L << 40)).isEqualTo(128 * 1024);
    assertThat(Vault.bufferFor(Long.MAX_VALUE)).isEqualTo(128 * 1024);
  }

  @Test
  void put_stores_a_stream_under_its_hash() throws IOException {
    Vault vault = new Vault(dir.resolve("vault"));
    String hash = vault.put(new ByteArrayInputStream(new byte[] {1, 2, 3}));
    assertThat(hash).isEqualTo(Vault.sha256Hex(new byte[] {1, 2, 3}));
    assertThat(Files.readAllBytes(vault.pathOf(hash))).containsExactly(1, 2, 3);
  }

  @Test
  void put_if_hash_keeps_only_bytes_that_match_the_hash_they_should_have() throws IOException {
    Vault vault = new Vault(dir.resolve("vault"));
    String good = Vault.sha256Hex(new byte[] {1, 2, 3});

    assertThat(vault.putIfHash(new ByteArrayInputStream(new byte[] {1, 2, 4}), good)).isFalse();
    assertThat(vault.contains(good)).isFalse();
    assertThat(vault.contains(Vault.sha256Hex(new byte[] {1, 2, 4}))).isFalse();
    try (Stream<Path> tmp = Files.list(dir.resolve("vault").resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }

    assertThat(vault.putIfHash(new ByteArrayInputStream(new byte[] {1, 2, 3}), good)).isTrue();
    assertThat(Files.readAllBytes(vault.pathOf(good))).containsExactly(1, 2, 3);
    assertThat(vault.putIfHash(new ByteArrayInputStream(new byte[] {1, 2, 3}), good)).isTrue();
  }

  @Test
  void verify_finds_a_flipped_byte() throws IOException {
    Vault vault = new Vault(dir.resolve("vault"));
    String hash = vault.put(new ByteArrayInputStream("important".getBytes(StandardCharsets.UTF_8)));
    Path object = vault.pathOf(hash);
    byte[] b = Files.readAllBytes(object);
    b[3] ^= 1;
    Files.write(object, b);
    assertThat(vault.verify(hash)).isFalse();
  }

  @Test
  void leftovers_of_a_crash_are_removed_on_open() throws IOException {
    Path root = dir.resolve("vault");
    new Vault(root);
    Files.writeString(root.resolve("tmp").resolve("capture-1.part"), "half");
    new Vault(root);
    try (Stream<Path> tmp = Files.list(root.resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }
  }

  @Test
  void capture_refuses_a_symbolic_link_and_a_folder() throws IOException {
    Vault vault = new Vault(dir.resolve("vault"));
    Path target = Files.writeString(dir.resolve("t"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    assertThatThrownBy(() -> vault.capture(link)).hasMessageContaining("not a regular file");
    assertThatThrownBy(() -> vault.capture(dir)).hasMessageContaining("not a regular file");
  }

  @Test
  void capture_refuses_a_fifo_without_waiting_for_a_writer_and_keeps_nothing() throws Exception {
    Vault vault = new Vault(dir.resolve("vault"));
    Path fifo = Fifos.make(dir.resolve("pipe"));
    assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        assertThatThrownBy(() -> vault.capture(fifo))
            .isInstanceOf(RegularFile.NotRegularException.class));
    try (Stream<Path> tmp = Files.list(vault.root().resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }
  }

  @Test
  void a_malformed_hash_is_refused() {
    Vault vault = new Vault(dir.resolve("vault"));
    assertThatThrownBy(() -> vault.pathOf("../../etc/passwd"))
        .hasMessageContaining("not a SHA-256 hash");
    assertThat(vault.contains("../x")).isFalse();
  }

  @Test
  void is_hash_takes_64_lower_case_hex_digits_and_nothing_else() {
    String good = "0123456789abcdef".repeat(4);
    assertThat(Vault.isHash(good)).isTrue();
    assertThat(Vault.isHash(null)).isFalse();
    assertThat(Vault.isHash(good.substring(1))).isFalse();
    assertThat(Vault.isHash(good + "0")).isFalse();
    assertThat(Vault.isHash(good.toUpperCase(java.util.Locale.ROOT))).isFalse();
    assertThat(Vault.isHash(good.substring(1) + "g")).isFalse();
    assertThat(Vault.isHash(good.substring(1) + "/")).isFalse();
    assertThat(Vault.isHash(good.substring(1) + "\u0660")).isFalse(); // an Arabic-Indic zero
  }

  @Test
  void a_capture_is_staged_readable_by_its_owner_alone() throws IOException {
    Vault vault = new Vault(dir.resolve("vault"));
    Path file = Files.writeString(dir.resolve("a.txt"), "secret");
    try (Vault.Capture c = vault.capture(file)) {
      try (Stream<Path> tmp = Files.list(vault.root().resolve("tmp"))) {
        List<Path> staged = tmp.toList();
        assertThat(staged).hasSize(1);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(staged.get(0)))).isEqualTo("rw-------");
        assertThat(staged.get(0)).hasContent("secret");
      }
    }
  }

  @Test
  void a_file_gone_before_its_capture_leaves_nothing_behind() throws IOException {
    Vault vault = new Vault(dir.resolve("vault"));
    assertThatThrownBy(() -> vault.capture(dir.resolve("never.txt")))
        .isInstanceOf(java.nio.file.NoSuchFileException.class);
    try (Stream<Path> tmp = Files.list(vault.root().resolve("tmp"))) {
      assertThat(tmp).isEmpty();
    }
  }
}
