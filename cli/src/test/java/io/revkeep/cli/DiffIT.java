package io.revkeep.cli;

import static io.revkeep.cli.RunningRevkeep.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code revkeep diff} between recorded versions, against a real {@code revkeep up}. */
class DiffIT {
  @TempDir static Path dir;
  static RunningRevkeep revkeep;

  @BeforeAll
  static void up() throws Exception {
    revkeep = RunningRevkeep.start(dir);
  }

  @AfterAll
  static void down() throws Exception {
    revkeep.close();
  }

  @Test
  void diff_prints_a_unified_diff_between_two_versions_or_against_the_newest() throws Exception {
    revkeep.edit("notes.txt", "apples\nbananas\ncherries\n", 1);
    revkeep.edit("notes.txt", "apples\nBANANAS\ncherries\ndates\n", 2);
    revkeep.edit("notes.txt", "apples\n", 3);

    String diff = revkeep.ok("diff", "notes.txt", "1", "2");
    assertThat(diff.lines()).containsExactly(
        "--- notes.txt (version 1)",
        "+++ notes.txt (version 2)",
        "@@ -1,3 +1,4 @@",
        " apples",
        "-bananas",
        "+BANANAS",
        " cherries",
        "+dates");

    assertThat(revkeep.ok("diff", "notes.txt", "2").lines()).containsExactly(
        "--- notes.txt (version 2)",
        "+++ notes.txt (version 3)",
        "@@ -1,4 +1,1 @@",
        " apples",
        "-BANANAS",
        "-cherries",
        "-dates");

    assertThat(revkeep.ok("diff", "notes.txt", "3", "3")).isEmpty();
  }

  @Test
  void binary_versions_are_reported_not_diffed() throws Exception {
    Path bin = revkeep.shared.resolve("image.bin");
    Files.write(bin, new byte[] {1, 0, 2, 3});
    await().atMost(Duration.ofSeconds(20)).until(() -> revkeep.history("image.bin").size() == 1);
    Files.write(bin, new byte[] {1, 0, 2, 4});
    await().atMost(Duration.ofSeconds(20)).until(() -> revkeep.history("image.bin").size() == 2);
    assertThat(revkeep.ok("diff", "image.bin", "1")).contains(
        "Binary versions 1 and 2 of image.bin differ");
  }

  @Test
  void diff_mistakes_get_one_line() throws Exception {
    revkeep.edit("d.txt", "a\n", 1);
    revkeep.edit("d.txt", "b\n", 2);
    Files.delete(revkeep.shared.resolve("d.txt"));
    await().atMost(Duration.ofSeconds(20)).until(() -> revkeep.history("d.txt").size() == 3);

    assertOneLineError(revkeep.run("diff", "d.txt", "1", "9"),
        "no version 9 of d.txt: it has 3 versions");
    assertOneLineError(revkeep.run("diff", "d.txt", "1"),
        "version 3 of d.txt is a deletion: it has no content to compare");
    assertOneLineError(revkeep.run("diff", "unknown.txt", "1"), "no history for 'unknown.txt'");
    assertThat(revkeep.ok("diff", "d.txt", "1", "2")).contains("-a").contains("+b");
    assertThat(revkeep.run("diff", "d.txt").exit()).isEqualTo(2);
    assertThat(revkeep.run("diff", "d.txt", "one").exit()).isEqualTo(2);
  }

  @Test
  void two_unrelated_20000_line_versions_get_one_line_saying_they_are_too_different()
      throws Exception {
    StringBuilder left = new StringBuilder();
    StringBuilder right = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      left.append("left ").append(i).append('\n');
      right.append("right ").append(i).append('\n');
    }
    revkeep.edit("big.txt", left.toString(), 1);
    revkeep.edit("big.txt", right.toString(), 2);

    assertOneLineError(revkeep.run("diff", "big.txt", "1", "2"),
        "versions 1 and 2 of big.txt are too different to show line by line (more than 5000"
            + " changed lines)");
  }
}
