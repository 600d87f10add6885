package io.revkeep.listener;

import static io.revkeep.core.model.Action.CREATE;
import static io.revkeep.core.model.Action.MODIFY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServerSettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store unavailable while the listener works, at its start, and across its restart: every
 * content state is recorded exactly once, in order, and published, once the store is back.
 */
class StoreOutageIT {
  @TempDir Path tmp;

  private static final Duration SETTLE = Duration.ofMillis(50);
  /** A short backoff cap so that the tests see the store come back quickly. */
  private static final ListenerDaemon.Tuning FAST =
      new ListenerDaemon.Tuning(PendingJournal.Limits.DEFAULT, Duration.ofMillis(400));
  private static final int BUSY_MS = 200;

  private Path shared() {
    return tmp.resolve("shared");
  }

  private Path data() {
    return tmp.resolve("data");
  }

  private Path db() {
    return data().resolve("revkeep.db");
  }

  private ListenerHarness listener(ListenerDaemon.Tuning tuning) throws Exception {
    return new ListenerHarness(shared(), data(), SETTLE, BUSY_MS, tuning);
  }

  private static String sha(String content) {
    return Vault.sha256Hex(content.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> hashes(List<VersionRecord> history) {
    return history.stream().map(VersionRecord::hash).toList();
  }

  /** Writes a new state and waits until the listener has journaled it (it was quiet, read). */
  private static void writeWhileDown(ListenerHarness h, String rel, String content)
      throws Exception {
    long before = h.daemon.status().journalPending();
    h.write(rel, content);
    await().atMost(Duration.ofSeconds(20))
        .until(() -> h.daemon.status().journalPending() == before + 1);
  }

  private static Set<String> listenerThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("revkeep-catch-up") || n.startsWith("revkeep-settle")
            || n.startsWith("revkeep-watch") || n.startsWith("revkeep-status-listener")
            || n.startsWith("revkeep-feed"))
        .collect(java.util.stream.Collectors.toSet());
  }

  @Test
  void every_state_written_while_the_store_is_locked_is_recorded_once_in_order_and_published()
      throws Exception {
    try (ListenerHarness h = listener(FAST);
        FeedProbe probe = new FeedProbe(h.daemon.feedPort(), ListenerHarness.TOKEN, 0)) {
      h.write("a.txt", "v1");
      h.awaitVersions("a.txt", 1);

      try (SqliteWriteLock lock = new SqliteWriteLock(db())) {
        for (int i = 2; i <= 5; i++) {
          writeWhileDown(h, "a.txt", "v" + i); // each state quiet for the settle time
        }
        writeWhileDown(h, "b.txt", "born while the store was down");
        ListenerDaemon.Status st = h.daemon.status();
        assertThat(st.storeUnavailableSince()).isNotNull();
        assertThat(st.journalPending()).isEqualTo(5);
        assertThat(st.healthy()).isTrue(); // still watching and capturing
        // reads still work in WAL mode; nothing was recorded meanwhile
        assertThat(h.store.history("a.txt")).hasSize(1);
        // every captured state's bytes are in the vault already
        for (int i = 2; i <= 5; i++) {
          assertThat(h.vault.contains(sha("v" + i))).isTrue();
        }
      }

      await().atMost(Duration.ofSeconds(20)).until(() -> h.daemon.status().journalPending() == 0
          && h.store.history("b.txt").size() == 1);
      assertThat(h.daemon.status().storeUnavailableSince()).isNull();
      List<VersionRecord> a = h.store.history("a.txt");
      assertThat(hashes(a)).containsExactly(sha("v1"), sha("v2"), sha("v3"), sha("v4"),
          sha("v5"));
      assertThat(a).extracting(VersionRecord::action)
          .containsExactly(CREATE, MODIFY, MODIFY, MODIFY, MODIFY);
      assertThat(h.actions("b.txt")).containsExactly(CREATE);
      for (VersionRecord v : a) {
        try (InputStream in = h.vault.open(v.hash()).orElseThrow()) {
          assertThat(Vault.sha256Hex(in.readAllBytes())).isEqualTo(v.hash());
        }
      }

      // the event log is gap-free, and the feed delivered exactly it, in order
      List<Event> log = h.store.eventsAfter(0, 1000);
      assertThat(log).extracting(Event::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 6).boxed().toList());
      await().atMost(Duration.ofSeconds(10)).until(() -> probe.events.size() == log.size());
      for (int i = 0; i < log.size(); i++) {
        JsonNode e = probe.events.get(i);
        assertThat(e.get("seq").asLong()).isEqualTo(log.get(i).seq());
        assertThat(e.get("name").asText()).isEqualTo(log.get(i).name());
        assertThat(e.get("hash").asText()).isEqualTo(log.get(i).hash());
      }

      // recording directly again
      h.write("a.txt", "v6");
      h.awaitVersions("a.txt", 6);
      assertThat(h.store.lastSeq()).isEqualTo(7);
    }
    await().atMost(Duration.ofSeconds(20)).until(() -> listenerThreads().isEmpty());
  }

  @Test
  void a_journal_left_by_a_listener_stopped_during_the_outage_is_recorded_once_after_restart()
      throws Exception {
    try (ListenerHarness h = listener(FAST)) {
      h.write("a.txt", "v1");
      h.awaitVersions("a.txt", 1);
      try (SqliteWriteLock lock = new SqliteWriteLock(db())) {
        writeWhileDown(h, "a.txt", "v2");
        writeWhileDown(h, "a.txt", "v3");
        writeWhileDown(h, "sub/new.txt", "new");
        Files.delete(h.file("a.txt"));
        await().atMost(Duration.ofSeconds(20))
            .until(() -> h.daemon.status().journalPending() == 4);
        h.close(); // stopped (as by SIGTERM) while the store is still locked
      }
    }
    try (Stream<Path> segments = Files.list(data().resolve("pending"))) {
      assertThat(segments).isNotEmpty();
    }

    try (ListenerHarness h = listener(FAST)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> h.store.history("a.txt").size() == 4
          && h.store.history("sub/new.txt").size() == 1);
      assertThat(hashes(h.store.history("a.txt")))
          .containsExactly(sha("v1"), sha("v2"), sha("v3"), null);
      await().atMost(Duration.ofSeconds(20)).until(() -> h.daemon.status().journalPending() == 0);
      h.write("after.txt", "after");
      h.awaitVersions("after.txt", 1); // the start-up reconcile has run before this
      assertThat(h.store.lastSeq()).isEqualTo(6);
    }
    try (ListenerHarness h = listener(FAST)) { // and once more: nothing is recorded twice
      h.write("last.txt", "last");
      h.awaitVersions("last.txt", 1);
      assertThat(h.store.lastSeq()).isEqualTo(7);
      assertThat(h.store.history("a.txt")).hasSize(4);
    }
  }

  @Test
  void when_the_journal_is_full_paths_are_read_again_and_the_reconcile_records_the_final_state()
      throws Exception {
    ListenerDaemon.Tuning tiny =
        new ListenerDaemon.Tuning(new PendingJournal.Limits(2, 1 << 20), Duration.ofMillis(400));
    try (ListenerHarness h = listener(tiny)) {
      h.write("f1.txt", "one");
      h.awaitVersions("f1.txt", 1);
      try (SqliteWriteLock lock = new SqliteWriteLock(db())) {
        writeWhileDown(h, "f2.txt", "two");
        writeWhileDown(h, "f3.txt", "three");
        h.write("f4.txt", "four, first");
        await().atMost(Duration.ofSeconds(20)).until(() -> h.daemon.status().journalFull());
        h.write("f4.txt", "four, final");
        await().atMost(Duration.ofSeconds(20)).until(() -> h.daemon.status().journalFull()
            && h.vault.contains(sha("four, final"))); // read again: captured, not journaled
        assertThat(h.daemon.status().journalPending()).isEqualTo(2);
        h.close();
      }
    }
    try (ListenerHarness h = listener(FAST)) {
      h.awaitVersions("f2.txt", 1);
      h.awaitVersions("f3.txt", 1);
      h.awaitVersions("f4.txt", 1);
      assertThat(hashes(h.store.history("f4.txt"))).containsExactly(sha("four, final"));
      assertThat(h.store.lastSeq()).isEqualTo(4);
    }
  }

  @Test
  void a_store_unreachable_at_start_is_waited_for_while_changes_are_kept() throws Exception {
    Files.createDirectories(shared());
    Files.createDirectories(data());
    ExecutorService starter = Executors.newSingleThreadExecutor();
    try (SqliteStore real = SqliteStore.open(db())) {
      OutageStore outage = new OutageStore(real);
      outage.down = true;
      Vault vault = new Vault(data().resolve("vault"));
      ListenerDaemon.Settings settings = new ListenerDaemon.Settings(shared(), data(), List.of(),
          List.of(), SETTLE, FeedServerSettings.builder(ListenerHarness.TOKEN).port(0).build());
      Files.createDirectories(shared().resolve("old/folder"));
      Future<ListenerDaemon> starting =
          starter.submit(() -> ListenerDaemon.start(settings, outage.store, vault, FAST));
      StatusBoard board = new StatusBoard(data());
      // the tree is watched (subfolders too) although the start-up reconcile must wait
      await().atMost(Duration.ofSeconds(20)).until(() -> board.read("listener")
          .map(st -> ((Number) st.details().get("watched_folders")).intValue() == 3)
          .orElse(false));
      Files.writeString(shared().resolve("old/folder/early.txt"), "written while it was down");

      // the status board says what it waits for, and what it keeps
      await().atMost(Duration.ofSeconds(20)).until(() -> {
        Optional<ServiceStatus> st = board.read("listener");
        return st.isPresent() && st.get().details().get("store_unavailable_since") != null
            && ((Number) st.get().details().get("journal_pending")).longValue() == 1;
      });
      assertThat(starting.isDone()).isFalse(); // waiting, not failed: no crash loop

      outage.down = false;
      try (ListenerDaemon daemon = starting.get(20, TimeUnit.SECONDS)) {
        await().atMost(Duration.ofSeconds(20))
            .until(() -> real.history("old/folder/early.txt").size() == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> daemon.status().journalPending() == 0
            && daemon.status().storeUnavailableSince() == null);
        assertThat(real.lastSeq()).isEqualTo(1);
      }
    } finally {
      starter.shutdownNow();
    }
  }
}
