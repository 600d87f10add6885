package io.revkeep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemSyncTest {
  @TempDir Path dir;

  @Test
  void only_a_kernel_whose_syncfs_reports_write_errors_is_trusted() {
    assertThat(FileSystemSync.reportsErrors("5.8.0")).isTrue();
    assertThat(FileSystemSync.reportsErrors("5.10.0-28-amd64")).isTrue();
    assertThat(FileSystemSync.reportsErrors("6.1.0-13-amd64")).isTrue();
    assertThat(FileSystemSync.reportsErrors("6.18.44-fc-v1045")).isTrue();
    assertThat(FileSystemSync.reportsErrors("5.7.19")).isFalse();
    assertThat(FileSystemSync.reportsErrors("4.19.0-26-amd64")).isFalse();
    assertThat(FileSystemSync.reportsErrors("")).isFalse();
    assertThat(FileSystemSync.reportsErrors("linux")).isFalse();
  }

  @Test
  void this_linux_machine_syncs_a_file_system_with_one_call() throws IOException {
    assumeTrue(System.getProperty("os.name").equals("Linux"), "syncfs is Linux's");
    assertThat(FileSystemSync.unavailableBecause()).isEmpty();
    assertThat(FileSystemSync.available()).isTrue();
    Files.writeString(dir.resolve("a"), "a");
    try (FileSystemSync fs = FileSystemSync.open(dir)) {
      fs.sync();
      fs.sync();
    }
  }

  @Test
  void a_folder_that_cannot_be_opened_is_refused_and_a_closed_handle_is_not_used()
      throws IOException {
    assumeTrue(FileSystemSync.available(), FileSystemSync.unavailableBecause());
    assertThatThrownBy(() -> FileSystemSync.open(dir.resolve("missing")))
        .isInstanceOf(IOException.class).hasMessageContaining("errno 2");
    FileSystemSync fs = FileSystemSync.open(dir);
    fs.close();
    fs.close(); // twice is harmless
    assertThatThrownBy(fs::sync).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void a_folder_with_a_name_outside_ascii_is_opened() throws IOException {
    assumeTrue(FileSystemSync.available(), FileSystemSync.unavailableBecause());
    assumeTrue(!"ANSI_X3.4-1968".equals(System.getProperty("sun.jnu.encoding")),
        "the JVM can name such a folder");
    Path folder = Files.createDirectory(dir.resolve("Süßes ✓"));
    try (FileSystemSync fs = FileSystemSync.open(folder)) {
      fs.sync();
    }
  }
}
