package io.revkeep.cli;

import static io.revkeep.cli.RunningRevkeep.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code revkeep restore} against a real {@code revkeep up}: restore never destroys. */
class RestoreIT {
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
  void restore_to_another_path_creates_it_as_a_cli_version_and_leaves_the_source_alone()
      throws Exception {
    revkeep.edit("plan.txt", "plan A\n", 1);
    revkeep.edit("plan.txt", "plan B\n", 2);

    assertThat(revkeep.ok("restore", "plan.txt", "--version", "1", "--to", "old/plan-a.txt"))
        .contains("restored version 1 of plan.txt to old/plan-a.txt (now version 1 of"
            + " old/plan-a.txt)");
    assertThat(revkeep.read("old/plan-a.txt")).isEqualTo("plan A\n");
    assertThat(revkeep.read("plan.txt")).isEqualTo("plan B\n");
    assertThat(revkeep.history("plan.txt")).hasSize(2);
    JsonNode copy = revkeep.history("old/plan-a.txt");
    assertThat(copy).hasSize(1);
    assertThat(copy.get(0).get("origin").asText()).isEqualTo("cli");
    assertThat(copy.get(0).get("user").asText()).isEqualTo(System.getProperty("user.name"));
    assertThat(copy.get(0).get("action").asText()).isEqualTo("CREATE");
  }

  @Test
  void restore_over_an_existing_file_versions_what_stands_there_first() throws Exception {
    revkeep.edit("memo.txt", "alpha\n", 1);
    revkeep.edit("memo.txt", "beta\n", 2);
    // an edit the listener has not recorded yet when restore starts: it must not be lost
    Files.writeString(revkeep.shared.resolve("memo.txt"), "gamma, unsaved\n");
    assertThat(revkeep.ok("restore", "memo.txt", "--version", "1"))
        .contains("restored version 1 of memo.txt (now version 4)");
    assertThat(revkeep.read("memo.txt")).isEqualTo("alpha\n");
    JsonNode history = revkeep.history("memo.txt");
    assertThat(history).hasSize(4);
    assertThat(history.get(2).get("origin").asText()).isEqualTo("fs"); // gamma, kept
    assertThat(history.get(2).get("size").asLong()).isEqualTo("gamma, unsaved\n".length());
    assertThat(history.get(3).get("origin").asText()).isEqualTo("cli");
    assertThat(history.get(3).get("hash")).isEqualTo(history.get(0).get("hash"));

    // over another existing file, with --to: its content stays in its own history
    revkeep.edit("other.txt", "other content\n", 1);
    assertThat(revkeep.ok("restore", "memo.txt", "--version", "3", "--to", "other.txt"))
        .contains("(now version 2 of other.txt)");
    assertThat(revkeep.read("other.txt")).isEqualTo("gamma, unsaved\n");
    assertThat(revkeep.history("other.txt")).hasSize(2);
    assertThat(revkeep.ok("restore", "other.txt", "--version", "1"))
        .contains("restored version 1 of other.txt (now version 3)");
    assertThat(revkeep.read("other.txt")).isEqualTo("other content\n");
  }

  @Test
  void restore_over_an_identical_file_is_a_no_op() throws Exception {
    revkeep.edit("same.txt", "x\n", 1);
    revkeep.edit("same.txt", "y\n", 2);
    assertThat(revkeep.ok("restore", "same.txt", "--version", "2"))
        .contains("already has the content of version 2").contains("nothing to do");
    assertThat(revkeep.history("same.txt")).hasSize(2);
  }

  @Test
  void a_deleted_file_is_restored_by_name_and_its_tombstone_cannot_be() throws Exception {
    revkeep.edit("gone/deleted.txt", "keep me\n", 1);
    Files.delete(revkeep.shared.resolve("gone/deleted.txt"));
    Files.delete(revkeep.shared.resolve("gone"));
    await().atMost(Duration.ofSeconds(20)).until(() -> revkeep.history("gone/deleted.txt").size() == 2);
    assertThat(revkeep.ok("ls", "--deleted", "gone")).contains("deleted.txt").contains("(deleted)");

    assertOneLineError(revkeep.run("restore", "gone/deleted.txt", "--version", "2"),
        "version 2 of gone/deleted.txt is a deletion: it has no content to restore");

    assertThat(revkeep.ok("restore", "gone/deleted.txt", "--version", "1"))
        .contains("restored version 1 of gone/deleted.txt (now version 3)");
    assertThat(revkeep.read("gone/deleted.txt")).isEqualTo("keep me\n");
    JsonNode history = revkeep.history("gone/deleted.txt");
    assertThat(history).extracting(v -> v.get("action").asText())
        .containsExactly("CREATE", "DELETE", "CREATE");
    assertThat(history.get(2).get("origin").asText()).isEqualTo("cli");
  }

  @Test
  void a_version_whose_bytes_left_the_vault_cannot_be_restored_and_says_why() throws Exception {
    revkeep.edit("lost.txt", "soon without bytes\n", 1);
    revkeep.edit("lost.txt", "current\n", 2);
    String hash = revkeep.history("lost.txt").get(0).get("hash").asText();
    Files.delete(dir.resolve("data").resolve("vault").resolve(hash.substring(0, 2))
        .resolve(hash.substring(2)));
    assertOneLineError(revkeep.run("restore", "lost.txt", "--version", "1"),
        "the bytes of version 1 of lost.txt are not in the vault");
    assertThat(revkeep.read("lost.txt")).isEqualTo("current\n");
  }

  @Test
  void user_mistakes_get_one_line_that_says_what_to_do_and_change_nothing() throws Exception {
    revkeep.edit("report.txt", "1\n", 1);
    revkeep.edit("report.txt", "2\n", 2);
    revkeep.edit("report.txt", "3\n", 3);
    revkeep.edit("report.txt", "4\n", 4);
    Files.createDirectories(revkeep.shared.resolve("folder"));

    assertOneLineError(revkeep.run("restore", "report.txt", "--version", "9"),
        "no version 9 of report.txt: it has 4 versions");
    assertOneLineError(revkeep.run("restore", "report.txt", "--version", "0"),
        "no version 0 of report.txt");
    assertOneLineError(revkeep.run("restore", "nothing.txt", "--version", "1"),
        "no history for 'nothing.txt'");
    assertOneLineError(revkeep.run("restore", "report.txt", "--version", "1", "--to",
        "../escape.txt"), "'..'");
    assertOneLineError(revkeep.run("restore", "report.txt", "--version", "1", "--to",
        "/tmp/escape.txt"), "is outside the shared folder");
    assertOneLineError(revkeep.run("restore", "report.txt", "--version", "1", "--to", "folder"),
        "is a folder");
    assertOneLineError(revkeep.run("restore", "report.txt", "--version", "1", "--to",
        "report.txt.swp"), "matches the [listener] ignore pattern '*.swp'");
    assertThat(Files.exists(dir.resolve("escape.txt"))).isFalse();
    assertThat(Files.exists(revkeep.shared.resolve("report.txt.swp"))).isFalse();
    assertThat(revkeep.history("report.txt")).hasSize(4);

    Revkeep.Result noVersion = revkeep.run("restore", "report.txt");
    assertThat(noVersion.exit()).isEqualTo(2);
    assertThat(noVersion.err()).contains("give either --version N (one file) or --at TIME");
  }
}
