package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up} runs the backup; {@code pin}, {@code prune [--dry-run]} and {@code verify} on what it
 * made, through the real executable.
 */
class BackupCommandsIT {
  @TempDir Path dir;

  @Test
  void up_backs_up_every_version_and_prune_pin_and_verify_work_on_it() throws Exception {
    Path config = Revkeep.config(dir, 50);
    Files.writeString(config, Files.readString(config) + "[revisions]\ncount = 2\n");
    Path shared = dir.resolve("shared");
    Path backup = dir.resolve("backup");
    Path db = dir.resolve("data").resolve("revkeep.db");
    Path log = dir.resolve("up.out");
    Process up = Revkeep.start(dir, log, "up", "--config", config.toString());
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("revkeep is up"));
      for (int v = 1; v <= 4; v++) {
        Files.writeString(shared.resolve("report.txt"), "report draft " + v);
        int seq = v;
        await().atMost(Duration.ofSeconds(10)).until(() -> BackupSetup.lastSeq(db) == seq);
      }
      Files.writeString(shared.resolve("other.txt"), "other");
      await().atMost(Duration.ofSeconds(20)).until(() -> BackupSetup.cursor(backup) == 5);
      assertThat(BackupSetup.tree(backup)).isEqualTo(BackupSetup.expected(db)).hasSize(5);
    } finally {
      up.destroy();
      assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();
      up.destroyForcibly();
    }
    assertThat(Files.readString(dir.resolve("logs").resolve("revkeep.log")))
        .contains("backup stopped, durable up to seq 5");

    // pin version 1: count = 2 would remove versions 1 and 2 of report.txt, now only 2
    assertThat(Revkeep.runWith(dir, config, "pin", "report.txt", "--version", "1", "--label",
        "first draft").exit())
        .isZero();
    assertThat(Revkeep.runWith(dir, config, "pins", "report.txt").out())
        .contains("version 1: first draft");
    Revkeep.Result bad = Revkeep.runWith(dir, config, "pin", "report.txt", "--version", "9");
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err().strip()).isEqualTo("revkeep: 'report.txt' has no version 9 (see"
        + " 'revkeep history report.txt')");
    assertThat(Revkeep.runWith(dir, config, "pin", "report.txt").exit()).isEqualTo(2);

    Revkeep.Result dry = Revkeep.runWith(dir, config, "prune", "--dry-run");
    assertThat(dry.exit()).isZero();
    assertThat(dry.out()).contains("policy: keep the newest 2 versions of each file")
        .contains("would remove report.txt v2: not among the newest 2 versions of report.txt")
        .contains("vault object")
        .doesNotContain("report.txt v1:")
        .contains("1 of 5 versions and 1 vault objects would be removed (dry run");
    assertThat(BackupSetup.tree(backup)).hasSize(5); // nothing changed

    Revkeep.Result prune = Revkeep.runWith(dir, config, "prune");
    assertThat(prune.exit()).isZero();
    assertThat(prune.out()).contains("removed 1 backup copies and 1 vault objects");
    assertThat(BackupSetup.tree(backup)).containsOnlyKeys("report.txt.1.s1.rev",
        "report.txt.3.s3.rev", "report.txt.4.s4.rev", "other.txt.1.s5.rev");
    // records stay
    assertThat(Revkeep.runWith(dir, config, "history", "report.txt").out()).contains("CREATE");
    assertThat(BackupSetup.expected(db)).hasSize(5);

    Revkeep.Result ok = Revkeep.runWith(dir, config, "verify");
    assertThat(ok.exit()).isZero();
    assertThat(ok.out()).contains("ok: 4 versions, 4 vault objects, 4 backup copies");

    // flip one byte in a backup copy and one in a vault object
    Map<String, String> expected = BackupSetup.expected(db);
    flipByte(backup.resolve("report.txt.3.s3.rev"));
    String otherHash = expected.get("other.txt.1.s5.rev");
    Path object = dir.resolve("data").resolve("vault").resolve(otherHash.substring(0, 2))
        .resolve(otherHash.substring(2));
    flipByte(object);
    Revkeep.Result broken = Revkeep.runWith(dir, config, "verify");
    assertThat(broken.exit()).isEqualTo(1);
    assertThat(broken.out()).contains("backup copy " + backup.resolve("report.txt.3.s3.rev")
        + " of report.txt v3: its bytes do not match the version's hash")
        .contains("vault object " + object + " of other.txt v1: its bytes do not match its hash");
    assertThat(broken.err().strip()).startsWith("revkeep: verify found 2 problems")
        .doesNotContain("\n").doesNotContain("Exception");
  }

  private static void flipByte(Path file) throws Exception {
    file.toFile().setWritable(true);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(2);
      int b = raf.read();
      raf.seek(2);
      raf.write(b ^ 0x01);
    }
  }
}
