package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.testing.Tmpfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of 20,000 files on a tmpfs, where creating a file costs microseconds: the JDK's watch
 * service keeps at most 512 events per key and then reports OVERFLOW. Every file must still be
 * recorded (the overflow becomes a rescan), and the test checks that overflow did happen.
 */
class BurstIT {
  private static final int FILES = 20_000;

  @TempDir Path tmp;
  @RegisterExtension final Tmpfs tmpfs = new Tmpfs("256m");

  @Test
  void a_burst_of_20000_files_that_overflows_the_watch_queue_misses_none() throws IOException {
    try (ListenerHarness h = new ListenerHarness(tmpfs.path().resolve("shared"),
        tmp.resolve("data"), Duration.ofMillis(100))) {
      for (int i = 0; i < FILES; i++) {
        Files.writeString(h.shared.resolve("f" + i + ".txt"), "file " + i);
      }
      await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
          .until(() -> h.store.lastSeq() >= FILES);
      assertThat(h.daemon.status().overflows()).as("the JDK watch queue overflowed").isPositive();
      assertThat(h.store.files("", false, false)).hasSize(FILES);
      assertThat(h.store.lastSeq()).isEqualTo(FILES);
      for (int i = 0; i < FILES; i += 997) {
        assertThat(h.store.history("f" + i + ".txt")).hasSize(1);
      }
    }
  }
}
