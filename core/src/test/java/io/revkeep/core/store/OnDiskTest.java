package io.revkeep.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.revkeep.core.Sha256;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.testing.Fifos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnDiskTest {
  @TempDir Path dir;

  @Test
  void nothing_a_recorded_file_and_an_unrecorded_edit_are_told_apart() throws IOException {
    Path file = Files.writeString(dir.resolve("a.txt"), "hello");
    assertThat(OnDisk.check(Optional.empty(), dir.resolve("missing"))).isEqualTo(OnDisk.NOTHING);
    assertThat(OnDisk.check(Optional.of(record(file, "hello", 0)), file))
        .isEqualTo(OnDisk.RECORDED);
    // same bytes, another modification time: the content decides
    assertThat(OnDisk.check(Optional.of(record(file, "hello", 1)), file))
        .isEqualTo(OnDisk.RECORDED);
    assertThat(OnDisk.check(Optional.of(record(file, "other", 1)), file))
        .isEqualTo(OnDisk.UNRECORDED);
    assertThat(OnDisk.check(Optional.empty(), file)).isEqualTo(OnDisk.UNRECORDED);
  }

  @Test
  void a_fifo_at_the_path_is_unrecorded_and_not_waited_on() throws Exception {
    // a writer (upload, restore) checks here first: a FIFO must not block its thread
    Path fifo = Fifos.make(dir.resolve("a.txt"));
    Optional<FileRecord> live = Optional.of(new FileRecord(1, "a.txt",
        Sha256.of("hello".getBytes(StandardCharsets.UTF_8)), 5, Instant.EPOCH, "u",
        Instant.EPOCH, "u", 1, false, 5, 0, 1));
    assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        assertThat(OnDisk.check(live, fifo)).isEqualTo(OnDisk.UNRECORDED));
    assertTimeoutPreemptively(Duration.ofSeconds(20), () ->
        assertThat(OnDisk.check(Optional.empty(), fifo)).isEqualTo(OnDisk.UNRECORDED));
  }

  /** A live record of {@code content}, with the file's size and its mtime shifted by {@code d}. */
  private static FileRecord record(Path file, String content, long d) throws IOException {
    long mtime = Files.getLastModifiedTime(file).to(TimeUnit.NANOSECONDS) + d;
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new FileRecord(1, file.getFileName().toString(), Sha256.of(bytes), bytes.length,
        Instant.EPOCH, "u", Instant.EPOCH, "u", 1, false, Files.size(file), mtime, 1);
  }
}
