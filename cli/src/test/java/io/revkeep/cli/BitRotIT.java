package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16, must-show 3, through the real executable: a byte flipped in 10 backup copies and in
 * 10 vault objects; {@code verify} names all 20, {@code verify --repair} repairs all 20, and a
 * second {@code verify} is clean.
 */
class BitRotIT {
  @TempDir Path dir;

  @Test
  void verify_names_twenty_flipped_bytes_and_repair_puts_all_twenty_right() throws Exception {
    Path config = Revkeep.config(dir, 50);
    Path shared = dir.resolve("shared");
    Path backup = dir.resolve("backup");
    Path db = dir.resolve("data").resolve("revkeep.db");
    Path log = dir.resolve("up.out");
    Process up = Revkeep.start(dir, log, "up", "--config", config.toString());
    try {
      await().atMost(Duration.ofSeconds(30))
          .until(() -> Files.readString(log).contains("revkeep is up"));
      for (int i = 0; i < 20; i++) {
        Files.writeString(shared.resolve("file" + i + ".txt"), "the content of file " + i);
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> BackupSetup.cursor(backup) == 20);
    } finally {
      up.destroy();
      assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();
      up.destroyForcibly();
    }
    Map<String, String> expected = BackupSetup.expected(db);
    assertThat(expected).hasSize(20);

    // copies of the first 10 versions, vault objects of the other 10
    List<Path> flipped = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String hash = e.getValue();
      Path file = i++ < 10 ? backup.resolve(e.getKey()) : dir.resolve("data").resolve("vault")
          .resolve(hash.substring(0, 2)).resolve(hash.substring(2));
      flipByte(file);
      flipped.add(file);
    }

    Revkeep.Result found = Revkeep.runWith(dir, config, "verify");
    assertThat(found.exit()).isEqualTo(1);
    assertThat(found.out().lines()).hasSize(20);
    for (Path f : flipped) {
      assertThat(found.out()).contains(f + " of ");
    }
    assertThat(found.err().strip()).startsWith("revkeep: verify found 20 problems")
        .doesNotContain("\n").doesNotContain("Exception");

    Revkeep.Result repaired = Revkeep.runWith(dir, config, "verify", "--repair");
    assertThat(repaired.exit()).as(repaired.out() + repaired.err()).isZero();
    assertThat(repaired.out().lines().filter(l -> l.startsWith("repaired: "))).hasSize(20);
    assertThat(repaired.out()).contains("ok: 20 versions, 20 vault objects, 20 backup copies"
        + " match their hashes (20 repaired)");
    assertThat(BackupSetup.tree(backup)).isEqualTo(expected);
    for (Map.Entry<String, String> e : expected.entrySet()) {
      String hash = e.getValue();
      assertThat(BackupSetup.sha256(dir.resolve("data").resolve("vault")
          .resolve(hash.substring(0, 2)).resolve(hash.substring(2)))).isEqualTo(hash);
    }

    Revkeep.Result clean = Revkeep.runWith(dir, config, "verify", "--json");
    assertThat(clean.exit()).isZero();
    assertThat(clean.out()).contains("\"ok\" : true").contains("\"problems\" : [ ]");
  }

  private static void flipByte(Path file) throws Exception {
    file.toFile().setWritable(true);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(3);
      int b = raf.read();
      raf.seek(3);
      raf.write(b ^ 0x01);
    }
  }
}
