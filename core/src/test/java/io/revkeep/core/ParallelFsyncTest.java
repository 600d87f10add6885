package io.revkeep.core;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParallelFsyncTest {
  @TempDir Path dir;

  @Test
  void files_and_folders_are_fsynced_alone_together_or_not_at_all() throws IOException {
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      paths.add(Files.writeString(dir.resolve("f" + i), "bytes " + i));
    }
    paths.add(Files.createDirectories(dir.resolve("folder")));
    assertThatCode(() -> ParallelFsync.fsyncAll(paths)).doesNotThrowAnyException();
    assertThatCode(() -> ParallelFsync.fsyncAll(List.of(dir))).doesNotThrowAnyException();
    assertThatCode(() -> ParallelFsync.fsyncAll(List.of())).doesNotThrowAnyException();
  }

  @Test
  void a_path_that_cannot_be_fsynced_fails_the_call_after_the_others() throws IOException {
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      paths.add(Files.writeString(dir.resolve("f" + i), "bytes " + i));
    }
    paths.add(10, dir.resolve("gone"));
    assertThatThrownBy(() -> ParallelFsync.fsyncAll(paths))
        .isInstanceOf(NoSuchFileException.class).hasMessageContaining("gone");
    assertThatThrownBy(() -> ParallelFsync.fsyncAll(List.of(dir.resolve("gone"))))
        .isInstanceOf(NoSuchFileException.class);
  }
}
