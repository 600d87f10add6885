package io.revkeep.listener;

import static io.revkeep.core.model.Action.CREATE;
import static io.revkeep.core.model.Action.DELETE;
import static io.revkeep.core.model.Action.MODIFY;
import static io.revkeep.core.model.Action.RENAME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerIT {
  @TempDir Path tmp;

  @Test
  void create_modify_delete_rename_in_nested_folders_give_the_exact_history() throws Exception {
    try (ListenerHarness h = new ListenerHarness(tmp.resolve("shared"), tmp.resolve("data"),
            Duration.ofMillis(100));
        FeedProbe probe = new FeedProbe(h.daemon.feedPort(), ListenerHarness.TOKEN, 0)) {
      h.write("a.txt", "one");
      h.awaitVersions("a.txt", 1);

      // folders made after start, a file written into them at once
      h.write("x/y/z/deep.txt", "deep");
      h.awaitVersions("x/y/z/deep.txt", 1);

      h.write("a.txt", "two");
      h.awaitVersions("a.txt", 2);

      Files.move(h.file("x/y/z/deep.txt"), h.file("x/moved.txt"));
      h.awaitVersions("x/moved.txt", 2);
      assertThat(h.store.file("x/y/z/deep.txt")).isEmpty();

      Files.delete(h.file("a.txt"));
      h.awaitVersions("a.txt", 3);

      // a whole folder moved: the history follows each file
      Files.move(h.file("x"), h.file("w"));
      h.awaitVersions("w/moved.txt", 3);

      // ignored names and revkeep's own temporaries are never versioned
      h.write("draft.swp", "ignored");
      h.write(".revkeep-tmp-123", "ignored");
      h.write("b.txt", "b");
      h.awaitVersions("b.txt", 1);

      assertThat(h.actions("a.txt")).containsExactly(CREATE, MODIFY, DELETE);
      assertThat(h.store.file("a.txt")).get().extracting(FileRecord::deleted).isEqualTo(true);
      assertThat(h.actions("w/moved.txt")).containsExactly(CREATE, RENAME, RENAME);
      assertThat(h.store.history("w/moved.txt")).extracting(VersionRecord::path)
          .containsExactly("x/y/z/deep.txt", "x/moved.txt", "w/moved.txt");
      assertThat(h.store.file("x/moved.txt")).isEmpty();
      assertThat(h.store.file("draft.swp")).isEmpty();
      assertThat(h.store.file(".revkeep-tmp-123")).isEmpty();
      assertThat(h.actions("b.txt")).containsExactly(CREATE);

      // the store's event log is gap-free, and the feed delivered exactly it, in order
      List<Event> log = h.store.eventsAfter(0, 1000);
      assertThat(log).extracting(Event::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, log.size()).boxed().toList());
      assertThat(log).hasSize(7);
      await().atMost(Duration.ofSeconds(10)).until(() -> probe.events.size() == log.size());
      for (int i = 0; i < log.size(); i++) {
        JsonNode e = probe.events.get(i);
        assertThat(e.get("seq").asLong()).isEqualTo(log.get(i).seq());
        assertThat(e.get("action").asText()).isEqualTo(log.get(i).action().name());
        assertThat(e.get("name").asText()).isEqualTo(log.get(i).name());
      }
    }
  }

  @Test
  void a_file_moved_onto_a_deleted_files_path_is_recorded_as_a_rename_and_keeps_its_history()
      throws Exception {
    try (ListenerHarness h = new ListenerHarness(tmp.resolve("shared"), tmp.resolve("data"),
        Duration.ofMillis(50))) {
      h.write("a.txt", "first");
      h.awaitVersions("a.txt", 1);
      Files.move(h.file("a.txt"), h.file("b.txt"));
      h.awaitVersions("b.txt", 2);
      h.write("a.txt", "reused");
      h.awaitVersions("a.txt", 1);
      Files.delete(h.file("a.txt"));
      h.awaitVersions("a.txt", 2); // a tombstone at a.txt

      Files.move(h.file("b.txt"), h.file("a.txt"));

      h.awaitVersions("a.txt", 3);
      assertThat(h.actions("a.txt")).containsExactly(CREATE, RENAME, RENAME);
      assertThat(h.store.history("a.txt")).extracting(VersionRecord::path)
          .containsExactly("a.txt", "b.txt", "a.txt");
      assertThat(h.store.file("b.txt")).isEmpty();
      // and content that is no moved file's, at a tombstone, continues the deleted file
      h.write("c.txt", "c");
      h.awaitVersions("c.txt", 1);
      Files.delete(h.file("c.txt"));
      h.awaitVersions("c.txt", 2);
      h.write("c.txt", "c again");
      h.awaitVersions("c.txt", 3);
      assertThat(h.actions("c.txt")).containsExactly(CREATE, DELETE, CREATE);
    }
  }

  @Test
  void many_files_in_a_new_folder_tree_are_all_recorded() throws Exception {
    try (ListenerHarness h = new ListenerHarness(tmp.resolve("shared"), tmp.resolve("data"),
        Duration.ofMillis(50))) {
      for (int d = 0; d < 5; d++) {
        for (int f = 0; f < 40; f++) {
          h.write("new/" + d + "/sub/f" + f + ".txt", "content " + d + "/" + f);
        }
      }
      await().atMost(Duration.ofSeconds(30))
          .until(() -> h.store.files("new", true, false).size() == 200);
      assertThat(h.store.eventsAfter(0, 1000)).hasSize(200);
    }
  }

  @Test
  void every_recorded_version_keeps_the_bytes_that_were_hashed() throws Exception {
    int rounds = 1000;
    try (ListenerHarness h = new ListenerHarness(tmp.resolve("shared"), tmp.resolve("data"),
        Duration.ofMillis(5))) {
      Set<String> written = new HashSet<>();
      for (int i = 0; i < rounds; i++) {
        String content = "round " + i + " " + "x".repeat(i % 97);
        String hash = Vault.sha256Hex(content.getBytes(StandardCharsets.UTF_8));
        written.add(hash);
        h.write("f.txt", content); // overwrites the previous round at once
        await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO)
            .pollInterval(Duration.ofMillis(1))
            .until(() -> h.store.file("f.txt").map(r -> r.hash().equals(hash)).orElse(false));
      }
      // the file is empty between the truncation and the write of a round: a writer held up
      // there for longer than the settle time (a loaded machine) is rightly recorded empty too
      String empty = Vault.sha256Hex(new byte[0]);
      List<VersionRecord> history = h.store.history("f.txt");
      assertThat(history).hasSizeGreaterThanOrEqualTo(rounds);
      Set<String> recorded = new HashSet<>();
      for (VersionRecord v : history) {
        recorded.add(v.hash());
        try (InputStream in = h.vault.open(v.hash()).orElseThrow()) {
          assertThat(Vault.sha256Hex(in.readAllBytes())).isEqualTo(v.hash());
        }
      }
      assertThat(recorded).containsAll(written);
      assertThat(recorded).allMatch(x -> written.contains(x) || x.equals(empty));
    }
  }

  @Test
  void changes_made_while_the_listener_was_down_are_recorded_once_on_start() throws IOException {
    Path shared = tmp.resolve("shared");
    Path data = tmp.resolve("data");
    try (ListenerHarness h = new ListenerHarness(shared, data, Duration.ofMillis(50))) {
      h.write("keep.txt", "same");
      h.write("edit.txt", "before");
      h.write("gone.txt", "bye");
      h.awaitVersions("keep.txt", 1);
      h.awaitVersions("edit.txt", 1);
      h.awaitVersions("gone.txt", 1);
    }
    Files.writeString(shared.resolve("edit.txt"), "after, longer");
    Files.delete(shared.resolve("gone.txt"));
    Files.writeString(Files.createDirectories(shared.resolve("offline")).resolve("new.txt"), "n");
    try (ListenerHarness h = new ListenerHarness(shared, data, Duration.ofMillis(50))) {
      h.awaitVersions("edit.txt", 2);
      h.awaitVersions("gone.txt", 2);
      h.awaitVersions("offline/new.txt", 1);
      assertThat(h.actions("keep.txt")).containsExactly(CREATE);
      assertThat(h.actions("edit.txt")).containsExactly(CREATE, MODIFY);
      assertThat(h.actions("gone.txt")).containsExactly(CREATE, DELETE);
      assertThat(h.store.lastSeq()).isEqualTo(6);
    }
  }

  @Test
  void symbolic_links_are_neither_followed_nor_versioned() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "not shared");
    try (ListenerHarness h = new ListenerHarness(tmp.resolve("shared"), tmp.resolve("data"),
        Duration.ofMillis(50))) {
      Files.createSymbolicLink(h.file("linked-dir"), outside);
      Files.createSymbolicLink(h.file("linked-file.txt"), outside.resolve("secret.txt"));
      h.write("real.txt", "real");
      h.awaitVersions("real.txt", 1);
      Files.writeString(outside.resolve("secret.txt"), "changed outside");
      Files.writeString(outside.resolve("more.txt"), "more");
      h.write("real.txt", "real, again");
      h.awaitVersions("real.txt", 2);
      assertThat(h.store.files("", true, true)).extracting(FileRecord::path)
          .containsExactly("real.txt");
    }
  }

  @Test
  void starting_and_stopping_leaves_no_thread_or_descriptor_behind() throws Exception {
    Path shared = tmp.resolve("shared");
    Path data = tmp.resolve("data");
    try (ListenerHarness warmUp = new ListenerHarness(shared, data, Duration.ofMillis(20))) {
      warmUp.write("a.txt", "warm");
      warmUp.awaitVersions("a.txt", 1);
    }
    int threads = Thread.activeCount();
    long fds = openDescriptors();
    for (int i = 0; i < 20; i++) {
      try (ListenerHarness h = new ListenerHarness(shared, data, Duration.ofMillis(20));
          FeedProbe probe = new FeedProbe(h.daemon.feedPort(), ListenerHarness.TOKEN, 0)) {
        h.write("d" + i + "/f.txt", "round " + i);
        h.awaitVersions("d" + i + "/f.txt", 1);
        int events = 2 + i; // the warm-up's and one per round, replayed from the store
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.events.size() == events);
      }
    }
    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(Thread.activeCount()).isLessThanOrEqualTo(threads);
      assertThat(openDescriptors()).isLessThanOrEqualTo(fds);
    });
  }

  private static long openDescriptors() throws IOException {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }

  @Test
  void a_second_listener_on_the_same_data_folder_is_refused() throws IOException {
    try (ListenerHarness h = new ListenerHarness(tmp.resolve("shared"), tmp.resolve("data"),
        Duration.ofMillis(50))) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ListenerHarness(
              tmp.resolve("shared"), tmp.resolve("data"), Duration.ofMillis(50)))
          .hasMessageContaining("another listener is already running");
    }
  }
}
