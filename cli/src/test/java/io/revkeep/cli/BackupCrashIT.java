package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.backup.BackupRecord;
import io.revkeep.backup.RecordedVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a real backup process while it copies, changes made while it is down, restarts:
 * in the end every version has exactly one copy with its exact bytes, no copy was written twice
 * (the log names each copy once, and copies seen before a restart keep their inode), none skipped.
 */
class BackupCrashIT {
  private static final Pattern WROTE = Pattern.compile("backup: wrote (\\S+) \\(seq (\\d+)\\)");

  @TempDir Path dir;

  @Test
  void kill_9_and_restarts_of_the_backup_never_write_a_copy_twice_and_never_skip_one()
      throws Exception {
    int port = BackupSetup.freePort();
    Path config = BackupSetup.config(dir, port, "");
    Path shared = dir.resolve("shared");
    Path backup = dir.resolve("backup");
    Path db = dir.resolve("data").resolve("revkeep.db");
    Path listenerLog = dir.resolve("listener.out");
    Path backupLog = dir.resolve("backup.out");
    Process listener = Revkeep.start(dir, listenerLog, "listener", "--config", config.toString());
    Process copier = null;
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(listenerLog).contains("watching"));
      copier = Revkeep.start(dir, backupLog, "backup", "--config", config.toString());
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(backupLog).contains("revkeep backup"));
      for (int d = 0; d < 10; d++) {
        Files.createDirectories(shared.resolve("d" + d));
      }
      // 1,000 files while the backup runs; kill -9 it in the middle of copying them
      for (int i = 0; i < 1000; i++) {
        Files.writeString(shared.resolve("d" + (i % 10)).resolve("f" + i + ".txt"), "first " + i);
      }
      await().atMost(Duration.ofSeconds(60)).until(() -> BackupSetup.cursor(backup) > 200);
      copier.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      Map<String, Object> seenBeforeRestart = inodes(backup);
      // the edits below must find their files recorded, so that each gets a second version
      await().atMost(Duration.ofSeconds(60)).until(() -> BackupSetup.lastSeq(db) == 1000);

      // while it is down: 1,000 more files and 300 edits
      for (int i = 1000; i < 2000; i++) {
        Files.writeString(shared.resolve("d" + (i % 10)).resolve("f" + i + ".txt"), "first " + i);
      }
      for (int i = 0; i < 300; i++) {
        Files.writeString(shared.resolve("d" + (i % 10)).resolve("f" + i + ".txt"), "second " + i);
      }
      await().atMost(Duration.ofSeconds(90)).until(() -> BackupSetup.lastSeq(db) == 2300);

      // restart, kill -9 again while it catches up, restart once more
      copier = Revkeep.start(dir, backupLog, "backup", "--config", config.toString());
      long killAt = BackupSetup.cursor(backup) + 300;
      await().atMost(Duration.ofSeconds(60)).until(() -> BackupSetup.cursor(backup) > killAt);
      copier.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      seenBeforeRestart.putAll(inodes(backup));
      copier = Revkeep.start(dir, backupLog, "backup", "--config", config.toString());
      await().atMost(Duration.ofSeconds(90)).until(() -> BackupSetup.cursor(backup) == 2300);

      Map<String, String> expected = BackupSetup.expected(db);
      assertThat(expected).hasSize(2300);
      assertThat(BackupSetup.tree(backup)).isEqualTo(expected);
      Map<String, Object> now = inodes(backup);
      seenBeforeRestart.forEach((copy, inode) ->
          assertThat(now.get(copy)).as("inode of " + copy + " after restarts").isEqualTo(inode));
      Map<String, Integer> writes = new HashMap<>();
      Matcher m = WROTE.matcher(Files.readString(backupLog));
      while (m.find()) {
        writes.merge(m.group(1), 1, Integer::sum);
      }
      assertThat(writes).as("copies the log says were written").isNotEmpty();
      assertThat(writes.entrySet()).allSatisfy(e ->
          assertThat(e.getValue()).as("times " + e.getKey() + " was written").isEqualTo(1));
      assertThat(Files.readString(backupLog)).doesNotContain("Exception");
      assertThat(BackupRecord.read(backup).versions()).extracting(RecordedVersion::seq)
          .containsExactlyElementsOf(LongStream.rangeClosed(1, 2300).boxed().toList());

      // the same folder as the revkeep before the record left it — copies named
      // <path>.<version>.rev, the cursor, nothing else — and a kill -9 while it is migrated
      copier.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      for (String rel : BackupSetup.tree(backup).keySet()) {
        Files.move(backup.resolve(rel), backup.resolve(rel.replaceFirst("\\.s\\d+\\.rev$", ".rev")));
      }
      deleteTree(backup.resolve(".revkeep-backup").resolve("record"));
      Files.delete(backup.resolve(".revkeep-backup").resolve("layout"));
      Map<String, Object> oldLayout = inodes(backup);
      String before = Files.readString(backupLog);
      copier = Revkeep.start(dir, backupLog, "backup", "--config", config.toString());
      // killed early in the migration: counting names (not hashing 2,300 files per poll, which
      // on a loaded machine let the migration finish before the kill)
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
          .ignoreExceptions() // files renamed under the walk
          .until(() -> migratedNames(backup) > 100);
      copier.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      assertThat(backup.resolve(".revkeep-backup").resolve("layout")).as("killed while migrating")
          .doesNotExist();
      copier = Revkeep.start(dir, backupLog, "backup", "--config", config.toString());
      await().atMost(Duration.ofSeconds(90)).until(() -> BackupSetup.cursor(backup) == 2300
          && Files.exists(backup.resolve(".revkeep-backup").resolve("layout")));

      assertThat(BackupSetup.tree(backup)).isEqualTo(expected);
      Map<String, Object> migrated = inodes(backup);
      oldLayout.forEach((rel, inode) -> assertThat(migrated.get(rel.replaceFirst("\\.rev$",
          "." + "s" + seqOf(rel, expected) + ".rev"))).as("inode of " + rel + " renamed")
          .isEqualTo(inode));
      assertThat(Files.readString(backupLog).substring(before.length())).doesNotContain(
          "backup: wrote").doesNotContain("Exception");
      assertThat(backup.resolve(".revkeep-backup").resolve("quarantine")).doesNotExist();
      assertThat(BackupRecord.read(backup).versions()).hasSize(2300);
    } finally {
      if (copier != null) {
        copier.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      listener.destroy();
      listener.waitFor(30, TimeUnit.SECONDS);
      listener.destroyForcibly();
    }
  }

  /** The seq in the new name of an old-layout copy's version (no path is reused here). */
  private static String seqOf(String oldName, Map<String, String> expected) {
    String stem = oldName.substring(0, oldName.length() - ".rev".length());
    return expected.keySet().stream().filter(n -> n.startsWith(stem + ".s")).findFirst()
        .orElseThrow().replaceFirst("^.*\\.s(\\d+)\\.rev$", "$1");
  }

  private static void deleteTree(Path root) throws IOException {
    try (java.util.stream.Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static Map<String, Object> inodes(Path backup) throws Exception {
    Map<String, Object> out = new HashMap<>();
    for (String rel : BackupSetup.tree(backup).keySet()) {
      if (rel.contains(".revkeep-tmp-")) {
        continue; // a temporary left by kill -9: removed at restart, never a copy
      }
      out.put(rel, Files.readAttributes(backup.resolve(rel), BasicFileAttributes.class).fileKey());
    }
    return out;
  }

  /** How many copies already carry a name of the new layout (.s<seq>.rev); names only. */
  private static long migratedNames(Path backup) throws IOException {
    try (Stream<Path> files = Files.walk(backup)) {
      return files.filter(p -> p.getFileName().toString().matches(".*\\.s\\d+\\.rev")).count();
    }
  }
}
