package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executable as a user runs it: exit codes, one-line errors, and {@code --json}. */
class CliIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void up_records_changes_that_history_and_ls_then_show() throws Exception {
    Path config = Revkeep.config(dir, 50);
    Path log = dir.resolve("up.out");
    Process up = Revkeep.start(dir, log, "up", "--config", config.toString());
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(log).contains("revkeep is up"));
      // a calm console: the password and the summary; the libraries' lines in the log file
      assertThat(Files.readString(log)).contains("created the user 'admin' with the password")
          .doesNotContain(" INFO ").doesNotContain("Javalin").doesNotContain("jetty");
      assertThat(Files.readString(dir.resolve("logs").resolve("revkeep.log")))
          .contains("Starting Javalin");
      Path shared = dir.resolve("shared");
      Files.writeString(shared.resolve("report.txt"), "draft");
      await().atMost(Duration.ofSeconds(10)).until(() -> historySize("report.txt") == 1);
      Files.writeString(shared.resolve("report.txt"), "final");
      Files.createDirectories(shared.resolve("docs"));
      Files.writeString(shared.resolve("docs").resolve("a.txt"), "a");
      await().atMost(Duration.ofSeconds(10)).until(() -> historySize("report.txt") == 2);

      JsonNode history = JSON.readTree(run("history", "report.txt", "--json").out());
      assertThat(history).hasSize(2);
      assertThat(history.get(0).get("version").asInt()).isEqualTo(1);
      assertThat(history.get(0).get("action").asText()).isEqualTo("CREATE");
      assertThat(history.get(1).get("action").asText()).isEqualTo("MODIFY");
      assertThat(history.get(1).get("origin").asText()).isEqualTo("fs");
      assertThat(history.get(1).get("hash").asText()).hasSize(64);

      await().atMost(Duration.ofSeconds(10)).until(() -> run("ls", "docs").out().contains("a.txt"));
      JsonNode ls = JSON.readTree(run("ls", "--json").out());
      assertThat(ls.findValuesAsText("name")).containsExactly("docs", "report.txt");

      Revkeep.Result human = run("history", "report.txt");
      assertThat(human.exit()).isZero();
      assertThat(human.out()).contains("VERSION").contains("CREATE").contains("MODIFY");

      // SIGTERM stops it cleanly
      up.destroy();
      assertThat(up.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(dir.resolve("logs").resolve("revkeep.log")))
          .contains("listener stopped");
    } finally {
      up.destroyForcibly();
    }
  }

  @Test
  void a_user_mistake_gets_one_line_and_exit_1() throws Exception {
    Path config = Revkeep.config(dir, 50);
    // a store that exists (a command refuses one that does not with exit 2: NotSetUp)
    Files.createDirectories(dir.resolve("data"));
    io.revkeep.core.store.SqliteStore.open(dir.resolve("data").resolve("revkeep.db")).close();
    Revkeep.Result r = Revkeep.run(dir, "history", "never.txt", "--config", config.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("revkeep: no history for 'never.txt'").doesNotContain("\n")
        .doesNotContain("Exception");

    Revkeep.Result escape = Revkeep.run(dir, "history", "../etc/passwd", "--config", config.toString());
    assertThat(escape.exit()).isEqualTo(1);
    assertThat(escape.err()).contains("'..'").doesNotContain("Exception");
  }

  @Test
  void a_broken_config_line_exits_2_naming_file_line_and_key() throws Exception {
    Path config = Revkeep.config(dir, 50);
    Files.writeString(config, Files.readString(config).replace("settle_ms = 50", "settle_ms = soon"));
    for (String[] args : new String[][] {{"config", "check"}, {"up"}, {"ls"}}) {
      String[] full = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
          java.util.stream.Stream.of("--config", config.toString())).toArray(String[]::new);
      Revkeep.Result r = Revkeep.run(dir, full);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err()).contains(config + ":7:").contains("[listener] settle_ms")
          .contains("soon").doesNotContain("Exception");
    }
    Revkeep.Result unknown = Revkeep.run(dir, "config", "check", "--config",
        Files.writeString(dir.resolve("x.ini"), "[paths]\nshraed = /tmp/x\n").toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).contains("x.ini:2:").contains("shraed");
  }

  @Test
  void config_check_prints_the_values_in_force() throws Exception {
    Path config = Revkeep.config(dir, 50);
    Revkeep.Result r = Revkeep.run(dir, "config", "check", "--config", config.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("[listener]").contains("settle_ms = 50").contains("configuration OK")
        .doesNotContain("test-token");
  }

  @Test
  void usage_errors_exit_2() throws Exception {
    assertThat(Revkeep.run(dir, "histroy").exit()).isEqualTo(2);
    assertThat(Revkeep.run(dir, "history").exit()).isEqualTo(2);
    assertThat(Revkeep.run(dir, "--help").exit()).isZero();
  }

  private Revkeep.Result run(String... args) throws Exception {
    String[] full = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
        java.util.stream.Stream.of("--config", dir.resolve("revkeep.ini").toString()))
        .toArray(String[]::new);
    return Revkeep.run(dir, full);
  }

  private int historySize(String path) throws Exception {
    Revkeep.Result r = run("history", path, "--json");
    return r.exit() == 0 ? JSON.readTree(r.out()).size() : 0;
  }
}
