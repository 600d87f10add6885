package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.testing.Tmpfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup folder on a small, full tmpfs: the backup logs a clear error and retries, never
 * leaves a partial copy, and completes once space is freed.
 */
class BackupDiskFullIT {
  private static final int FILES = 12;
  private static final int FILE_BYTES = 160 * 1024;

  @TempDir Path dir;

  @Test
  void a_full_backup_disk_is_logged_retried_left_without_partial_files_and_completed_later()
      throws Exception {
    Path backup = Files.createDirectories(dir.resolve("backup"));
    Process up = null;
    try (Tmpfs.Mounted mounted = Tmpfs.mount(backup, "4m")) {
      Path filler = backup.resolve("filler");
      Files.write(filler, new byte[4000 * 1024]); // ~96 KiB left: less than one copy
      Path config = Revkeep.config(dir, 50);
      Path log = dir.resolve("up.out");
      up = Revkeep.start(dir, log, "up", "--config", config.toString());
      Process running = up;
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("revkeep is up"));
      Path shared = dir.resolve("shared");
      for (int i = 0; i < FILES; i++) {
        byte[] content = new byte[FILE_BYTES];
        java.util.Arrays.fill(content, (byte) ('a' + i));
        // written under a temporary name the listener ignores, then renamed: one version each
        // (a 160 KiB write seen half-done under load would otherwise get two)
        Path temp = Files.write(shared.resolve(".revkeep-tmp-big" + i), content);
        Files.move(temp, shared.resolve("big" + i + ".bin"),
            java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
      Path db = dir.resolve("data").resolve("revkeep.db");
      await().atMost(Duration.ofSeconds(30)).until(() -> BackupSetup.lastSeq(db) == FILES);

      Path fileLog = dir.resolve("logs").resolve("revkeep.log");
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(fileLog)
          && Files.readString(fileLog).contains("No space left on device"));
      await().atMost(Duration.ofSeconds(30)).until(() -> count(Files.readString(fileLog),
          "retrying in") >= 3);
      String errors = Files.readString(fileLog);
      assertThat(errors).containsPattern("ERROR .*backup: cannot copy big\\d+\\.bin v1 \\(seq \\d+\\) into "
          + backup + ": .*No space left on device; retrying in \\d+ ms");
      // nothing half-written: whatever copy exists is complete, and no temporary stays behind
      Map<String, String> expected = BackupSetup.expected(db);
      for (int i = 0; i < 20; i++) {
        Map<String, String> tree = BackupSetup.tree(backup);
        tree.remove("filler");
        tree.forEach((name, hash) -> {
          if (!name.contains(".revkeep-tmp-")) {
            assertThat(hash).as(name + " is complete").isEqualTo(expected.get(name));
          }
        });
      }
      assertThat(running.isAlive()).isTrue();

      Files.delete(filler);
      try {
        await().atMost(Duration.ofSeconds(60))
            .until(() -> BackupSetup.cursor(backup) == BackupSetup.lastSeq(db));
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("the backup did not complete after space was freed; cursor "
            + BackupSetup.cursor(backup) + ", log:\n" + Files.readString(fileLog), e);
      }
      Map<String, String> tree = BackupSetup.tree(backup);
      assertThat(tree).isEqualTo(BackupSetup.expected(db)).isEqualTo(expected).hasSize(FILES);
    } finally {
      if (up != null) {
        up.destroy();
        up.waitFor(30, TimeUnit.SECONDS);
        up.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
