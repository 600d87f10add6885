package io.revkeep.backup;

import io.revkeep.core.Sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.model.Event;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The backup daemon against a real feed server, SQLite store and vault on 127.0.0.1. */
class BackupDaemonIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private FeedHarness listener;
  private Path backup;

  @BeforeEach
  void start() throws IOException {
    listener = new FeedHarness(dir.resolve("data"));
    backup = dir.resolve("backup");
  }

  @AfterEach
  void stop() {
    listener.close();
  }


  /** Every regular file under the backup folder (state folder excluded) → its SHA-256. */
  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String rel = root.relativize(p).toString();
        if (!rel.startsWith(BackupFolder.STATE + "/")) {
          out.put(rel, Sha256.ofFile(p).orElseThrow());
        }
      }
    }
    return out;
  }

  /** The copies every recorded version should have: path.version.sSEQ.rev → hash. */
  static Map<String, String> expectedTree(FeedHarness listener) {
    Map<String, String> out = new TreeMap<>();
    for (Event e : listener.store.eventsAfter(0, Integer.MAX_VALUE)) {
      if (e.hash() != null) {
        out.put(e.name() + "." + e.version() + ".s" + e.seq() + ".rev", e.hash());
      }
    }
    return out;
  }

  private Map<String, String> expectedTree() {
    return expectedTree(listener);
  }

  private Map<String, Object> fileKeys() throws IOException {
    Map<String, Object> keys = new TreeMap<>();
    for (String rel : tree(backup).keySet()) {
      keys.put(rel, Files.readAttributes(backup.resolve(rel), BasicFileAttributes.class).fileKey());
    }
    return keys;
  }

  @Test
  void every_version_gets_one_read_only_copy_with_its_exact_bytes_and_delete_keeps_them()
      throws Exception {
    try (BackupDaemon daemon = listener.startVault(backup)) {
      listener.put("a.txt", "one");
      listener.put("docs/b.txt", "bee");
      listener.put("a.txt", "two");
      listener.rename("docs/b.txt", "docs/c.txt", "sea");
      listener.delete("a.txt");
      listener.awaitCaughtUp(daemon);

      assertThat(tree(backup)).isEqualTo(Map.of(
          "a.txt.1.s1.rev", Vault.sha256Hex("one".getBytes(StandardCharsets.UTF_8)),
          "a.txt.2.s3.rev", Vault.sha256Hex("two".getBytes(StandardCharsets.UTF_8)),
          "docs/b.txt.1.s2.rev", Vault.sha256Hex("bee".getBytes(StandardCharsets.UTF_8)),
          "docs/c.txt.2.s4.rev", Vault.sha256Hex("sea".getBytes(StandardCharsets.UTF_8))));
      assertThat(Files.readString(backup.resolve("docs/c.txt.2.s4.rev"))).isEqualTo("sea");
      assertThat(PosixFilePermissions.toString(
          Files.getPosixFilePermissions(backup.resolve("a.txt.1.s1.rev")))).isEqualTo("r--r--r--");
      assertThat(daemon.copiesWritten()).isEqualTo(4);
      await().atMost(DEADLINE).until(() -> daemon.folder().readCursor() == 5);
      await().atMost(DEADLINE).until(() -> new StatusBoard(listener.data).read("backup")
          .map(s -> s.details().get("last_durable_seq").equals(5)
              && s.details().get("behind").equals(0)).orElse(false));
    }
    assertThat(new StatusBoard(listener.data).read("backup")).isEmpty(); // a clean stop
  }

  @Test
  void restarts_and_a_full_replay_never_write_a_copy_twice_and_never_skip_one() throws Exception {
    List<String> paths = new ArrayList<>();
    List<String> contents = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      paths.add("d" + (i % 7) + "/f" + i + ".txt");
      contents.add("content " + i);
    }
    try (BackupDaemon daemon = listener.startVault(backup)) {
      listener.putAll(paths.subList(0, 150), contents.subList(0, 150));
      listener.awaitCaughtUp(daemon);
      assertThat(daemon.copiesWritten()).isEqualTo(150);
    }
    Map<String, Object> keysBefore = fileKeys();

    // restarted while more happens: only the new versions are written
    try (BackupDaemon daemon = listener.startVault(backup)) {
      listener.putAll(paths.subList(150, 300), contents.subList(150, 300));
      listener.awaitCaughtUp(daemon);
      assertThat(daemon.copiesWritten()).isEqualTo(150);
      assertThat(daemon.copiesAlreadyPresent()).isZero();
    }

    // the cursor lost: the whole feed is replayed, and nothing is written again
    Files.delete(backup.resolve(BackupFolder.STATE).resolve("cursor"));
    try (BackupDaemon daemon = listener.startVault(backup)) {
      listener.awaitCaughtUp(daemon);
      assertThat(daemon.copiesWritten()).isZero();
      assertThat(daemon.copiesAlreadyPresent()).isEqualTo(300);
    }

    assertThat(tree(backup)).isEqualTo(expectedTree()).hasSize(300);
    Map<String, Object> keysAfter = fileKeys();
    keysBefore.forEach((copy, key) -> assertThat(keysAfter.get(copy)).as(copy).isEqualTo(key));
    // the replay recorded nothing twice: one entry per event, even counting raw lines
    assertThat(BackupRecord.read(backup).versions()).extracting(RecordedVersion::seq)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 300).boxed().toList());
    assertThat(PathReuseIT.recordLines(backup)).isEqualTo(300);

    // the record lost (and the cursor kept): the cursor is lowered to it, and it is rebuilt
    deleteTree(backup.resolve(BackupFolder.STATE).resolve("record"));
    try (BackupDaemon daemon = listener.startVault(backup)) {
      listener.awaitCaughtUp(daemon);
      assertThat(daemon.copiesWritten()).isZero();
    }
    assertThat(BackupRecord.read(backup).versions()).hasSize(300);
    assertThat(PathReuseIT.recordLines(backup)).isEqualTo(300);
  }

  @Test
  void a_copy_found_with_other_bytes_is_quarantined_and_the_right_one_written_in_its_place()
      throws Exception {
    try (BackupDaemon daemon = listener.startVault(backup)) {
      listener.put("a.txt", "the right bytes");
      listener.awaitCaughtUp(daemon);
    }
    Path copy = backup.resolve("a.txt.1.s1.rev");
    copy.toFile().setWritable(true);
    Files.writeString(copy, "rotten bytes");
    Files.delete(backup.resolve(BackupFolder.STATE).resolve("cursor")); // so it is met again
    try (BackupDaemon daemon = listener.startVault(backup)) {
      listener.awaitCaughtUp(daemon);
      assertThat(daemon.copiesWritten()).isEqualTo(1);
    }
    assertThat(Files.readString(copy)).isEqualTo("the right bytes");
    Path quarantine = backup.resolve(BackupFolder.STATE).resolve("quarantine");
    try (Stream<Path> files = Files.list(quarantine)) {
      List<Path> kept = files.toList();
      assertThat(kept).hasSize(1);
      assertThat(kept.get(0).getFileName().toString()).startsWith("a.txt.1.s1.rev.");
      assertThat(Files.readString(kept.get(0))).isEqualTo("rotten bytes");
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Test
  void a_backup_stopped_while_5000_changes_happen_catches_up_with_every_versions_exact_bytes()
      throws Exception {
    try (BackupDaemon daemon = listener.startVault(backup)) {
      listener.put("before.txt", "seen live");
      listener.awaitCaughtUp(daemon);
    }
    for (int batch = 0; batch < 10; batch++) {
      List<String> paths = new ArrayList<>();
      List<String> contents = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        int n = batch * 500 + i;
        paths.add("dir" + (n % 20) + "/file" + (n % 2500) + ".txt"); // 2,500 files × 2 versions
        contents.add("version " + (n / 2500 + 1) + " of file " + (n % 2500) + " " + "x".repeat(n % 300));
      }
      listener.putAll(paths, contents);
    }
    assertThat(listener.store.lastSeq()).isEqualTo(5001);

    try (BackupDaemon daemon = listener.startVault(backup)) {
      listener.awaitCaughtUp(daemon);
      assertThat(daemon.copiesWritten()).isEqualTo(5000);
    }
    Map<String, String> tree = tree(backup);
    assertThat(tree).hasSize(5001).isEqualTo(expectedTree());
    assertThat(Files.readString(backup.resolve("dir7/file7.txt.2.s2509.rev")))
        .isEqualTo("version 2 of file 7 " + "x".repeat(2507 % 300));
  }

  @Test
  void a_vault_backup_and_a_feed_backup_end_with_identical_complete_trees() throws Exception {
    Path remote = dir.resolve("other-host-backup");
    listener.put("early.txt", "recorded before either started");
    try (BackupDaemon local = listener.startVault(backup);
        BackupDaemon far = listener.startFeed(remote)) {
      for (int i = 0; i < 100; i++) {
        listener.put("shared/f" + (i % 30) + ".bin", ("bytes " + i + " ").repeat(1 + i * 40));
        if (i % 25 == 0) {
          listener.delete("shared/f" + (i % 30) + ".bin");
        }
      }
      listener.rename("shared/f1.bin", "moved/f1.bin", "moved");
      listener.awaitCaughtUp(local);
      listener.awaitCaughtUp(far);
      assertThat(far.copiesWritten()).isEqualTo(local.copiesWritten());
      // with no store on its host, the feed backup knows the listener's last seq from the feed
      await().atMost(DEADLINE).until(() -> far.behind() == 0);
    }
    assertThat(tree(remote)).isEqualTo(tree(backup)).isEqualTo(expectedTree());
    // in feed mode the status lives in the backup's state folder (no data folder there)
    assertThat(remote.resolve(BackupFolder.STATE).resolve("cursor")).exists();
  }

  @Test
  void a_vault_backup_applies_retention_and_a_later_backup_skips_bytes_retention_removed()
      throws Exception {
    BackupSettings pruning = new BackupSettings(backup, ".rev",
        BackupSettings.Source.VAULT, "127.0.0.1", listener.port(), FeedHarness.TOKEN, listener.data,
        Duration.ofMillis(50), Duration.ofMillis(500), Duration.ofMillis(100));
    try (BackupDaemon daemon = BackupDaemon.start(pruning, listener.store, listener.vault,
        new CountRetention(1))) {
      listener.put("a.txt", "a1");
      listener.store.pin("a.txt", 1, "first", java.time.Instant.EPOCH);
      listener.put("b.txt", "b1");
      for (int v = 2; v <= 3; v++) {
        listener.put("a.txt", "a" + v);
        listener.put("b.txt", "b" + v);
      }
      listener.awaitCaughtUp(daemon);
      await().atMost(DEADLINE).until(() -> tree(backup).keySet().equals(
          java.util.Set.of("a.txt.1.s1.rev", "a.txt.3.s5.rev", "b.txt.3.s6.rev")));
    }
    assertThat(listener.store.history("b.txt")).hasSize(3); // records stay
    assertThat(BackupRecord.read(backup).removals()).extracting(RecordedRemoval::copy)
        .containsExactly("b.txt.1.s2.rev", "a.txt.2.s3.rev", "b.txt.2.s4.rev");
    assertThat(listener.vault.contains(Vault.sha256Hex("b1".getBytes(StandardCharsets.UTF_8))))
        .isFalse();

    // a new backup elsewhere (another host) replays everything: what retention removed has no
    // bytes left to fetch, and it says so and goes on instead of stalling
    Path remote = dir.resolve("late-backup");
    try (BackupDaemon far = listener.startFeed(remote)) {
      listener.awaitCaughtUp(far);
    }
    assertThat(tree(remote)).isEqualTo(tree(backup));
    // its record says which versions' bytes were gone
    assertThat(BackupRecord.read(remote).versions()).extracting(RecordedVersion::copy)
        .containsExactly("a.txt.1.s1.rev", null, null, null, "a.txt.3.s5.rev", "b.txt.3.s6.rev");
  }

  @Test
  void a_second_backup_on_the_same_folder_is_refused() throws Exception {
    try (BackupDaemon daemon = listener.startVault(backup)) {
      assertThatThrownBy(() -> listener.startFeed(backup))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another backup is already running");
      assertThat(daemon.durableSeq()).isZero();
    }
  }

  @Test
  void temporary_files_a_crash_left_behind_are_removed_at_start() throws Exception {
    Files.createDirectories(backup.resolve("d"));
    Files.writeString(backup.resolve("d").resolve(".revkeep-tmp-x.1.rev-abc"), "half");
    Files.writeString(backup.resolve("d").resolve("..revkeep-tmp-y.1.rev-abc.1234.part"), "half");
    try (BackupDaemon daemon = listener.startVault(backup)) {
      listener.put("d/x", "whole");
      listener.awaitCaughtUp(daemon);
    }
    assertThat(tree(backup)).containsOnlyKeys("d/x.1.s1.rev");
  }
}
