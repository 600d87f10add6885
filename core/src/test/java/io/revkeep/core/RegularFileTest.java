package io.revkeep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.revkeep.core.testing.Fifos;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegularFileTest {
  /** Far beyond an open's time; a blocked open would wait for a writer forever. */
  private static final Duration NO_WAIT = Duration.ofSeconds(20);

  @TempDir Path dir;

  @Test
  void on_this_machine_the_open_cannot_block() {
    assumeTrue(System.getProperty("os.name").equals("Linux"));
    assertThat(RegularFile.cannotBlock()).isTrue();
  }

  @Test
  void a_regular_file_is_opened_with_its_own_attributes() throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "hello");
    BasicFileAttributes byPath = Files.readAttributes(file, BasicFileAttributes.class);
    try (RegularFile.Opened opened = RegularFile.open(file)) {
      assertThat(opened.attributes().isRegularFile()).isTrue();
      assertThat(opened.attributes().size()).isEqualTo(5);
      assertThat(opened.attributes().fileKey()).isEqualTo(byPath.fileKey());
      assertThat(opened.attributes().lastModifiedTime()).isEqualTo(byPath.lastModifiedTime());
      assertThat(read(opened)).isEqualTo("hello");
    }
  }

  @Test
  void a_fifo_is_refused_at_once_and_nobody_needs_to_write_to_it() throws Exception {
    Path fifo = Fifos.make(dir.resolve("pipe"));
    assertTimeoutPreemptively(NO_WAIT, () ->
        assertThatThrownBy(() -> RegularFile.open(fifo))
            .isInstanceOf(RegularFile.NotRegularException.class)
            .hasMessageContaining("not a regular file"));
  }

  @Test
  void a_fifo_swapped_in_after_the_path_was_looked_at_is_refused_too() throws Exception {
    // the race the class exists for: the caller saw a regular file, then a FIFO took its place
    Path file = Files.writeString(dir.resolve("doc.txt"), "text");
    assertThat(Files.isRegularFile(file)).isTrue();
    Path fifo = Fifos.make(dir.resolve("pipe"));
    Files.move(fifo, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertTimeoutPreemptively(NO_WAIT, () ->
        assertThatThrownBy(() -> RegularFile.open(file))
            .isInstanceOf(RegularFile.NotRegularException.class));
  }

  @Test
  void links_folders_and_missing_paths_are_refused() throws IOException {
    Path target = Files.writeString(dir.resolve("t"), "x");
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);
    assertThatThrownBy(() -> RegularFile.open(link))
        .isInstanceOf(RegularFile.NotRegularException.class)
        .hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> RegularFile.open(dir))
        .isInstanceOf(RegularFile.NotRegularException.class)
        .hasMessageContaining("folder");
    assertThatThrownBy(() -> RegularFile.open(dir.resolve("missing")))
        .isInstanceOf(NoSuchFileException.class);
    assertThatThrownBy(() -> RegularFile.open(target.resolve("below-a-file")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void what_is_read_is_the_file_that_was_opened_whatever_the_path_holds_since()
      throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "first");
    try (RegularFile.Opened opened = RegularFile.open(file)) {
      Files.writeString(dir.resolve("b.txt"), "second");
      Files.move(dir.resolve("b.txt"), file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      assertThat(read(opened)).isEqualTo("first");
    }
  }

  @Test
  void a_name_whose_bytes_are_not_utf8_is_still_opened() throws Exception {
    // its Path (from a listing) keeps the bytes, its text does not: the JDK's own open is used
    Process p = new ProcessBuilder("bash", "-c", "printf bytes > $'caf\\xe9.txt'")
        .directory(dir.toFile()).inheritIO().start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0).isTrue();
    Path odd;
    try (Stream<Path> s = Files.list(dir)) {
      odd = s.filter(f -> f.getFileName().toString().startsWith("caf")).findFirst().orElseThrow();
    }
    try (RegularFile.Opened opened = RegularFile.open(odd)) {
      assertThat(read(opened)).isEqualTo("bytes");
    }
  }

  @Test
  void a_socket_is_refused() throws IOException {
    Path socket = dir.resolve("s.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      assertThatThrownBy(() -> RegularFile.open(socket))
          .isInstanceOf(RegularFile.NotRegularException.class);
    }
  }

  @Test
  void no_descriptor_is_left_open() throws IOException {
    assumeTrue(RegularFile.cannotBlock());
    Path file = Files.writeString(dir.resolve("a.txt"), "x");
    long before = openDescriptors();
    for (int i = 0; i < 200; i++) {
      try (RegularFile.Opened opened = RegularFile.open(file)) {
        assertThat(opened.channel().isOpen()).isTrue();
      }
      assertThatThrownBy(() -> RegularFile.open(dir)).isInstanceOf(IOException.class);
    }
    assertThat(openDescriptors()).isLessThan(before + 20);
  }

  private static long openDescriptors() throws IOException {
    try (var s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }

  private static String read(RegularFile.Opened opened) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(64);
    while (opened.channel().read(buf) > 0) {
      // to the end
    }
    buf.flip();
    return StandardCharsets.UTF_8.decode(buf).toString();
  }
}
