package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A burst of 20,000 files on a tmpfs, where creating a file costs microseconds: the JDK's watch
 * service keeps at most 512 events per key and then reports OVERFLOW. Every file must still be
 * recorded (the overflow becomes a rescan), and the test checks that overflow did happen.
 */
class BurstIT {
  private static final int FILES = 20_000;

  @TempDir Path tmp;
  private Path mount;
  private boolean mounted;

  @BeforeEach
  void mountTmpfs() throws Exception {
    mount = Files.createDirectories(tmp.resolve("tmpfs"));
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs",
        mount.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    mounted = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (needs root): " + out.trim());
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start()
          .waitFor(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void a_burst_of_20000_files_that_overflows_the_watch_queue_misses_none() throws IOException {
    try (ListenerHarness h = new ListenerHarness(mount.resolve("shared"), tmp.resolve("data"),
        Duration.ofMillis(100))) {
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
