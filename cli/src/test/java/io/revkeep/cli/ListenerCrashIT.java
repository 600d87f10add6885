package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.model.Event;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real listener process in the middle of a burst, then a restart: every file has
 * exactly its versions — none missing, none twice — and the event sequence has no gap.
 */
class ListenerCrashIT {
  private static final int FILES = 3000;
  private static final int EDITED = 100;

  @TempDir Path dir;

  private static String path(int i) {
    return "d" + (i % 10) + "/f" + i + ".txt";
  }

  @Test
  void kill_9_in_a_burst_then_restart_loses_nothing_and_doubles_nothing() throws Exception {
    Path config = Revkeep.config(dir, 50);
    Path log = dir.resolve("listener.out");
    Process listener = Revkeep.start(dir, log, "listener", "--config", config.toString());
    Path shared = dir.resolve("shared");
    Path db = dir.resolve("data").resolve("revkeep.db");
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("watching"));
      for (int d = 0; d < 10; d++) {
        Files.createDirectories(shared.resolve("d" + d));
      }
      try (SqliteStore store = SqliteStore.open(db)) {
        for (int i = 0; i < FILES; i++) {
          Files.writeString(shared.resolve(path(i)), "first " + i, StandardOpenOption.CREATE_NEW);
          if (i == FILES / 2) {
            // mid-burst: once some versions are recorded, kill without any chance to clean up
            await().atMost(Duration.ofSeconds(30)).until(() -> store.lastSeq() > 100);
            listener.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
          }
        }
        // edit files the killed listener had recorded: each must end with exactly two versions
        // (a file it never saw gets one version, of whatever content it has at restart)
        Set<Integer> edited = new HashSet<>();
        for (int i = 0; i < FILES && edited.size() < EDITED; i++) {
          if (!store.history(path(i)).isEmpty()) {
            Files.writeString(shared.resolve(path(i)), "second " + i);
            edited.add(i);
          }
        }
        assertThat(edited).hasSize(EDITED);
        listener = Revkeep.start(dir, log, "listener", "--config", config.toString());
        long expected = FILES + EDITED;
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
            .until(() -> store.lastSeq() >= expected);

        assertThat(store.lastSeq()).isEqualTo(expected);
        List<Event> events = store.eventsAfter(0, (int) expected + 10);
        assertThat(events).extracting(Event::seq)
            .containsExactlyElementsOf(LongStream.rangeClosed(1, expected).boxed().toList());
        for (int i = 0; i < FILES; i++) {
          List<VersionRecord> h = store.history(path(i));
          assertThat(h).as("versions of " + path(i)).hasSize(edited.contains(i) ? 2 : 1);
          String content = Files.readString(shared.resolve(path(i)));
          assertThat(h.get(h.size() - 1).hash()).as("newest version of " + path(i))
              .isEqualTo(Vault.sha256Hex(content.getBytes(StandardCharsets.UTF_8)));
        }
      }
    } finally {
      listener.destroy();
      listener.waitFor(30, TimeUnit.SECONDS);
      listener.destroyForcibly();
    }
  }
}
