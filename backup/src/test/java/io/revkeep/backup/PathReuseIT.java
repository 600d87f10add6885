package io.revkeep.backup;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Event;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No copy is ever written over another version's (issue 16, must show 1): a path reused after a
 * rename, and office-style saves that swap temporary files; against a real FeedServer, SQLite
 * store and vault on 127.0.0.1.
 */
class PathReuseIT {
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


  private static String sha(String content) {
    return Vault.sha256Hex(content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void a_path_reused_after_a_rename_keeps_the_copies_of_both_files_in_vault_and_feed_mode()
      throws Exception {
    Path remote = dir.resolve("other-host-backup");
    try (BackupDaemon local = listener.startVault(backup);
        BackupDaemon far = listener.startFeed(remote)) {
      listener.put("a.txt", "old one");
      listener.put("a.txt", "old two");
      listener.rename("a.txt", "b.txt", "old two"); // the history follows the file: b.txt v3
      listener.put("a.txt", "new one"); // another file: version 1 again
      listener.put("a.txt", "new two");
      listener.awaitCaughtUp(local);
      listener.awaitCaughtUp(far);
    }
    Map<String, String> expected = Map.of(
        "a.txt.1.s1.rev", sha("old one"),
        "a.txt.2.s2.rev", sha("old two"),
        "b.txt.3.s3.rev", sha("old two"),
        "a.txt.1.s4.rev", sha("new one"),
        "a.txt.2.s5.rev", sha("new two"));
    for (Path root : List.of(backup, remote)) {
      assertThat(BackupDaemonIT.tree(root)).as(root.toString()).isEqualTo(expected);
      assertThat(root.resolve(BackupFolder.STATE).resolve("quarantine")).doesNotExist();
      assertThat(BackupRecord.read(root).versions()).extracting(RecordedVersion::copy)
          .containsExactly("a.txt.1.s1.rev", "a.txt.2.s2.rev", "b.txt.3.s3.rev",
              "a.txt.1.s4.rev", "a.txt.2.s5.rev");
    }
    assertThat(BackupRecord.read(backup).versions().get(2)).isEqualTo(RecordedVersion.of(
        listener.store.eventsAfter(2, 1).get(0), "b.txt.3.s3.rev"));
    assertThat(BackupRecord.read(backup).versions().get(2).from()).isEqualTo("a.txt");
  }

  @Test
  void names_the_file_system_barely_takes_are_backed_up_and_the_backup_goes_on()
      throws Exception {
    String longName = "é".repeat(120) + "-report.txt"; // 251 bytes: fits, but not with a suffix
    String longSibling = "é".repeat(120) + "-report.txx"; // same start, other name
    String backslash = "dir\\name.txt"; // an ordinary character on Linux
    try (BackupDaemon daemon = listener.startVault(backup)) {
      listener.put(longName, "one");
      listener.put(longName, "two");
      listener.put(longSibling, "sibling");
      listener.put(backslash, "slash");
      listener.put("after.txt", "the backup did not stop");
      listener.awaitCaughtUp(daemon);
    }
    BackupRecord record = BackupRecord.read(backup);
    assertThat(record.versions()).hasSize(5);
    Set<String> names = new HashSet<>();
    for (RecordedVersion v : record.versions()) {
      Path copy = record.copyFile(v).orElseThrow();
      assertThat(copy.getFileName().toString().getBytes(StandardCharsets.UTF_8).length)
          .as(v.path()).isLessThanOrEqualTo(255);
      assertThat(io.revkeep.core.Sha256.ofFile(copy)).as(v.path()).contains(v.hash());
      names.add(copy.getFileName().toString());
    }
    assertThat(names).hasSize(5);
    assertThat(BackupDaemonIT.tree(backup)).containsKey("dir\\name.txt.1.s4.rev")
        .containsKey("after.txt.1.s5.rev");
  }

  @Test
  void office_style_saves_100_times_across_20_files_keep_every_versions_copy_once_with_its_bytes()
      throws Exception {
    long written;
    try (BackupDaemon daemon = listener.startVault(backup)) {
      for (int f = 0; f < 20; f++) {
        listener.put("f" + f + "/report.docx", "first draft of report " + f);
      }
      for (int i = 0; i < 100; i++) {
        String folder = "f" + (i % 20) + "/";
        listener.put(folder + "~tmp1", "save " + i + " of report " + i % 20);
        listener.move(folder + "report.docx", folder + "~tmp2");
        listener.move(folder + "~tmp1", folder + "report.docx");
        listener.delete(folder + "~tmp2");
      }
      listener.awaitCaughtUp(daemon);
      written = daemon.copiesWritten();
    }
    List<Event> events = listener.store.eventsAfter(0, Integer.MAX_VALUE);
    List<Event> withBytes = events.stream().filter(e -> e.hash() != null).toList();
    Set<String> oldNames = new HashSet<>();
    withBytes.forEach(e -> oldNames.add(e.name() + "." + e.version() + ".rev"));
    // the layout before the seq would have written several of these versions over each other
    assertThat(oldNames.size()).isLessThan(withBytes.size());

    // every version's copy present once, with its bytes; nothing was replaced or quarantined
    assertThat(BackupDaemonIT.tree(backup)).isEqualTo(BackupDaemonIT.expectedTree(listener))
        .hasSize(withBytes.size());
    assertThat(written).isEqualTo(withBytes.size());
    assertThat(backup.resolve(BackupFolder.STATE).resolve("quarantine")).doesNotExist();

    // the record lists every version once, with every field of its event
    BackupFolder folder = new BackupFolder(backup, ".rev");
    List<RecordedVersion> recorded = BackupRecord.read(backup).versions();
    assertThat(recorded).hasSize(events.size());
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      String copy = e.hash() == null ? null : folder.relative(folder.copyOf(e));
      assertThat(recorded.get(i)).isEqualTo(RecordedVersion.of(e, copy));
    }
    assertThat(recordLines(backup)).isEqualTo(events.size()); // not even a duplicate to collapse
    // the record alone leads to every version's bytes
    BackupRecord record = BackupRecord.read(backup);
    for (RecordedVersion v : record.versions()) {
      if (v.hash() != null) {
        assertThat(io.revkeep.core.Sha256.ofFile(record.copyFile(v).orElseThrow()))
            .as(v.toString()).contains(v.hash());
      }
    }

    Pruner everything = new Pruner(listener.store, listener.vault, folder, new CountRetention(0));
    Verifier.Report report = Verifier.verify(everything.plan(Instant.parse("2027-01-01T00:00:00Z")),
        listener.vault, folder);
    assertThat(report.problems()).isEmpty();
    assertThat(report.copies()).isEqualTo(withBytes.size());
  }

  /** How many lines the record's version segments hold, duplicates included. */
  static long recordLines(Path backupRoot) throws IOException {
    long n = 0;
    try (Stream<Path> files = Files.list(BackupRecord.folder(backupRoot))) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("\\d+-\\d+\\.jsonl"))
          .toList()) {
        n += Files.readAllLines(f).size();
      }
    }
    return n;
  }
}
