package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listener's startup checks, through the whole daemon on real folders. */
class ListenerStartupIT {
  @TempDir Path tmp;

  private ListenerDaemon.Settings settings() throws IOException {
    return new ListenerDaemon.Settings(Files.createDirectories(tmp.resolve("shared")),
        Files.createDirectories(tmp.resolve("data")), List.of(), List.of(),
        Duration.ofMillis(50), FeedServerSettings.builder("t").port(0).build());
  }

  @Test
  void a_tree_larger_than_the_inotify_limit_is_refused_and_the_lock_released() throws Exception {
    ListenerDaemon.Settings s = settings();
    for (int i = 0; i < 5; i++) {
      Files.createDirectories(s.shared().resolve("d" + i));
    }
    Path limit = Files.writeString(tmp.resolve("max_user_watches"), "4");
    try (SqliteStore store = SqliteStore.open(s.data().resolve("revkeep.db"))) {
      Vault vault = new Vault(s.data().resolve("vault"));
      assertThatThrownBy(() -> ListenerDaemon.start(s, store, vault,
          new StartupChecks(limit, null, Duration.ofMinutes(1))))
          .hasMessageContaining("has 6 folders").hasMessageContaining("fs.inotify.max_user_watches");
      // nothing is left held: a listener with a large enough limit starts on the same folder
      Files.writeString(limit, "100");
      ListenerDaemon.start(s, store, vault, new StartupChecks(limit, null, Duration.ofMinutes(1)))
          .close();
    }
  }

  @Test
  void on_a_network_file_system_the_tree_is_rescanned_periodically() throws Exception {
    ListenerDaemon.Settings s = settings();
    try (SqliteStore store = SqliteStore.open(s.data().resolve("revkeep.db"));
        ListenerDaemon d = ListenerDaemon.start(s, store, new Vault(s.data().resolve("vault")),
            new StartupChecks(tmp.resolve("none"), "nfs4", Duration.ofMillis(200)))) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      d.bindMetrics(registry);
      await().atMost(Duration.ofSeconds(10)).until(() ->
          registry.get("revkeep.listener.rescan").tag("scope", "root").timer().count() >= 3);
      Files.writeString(s.shared().resolve("seen.txt"), "x");
      await().atMost(Duration.ofSeconds(10)).until(() -> store.history("seen.txt").size() == 1);
    }
  }

  @Test
  void the_status_says_starting_until_the_start_up_reconcile_ends_and_never_a_stopped_thread()
      throws Exception {
    // a long settle: the start-up reconcile waits that long in the settler's queue
    ListenerDaemon.Settings quick = settings();
    ListenerDaemon.Settings s = new ListenerDaemon.Settings(quick.shared(), quick.data(),
        quick.excluded(), quick.ignore(), Duration.ofSeconds(3), quick.feed());
    for (int i = 0; i < 200; i++) {
      Files.writeString(s.shared().resolve("f" + i + ".txt"), "file " + i);
    }
    try (SqliteStore store = SqliteStore.open(s.data().resolve("revkeep.db"));
        ListenerDaemon d = ListenerDaemon.start(s, store, new Vault(s.data().resolve("vault")))) {
      ListenerDaemon.Status first = d.status();
      assertThat(first.healthy()).as("threads just started are not stopped").isTrue();
      assertThat(first.starting()).as("the reconcile waits its 3 s settle time first").isTrue();
      await().atMost(Duration.ofSeconds(20)).until(() -> !d.status().starting());
      assertThat(d.status().healthy()).isTrue();
    }
  }
}
