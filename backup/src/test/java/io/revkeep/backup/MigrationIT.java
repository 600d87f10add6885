package io.revkeep.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.Sha256;
import io.revkeep.core.model.Event;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup folder written by the revkeep before the record (copies {@code
 * <path>.<version><suffix>}, a cursor, nothing else) is migrated in place on the first start,
 * in vault and in feed mode, and a migration cut short is finished by the next start: nothing
 * lost (issue 16, must show 4). The old folder is built here by hand exactly as that revkeep
 * wrote it, with the damage its naming did when a path was reused after a rename.
 */
class MigrationIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private FeedHarness listener;
  private Path backup;

  @BeforeEach
  void history() throws IOException {
    listener = new FeedHarness(dir.resolve("data"));
    backup = dir.resolve("backup");
    listener.put("a.txt", "old one"); // 1
    listener.put("a.txt", "old two"); // 2
    listener.rename("a.txt", "b.txt", "old two"); // 3: b.txt v3
    listener.put("a.txt", "new one"); // 4: another file at a.txt, version 1 again
    listener.put("a.txt", "new two"); // 5
    listener.put("c.txt", "sea"); // 6
    listener.delete("c.txt"); // 7
    listener.put("d/e.txt", "deep"); // 8
    listener.put("big.bin", "big ".repeat(50_000)); // 9
  }

  @AfterEach
  void stop() {
    listener.close();
  }

  /**
   * The folder the revkeep before the record left after handling events 1..8 with its cursor at
   * 7 (it lags the copies): each copy written over whatever stood at {@code <path>.<version>.rev},
   * read-only, in seq order — so a.txt.1.rev and a.txt.2.rev hold the new a.txt's versions, and
   * the old file's copies are gone. Then a flipped byte in c.txt.1.rev, a stray file, and a
   * temporary file a crash left.
   */
  private void oldLayoutFolder() throws IOException {
    Files.createDirectories(backup.resolve(".revkeep-backup"));
    for (Event e : listener.store.eventsAfter(0, 8)) {
      if (e.hash() == null) {
        continue;
      }
      Path copy = backup.resolve(e.name() + "." + e.version() + ".rev");
      Files.createDirectories(copy.getParent());
      if (Files.exists(copy)) {
        copy.toFile().setWritable(true);
      }
      Files.write(copy, bytes(e.hash()));
      Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("r--r--r--"));
    }
    Files.writeString(backup.resolve(".revkeep-backup").resolve("cursor"), "7\n");
    Files.createFile(backup.resolve(".revkeep-backup").resolve("daemon.lock"));
    Path rotten = backup.resolve("c.txt.1.rev");
    rotten.toFile().setWritable(true);
    Files.writeString(rotten, "sEa");
    Files.writeString(backup.resolve("zzz.txt.9.rev"), "a file no version has");
    Files.writeString(backup.resolve("d").resolve(".revkeep-tmp-e.txt.1.rev-x1"), "half");
  }

  private byte[] bytes(String hash) throws IOException {
    try (var in = listener.vault.open(hash).orElseThrow()) {
      return in.readAllBytes();
    }
  }

  private static String sha(String content) {
    return Vault.sha256Hex(content.getBytes(StandardCharsets.UTF_8));
  }

  private void awaitMigrated(BackupDaemon daemon) {
    await().atMost(DEADLINE).until(() -> daemon.durableSeq() == listener.store.lastSeq()
        && !daemon.migrating());
  }

  /** Every regular file under a folder → its hash (a list: the same bytes may be there twice). */
  private static Map<String, String> files(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    if (!Files.exists(root)) {
      return out;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Sha256.ofFile(p).orElseThrow());
      }
    }
    return out;
  }

  private Map<String, Object> inodes(List<String> names) throws IOException {
    Map<String, Object> out = new HashMap<>();
    for (String n : names) {
      out.put(n, Files.readAttributes(backup.resolve(n), BasicFileAttributes.class).fileKey());
    }
    return out;
  }

  private Map<String, String> expectedAfter() {
    Map<String, String> m = new TreeMap<>();
    m.put("a.txt.1.s1.rev", sha("old one")); // copied again: the old layout had lost it
    m.put("a.txt.2.s2.rev", sha("old two"));
    m.put("b.txt.3.s3.rev", sha("old two"));
    m.put("a.txt.1.s4.rev", sha("new one"));
    m.put("a.txt.2.s5.rev", sha("new two"));
    m.put("c.txt.1.s6.rev", sha("sea")); // copied again: the old copy's bytes were damaged
    m.put("d/e.txt.1.s8.rev", sha("deep"));
    m.put("big.bin.1.s9.rev", sha("big ".repeat(50_000)));
    return m;
  }

  /** The quarantine holds exactly the damaged old copy and the stray file, under their names. */
  private void assertQuarantined() throws IOException {
    Map<String, String> quarantined = files(backup.resolve(".revkeep-backup").resolve("quarantine"));
    assertThat(quarantined).hasSize(2);
    assertThat(quarantined).anySatisfy((name, hash) -> {
      assertThat(name).startsWith("c.txt.1.rev.");
      assertThat(hash).isEqualTo(sha("sEa"));
    });
    assertThat(quarantined).anySatisfy((name, hash) -> {
      assertThat(name).startsWith("zzz.txt.9.rev.");
      assertThat(hash).isEqualTo(sha("a file no version has"));
    });
  }

  private void assertRecordComplete() throws IOException {
    BackupRecord record = BackupRecord.read(backup);
    assertThat(record.complete()).isTrue();
    List<Event> events = listener.store.eventsAfter(0, Integer.MAX_VALUE);
    List<RecordedVersion> expected = new ArrayList<>();
    BackupFolder folder = new BackupFolder(backup, ".rev");
    for (Event e : events) {
      expected.add(RecordedVersion.of(e, e.hash() == null ? null
          : folder.relative(folder.copyOf(e))));
    }
    assertThat(record.versions()).isEqualTo(expected);
    assertThat(PathReuseIT.recordLines(backup)).isEqualTo(events.size());
    assertThat(folder.readCursor()).isEqualTo(9);
  }

  @Test
  void a_folder_of_the_layout_before_the_record_is_migrated_in_place_in_vault_mode()
      throws Exception {
    oldLayoutFolder();
    Map<String, Object> oldInodes = inodes(List.of("a.txt.1.rev", "a.txt.2.rev", "b.txt.3.rev",
        "d/e.txt.1.rev"));

    try (BackupDaemon daemon = listener.startVault(backup)) {
      awaitMigrated(daemon);
      assertThat(daemon.copiesMigrated()).isEqualTo(4); // b3, the new a's two, d/e (beyond the cursor)
      assertThat(daemon.copiesWritten()).isEqualTo(4); // old a's two, c (damaged), big.bin (new)
    }

    assertThat(BackupDaemonIT.tree(backup)).isEqualTo(expectedAfter());
    // the old copies were renamed, not copied: the same files under their new names
    Map<String, Object> now = inodes(List.of("a.txt.1.s4.rev", "a.txt.2.s5.rev",
        "b.txt.3.s3.rev", "d/e.txt.1.s8.rev"));
    assertThat(now.get("a.txt.1.s4.rev")).isEqualTo(oldInodes.get("a.txt.1.rev"));
    assertThat(now.get("a.txt.2.s5.rev")).isEqualTo(oldInodes.get("a.txt.2.rev"));
    assertThat(now.get("b.txt.3.s3.rev")).isEqualTo(oldInodes.get("b.txt.3.rev"));
    assertThat(now.get("d/e.txt.1.s8.rev")).isEqualTo(oldInodes.get("d/e.txt.1.rev"));
    assertQuarantined();
    assertRecordComplete();

    // started again, it has nothing left to do
    try (BackupDaemon daemon = listener.startVault(backup)) {
      assertThat(daemon.migrating()).isFalse();
      listener.put("a.txt", "new three");
      await().atMost(DEADLINE).until(() -> daemon.durableSeq() == 10);
      assertThat(daemon.copiesWritten()).isEqualTo(1);
    }
    assertThat(BackupRecord.read(backup).versions()).hasSize(10);
  }

  @Test
  void a_folder_of_the_layout_before_the_record_is_migrated_in_feed_mode_and_says_what_was_lost()
      throws Exception {
    oldLayoutFolder();
    // retention had removed the old a.txt's first bytes: the old layout's overwrite lost them
    Files.delete(listener.vault.pathOf(sha("old one")));

    try (BackupDaemon daemon = listener.startFeed(backup)) {
      awaitMigrated(daemon);
      assertThat(daemon.copiesMigrated()).isEqualTo(4);
    }

    Map<String, String> expected = expectedAfter();
    expected.remove("a.txt.1.s1.rev");
    assertThat(BackupDaemonIT.tree(backup)).isEqualTo(expected);
    assertQuarantined();
    RecordedVersion lost = BackupRecord.read(backup).versions().get(0);
    assertThat(lost.seq()).isEqualTo(1);
    assertThat(lost.hash()).isEqualTo(sha("old one"));
    assertThat(lost.copy()).isNull(); // recorded, with no copy: its bytes were gone
  }

  @Test
  void a_migration_cut_short_by_a_crash_is_finished_by_the_next_start() throws Exception {
    oldLayoutFolder();
    Map<String, Object> oldInodes = inodes(List.of("a.txt.1.rev", "b.txt.3.rev"));
    // what a kill -9 in the middle leaves: the cursor lowered to the record (seq 1), the copy of
    // seq 2 written and the old copy of seq 3 renamed, neither recorded yet, and a temporary file
    BackupFolder folder = new BackupFolder(backup, ".rev");
    List<Event> events = listener.store.eventsAfter(0, 3);
    Path first = folder.copyOf(events.get(0));
    Files.writeString(first, "old one");
    RecordSegments.writeVersions(folder.recordDir(), 1, 1,
        List.of(RecordLines.encode(RecordedVersion.of(events.get(0), folder.relative(first)))));
    folder.writeCursor(1);
    Files.writeString(folder.copyOf(events.get(1)), "old two");
    Files.move(backup.resolve("b.txt.3.rev"), folder.copyOf(events.get(2)));
    Files.writeString(backup.resolve(".revkeep-tmp-a.txt.1.s4.rev-y2"), "new o");

    try (BackupDaemon daemon = listener.startVault(backup)) {
      awaitMigrated(daemon);
      assertThat(daemon.copiesMigrated()).isEqualTo(3); // the new a's two, d/e
      assertThat(daemon.copiesAlreadyPresent()).isEqualTo(2); // seqs 2 and 3
    }

    assertThat(BackupDaemonIT.tree(backup)).isEqualTo(expectedAfter());
    assertThat(inodes(List.of("a.txt.1.s4.rev", "b.txt.3.s3.rev"))).containsEntry(
        "a.txt.1.s4.rev", oldInodes.get("a.txt.1.rev")).containsEntry("b.txt.3.s3.rev",
        oldInodes.get("b.txt.3.rev"));
    assertQuarantined();
    assertRecordComplete();
  }
}
