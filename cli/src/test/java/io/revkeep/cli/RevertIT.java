package io.revkeep.cli;

import static io.revkeep.cli.RunningRevkeep.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.model.Lock;
import io.revkeep.core.store.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code revkeep revert} against a real {@code revkeep up}: the executable as a user runs it. */
class RevertIT {
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

  private static void fourVersions(String path) throws Exception {
    revkeep.edit(path, "one\n", 1);
    revkeep.edit(path, "two\n", 2);
    revkeep.edit(path, "three\n", 3);
    revkeep.edit(path, "four\n", 4);
  }

  @Test
  void revert_by_1_and_by_3_with_either_sign_adds_versions_made_by_the_cli_user() throws Exception {
    fourVersions("report.txt");

    assertThat(revkeep.ok("revert", "-f", "report.txt", "-r", "1"))
        .contains("reverted report.txt to version 3 (now version 5)");
    assertThat(revkeep.read("report.txt")).isEqualTo("three\n");

    assertThat(revkeep.ok("revert", "-f", "report.txt", "-r", "-3"))
        .contains("reverted report.txt to version 2 (now version 6)");
    assertThat(revkeep.read("report.txt")).isEqualTo("two\n");

    assertThat(revkeep.ok("revert", "-f", "report.txt", "-r", "3"))
        .contains("reverted report.txt to version 3 (now version 7)");
    assertThat(revkeep.read("report.txt")).isEqualTo("three\n");

    assertThat(revkeep.ok("revert", "--file", "report.txt", "--revisions", "-1"))
        .contains("reverted report.txt to version 6 (now version 8)");
    assertThat(revkeep.read("report.txt")).isEqualTo("two\n");

    JsonNode history = revkeep.history("report.txt");
    assertThat(history).hasSize(8); // history is never rewritten: each revert is a new version
    for (int v = 5; v <= 8; v++) {
      JsonNode version = history.get(v - 1);
      assertThat(version.get("origin").asText()).as("origin of v" + v).isEqualTo("cli");
      assertThat(version.get("user").asText()).isEqualTo(System.getProperty("user.name"));
      assertThat(version.get("action").asText()).isEqualTo("MODIFY");
    }
    assertThat(history.get(4).get("hash")).isEqualTo(history.get(2).get("hash"));
    assertThat(history.get(5).get("hash")).isEqualTo(history.get(1).get("hash"));
    assertThat(history.get(0).get("origin").asText()).isEqualTo("fs");
  }

  @Test
  void revert_past_the_first_version_is_refused_and_changes_nothing() throws Exception {
    revkeep.edit("short.txt", "first\n", 1);
    revkeep.edit("short.txt", "second\n", 2);

    assertOneLineError(revkeep.run("revert", "-f", "short.txt", "-r", "2"),
        "cannot revert short.txt by 2: it has 2 versions (go back at most 1)");
    assertOneLineError(revkeep.run("revert", "-f", "short.txt", "-r", "-5"),
        "cannot revert short.txt by 5");
    assertThat(revkeep.read("short.txt")).isEqualTo("second\n");
    assertThat(revkeep.history("short.txt")).hasSize(2);

    Revkeep.Result zero = revkeep.run("revert", "-f", "short.txt", "-r", "0");
    assertThat(zero.exit()).isEqualTo(2);
    assertThat(zero.err()).contains("-r 0 would change nothing").doesNotContain("Exception");
  }

  @Test
  void revert_to_the_content_the_file_already_has_is_a_no_op() throws Exception {
    revkeep.edit("same.txt", "a\n", 1);
    revkeep.edit("same.txt", "b\n", 2);
    revkeep.edit("same.txt", "a\n", 3);
    assertThat(revkeep.ok("revert", "-f", "same.txt", "-r", "2"))
        .contains("already has the content of version 1").contains("nothing to do");
    assertThat(revkeep.history("same.txt")).hasSize(3);
  }

  @Test
  void revert_of_a_file_locked_by_someone_else_names_the_holder_and_changes_nothing()
      throws Exception {
    revkeep.edit("locked.txt", "mine\n", 1);
    revkeep.edit("locked.txt", "theirs\n", 2);
    try (SqliteStore store = SqliteStore.open(dir.resolve("data").resolve("revkeep.db"))) {
      Instant now = Instant.now();
      store.tryLock(new Lock("locked.txt", "alice", now.plus(Duration.ofHours(1))), now);
      assertOneLineError(revkeep.run("revert", "-f", "locked.txt", "-r", "1"),
          "locked.txt is locked by alice until");
      assertOneLineError(revkeep.run("restore", "locked.txt", "--version", "1"),
          "locked.txt is locked by alice until");
      assertThat(revkeep.read("locked.txt")).isEqualTo("theirs\n");
      assertThat(revkeep.history("locked.txt")).hasSize(2);

      store.unlock("locked.txt", "alice");
      assertThat(revkeep.ok("revert", "-f", "locked.txt", "-r", "1"))
          .contains("reverted locked.txt to version 1 (now version 3)");
    }
  }

  @Test
  void user_mistakes_get_one_line_that_says_what_to_do() throws Exception {
    assertOneLineError(revkeep.run("revert", "-f", "never.txt", "-r", "1"),
        "no history for 'never.txt'");
    assertOneLineError(revkeep.run("revert", "-f", "../outside.txt", "-r", "1"), "'..'");
    assertOneLineError(revkeep.run("revert", "-f", "/etc/passwd", "-r", "1"),
        "is outside the shared folder");

    Revkeep.Result missing = revkeep.run("revert", "-f", "report.txt");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("-f PATH and -r N").contains("--change-set");
    Revkeep.Result notNumber = revkeep.run("revert", "-f", "report.txt", "-r", "three");
    assertThat(notNumber.exit()).isEqualTo(2);
    assertThat(notNumber.err()).contains("three").doesNotContain("Exception:");
  }
}
