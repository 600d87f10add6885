package io.revkeep.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchSyncTest {
  @TempDir Path dir;

  private List<Path> files(int n) throws IOException {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      files.add(Files.writeString(dir.resolve("f" + i), "f" + i));
    }
    return files;
  }

  @Test
  void a_small_batch_fsyncs_each_file_and_folder() throws IOException {
    List<Path> files = files(BatchSync.SYNCFS_FROM - 1);
    try (BatchSync sync = BatchSync.begin(dir, files.size())) {
      assertThat(sync.bySyncfs()).isFalse();
      assertThat(sync.durable(files)).isEqualTo(files.size());
      assertThat(sync.durable(List.of(dir))).isEqualTo(1);
      assertThat(sync.durable(List.of())).isZero();
    }
  }

  @Test
  void a_large_batch_syncs_its_file_system_once_per_step_where_syncfs_is_trusted()
      throws IOException {
    List<Path> files = files(BatchSync.SYNCFS_FROM);
    try (BatchSync sync = BatchSync.begin(dir, files.size())) {
      assertThat(sync.bySyncfs()).isEqualTo(FileSystemSync.available());
      assertThat(sync.durable(files)).isEqualTo(sync.bySyncfs() ? 1 : files.size());
      assertThat(sync.durable(List.of())).isZero();
    }
  }

  @Test
  void a_small_batch_reports_a_file_that_is_gone() throws IOException {
    try (BatchSync sync = BatchSync.begin(dir, 1)) {
      assertThatThrownBy(() -> sync.durable(List.of(dir.resolve("gone"))))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void once_the_kernel_refused_syncfs_every_batch_is_fsynced() throws IOException {
    List<Path> files = files(BatchSync.SYNCFS_FROM + 8);
    FileSystemSync.refuse("the kernel refused syncfs (errno 38)");
    try {
      assertThat(FileSystemSync.available()).isFalse();
      assertThat(BatchSync.describe()).contains("errno 38");
      try (BatchSync sync = BatchSync.begin(dir, files.size())) {
        assertThat(sync.bySyncfs()).isFalse();
        assertThat(sync.durable(files)).isEqualTo(files.size());
      }
    } finally {
      FileSystemSync.refuse(null);
    }
  }
}
