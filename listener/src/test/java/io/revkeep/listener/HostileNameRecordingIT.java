package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.Sha256;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.testing.WarningCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: every name that can be recorded can be restored, or is refused with a clear reason
 * when it would be recorded. Names with control characters or a backslash are recorded exactly;
 * a name whose bytes are not valid UTF-8 (which would read as U+FFFD and name another file) is
 * not versioned, and the log says why.
 */
class HostileNameRecordingIT {
  @TempDir Path tmp;

  @RegisterExtension final WarningCapture log = WarningCapture.of(Recorder.class);

  @Test
  void names_with_control_characters_or_a_backslash_are_recorded_exactly() throws Exception {
    List<String> names = List.of("new\nline.txt", "esc\u001b[31mape.txt", "tab\there.txt",
        "del\u007fete.txt", "back\\slash.txt", "dir\u001b]0;x\u0007/inner.txt");
    try (ListenerHarness h = new ListenerHarness(tmp.resolve("shared"), tmp.resolve("data"),
        Duration.ofMillis(50))) {
      for (String name : names) {
        h.write(name, "bytes of " + name);
      }
      for (String name : names) {
        h.awaitVersions(name, 1);
        FileRecord r = h.store.file(name).orElseThrow();
        assertThat(r.hash()).isEqualTo(Sha256.of(("bytes of " + name)
            .getBytes(StandardCharsets.UTF_8)));
      }
      assertThat(h.store.files("", true, true)).extracting(FileRecord::path)
          .containsExactlyInAnyOrderElementsOf(names);
    }
  }

  @Test
  void a_name_that_is_not_utf8_is_not_versioned_and_the_log_says_why() throws Exception {
    try (ListenerHarness h = new ListenerHarness(tmp.resolve("shared"), tmp.resolve("data"),
        Duration.ofMillis(50))) {
      // byte 0xFF is never UTF-8; a shell's printf makes the name (Java's own paths cannot)
      Process p = new ProcessBuilder("sh", "-c", "printf data > \"$(printf 'bad\\377name.txt')\"")
          .directory(h.shared.toFile()).start();
      assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isZero();
      try (var files = Files.list(h.shared)) {
        assertThat(files.filter(f -> f.getFileName().toString().startsWith("bad"))).hasSize(1);
      }
      h.write("after.txt", "recorded as ever");

      h.awaitVersions("after.txt", 1);
      await().atMost(Duration.ofSeconds(20)).until(() -> log.warnings().stream()
          .anyMatch(w -> w.startsWith("not versioned: the name of ") && w.contains("bad")
              && w.contains("is not valid UTF-8")));
      assertThat(h.store.files("", true, true)).extracting(FileRecord::path)
          .containsExactly("after.txt");
    }
  }
}
