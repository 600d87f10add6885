package io.revkeep.core.paths;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicWriteTest {
  @TempDir Path dir;

  private SharedRoot root() throws IOException {
    return new SharedRoot(Files.createDirectories(dir.resolve("shared")));
  }

  @Test
  void writes_a_new_file_creating_its_folders() throws Exception {
    SharedRoot root = root();
    Path written = AtomicWrite.write(root, "a/b/report.txt", bytes("hello"));
    assertThat(written).isEqualTo(root.path().resolve("a/b/report.txt"));
    assertThat(Files.readString(written)).isEqualTo("hello");
    assertThat(leftovers(root.path())).isEmpty();
  }

  @Test
  void replaces_an_existing_file_and_keeps_its_permissions() throws Exception {
    SharedRoot root = root();
    Path file = Files.writeString(root.path().resolve("report.txt"), "old");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
    AtomicWrite.write(root, "report.txt", bytes("new content"));
    assertThat(Files.readString(file)).isEqualTo("new content");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-r-----");
    assertThat(leftovers(root.path())).isEmpty();
  }

  @Test
  void refuses_paths_that_escape_the_root_and_writes_nothing() throws Exception {
    SharedRoot root = root();
    Path outside = Files.createDirectories(dir.resolve("outside"));
    Files.createSymbolicLink(root.path().resolve("link"), outside);
    for (String bad : new String[] {"../x.txt", "/etc/x.txt", "link/x.txt", "a/../../x.txt"}) {
      assertThatThrownBy(() -> AtomicWrite.write(root, bad, bytes("x")))
          .as(bad).isInstanceOf(BadPathException.class);
    }
    assertThat(outside).isEmptyDirectory();
    assertThat(Files.exists(dir.resolve("x.txt"))).isFalse();
  }

  @Test
  void refuses_a_folder_as_target_and_a_file_as_parent() throws Exception {
    SharedRoot root = root();
    Files.createDirectories(root.path().resolve("docs"));
    Files.writeString(root.path().resolve("plain"), "x");
    assertThatThrownBy(() -> AtomicWrite.write(root, "docs", bytes("x")))
        .isInstanceOf(BadPathException.class).hasMessageContaining("is a folder");
    assertThatThrownBy(() -> AtomicWrite.write(root, "plain/x.txt", bytes("x")))
        .isInstanceOf(BadPathException.class).hasMessageContaining("not a folder");
  }

  @Test
  void a_failing_source_leaves_the_target_unchanged_and_no_temporary_file() throws Exception {
    SharedRoot root = root();
    Path file = Files.writeString(root.path().resolve("report.txt"), "old");
    InputStream failing = new InputStream() {
      private int n;

      @Override
      public int read() throws IOException {
        if (n++ > 10) {
          throw new IOException("disk on fire");
        }
        return 'x';
      }
    };
    assertThatThrownBy(() -> AtomicWrite.write(root, "report.txt", failing))
        .isInstanceOf(IOException.class).hasMessageContaining("disk on fire");
    assertThat(Files.readString(file)).isEqualTo("old");
    assertThat(leftovers(root.path())).isEmpty();
  }

  private static InputStream bytes(String s) {
    return new java.io.ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private static java.util.List<Path> leftovers(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      return all.filter(p -> p.getFileName().toString().startsWith(SharedRoot.TEMP_PREFIX))
          .toList();
    }
  }
}
