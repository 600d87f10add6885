package io.revkeep.cli;

import static io.revkeep.cli.RunningRevkeep.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that takes a path, run as the executable from a nested folder of the shared
 * folder (paths relative to it, the configuration found above it), from outside (paths relative
 * to the shared folder) and with absolute paths; and where nothing is set up. One {@code up} for
 * the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WhereAmIIT {
  @TempDir static Path dir;
  private RunningRevkeep revkeep;
  private Path budget;

  @BeforeAll
  void start() throws Exception {
    revkeep = RunningRevkeep.start(dir);
    revkeep.edit("projects/budget/budget.csv", "v1\n", 1);
    revkeep.edit("projects/budget/budget.csv", "v2\n", 2);
    revkeep.edit("projects/notes.txt", "notes\n", 1);
    budget = revkeep.shared.resolve("projects/budget");
  }

  @AfterAll
  void stop() {
    revkeep.close();
  }

  private Revkeep.Result inBudget(String... args) throws Exception {
    return revkeep.runIn(budget, args);
  }

  private String okInBudget(String... args) throws Exception {
    Revkeep.Result r = inBudget(args);
    assertThat(r.exit()).as("revkeep %s in projects/budget\nstdout: %s\nstderr: %s",
        String.join(" ", args), r.out(), r.err()).isZero();
    return r.out();
  }

  @Test
  void read_commands_take_paths_relative_to_a_nested_folder() throws Exception {
    assertThat(RunningRevkeep.JSON.readTree(okInBudget("history", "budget.csv", "--json")))
        .hasSize(2);
    assertThat(okInBudget("ls")).contains("budget.csv").doesNotContain("notes.txt");
    assertThat(okInBudget("ls", "..")).contains("notes.txt").contains("budget/");
    assertThat(okInBudget("history", "../notes.txt")).contains("projects/notes.txt");
    assertThat(okInBudget("diff", "budget.csv", "1", "2")).contains("-v1").contains("+v2");
    assertThat(okInBudget("pins", "budget.csv")).contains("no pinned versions of"
        + " projects/budget/budget.csv");
    assertThat(okInBudget("pin", "budget.csv", "--version", "1"))
        .contains("pinned projects/budget/budget.csv version 1");
    assertThat(okInBudget("unpin", "./budget.csv", "--version", "1")).contains("unpinned");
    assertOneLineError(inBudget("history", "../../../x"), "leads out of the shared folder");
  }

  @Test
  void paths_outside_are_relative_to_the_shared_folder_and_absolute_ones_are_accepted()
      throws Exception {
    assertThat(revkeep.ok("history", "projects/budget/budget.csv")).contains("MODIFY");
    String absolute = budget.resolve("budget.csv").toString();
    assertThat(RunningRevkeep.JSON.readTree(revkeep.ok("history", absolute, "--json"))).hasSize(2);
    assertThat(RunningRevkeep.JSON.readTree(okInBudget("history", absolute, "--json"))).hasSize(2);
    assertThat(revkeep.ok("ls", revkeep.shared.resolve("projects").toString()))
        .contains("notes.txt");
    assertOneLineError(revkeep.run("history", dir.resolve("revkeep.ini").toString()),
        "is outside the shared folder");
  }

  @Test
  void writing_commands_take_paths_relative_to_a_nested_folder() throws Exception {
    assertThat(okInBudget("restore", "budget.csv", "--version", "1", "--to", "copy.csv"))
        .contains("restored version 1 of projects/budget/budget.csv to projects/budget/copy.csv");
    assertThat(budget.resolve("copy.csv")).hasContent("v1");
    revkeep.edit("projects/notes.txt", "changed\n", 2);
    assertThat(okInBudget("revert", "-f", "../notes.txt", "-r", "1"))
        .contains("reverted projects/notes.txt to version 1");
    assertThat(revkeep.read("projects/notes.txt")).isEqualTo("notes\n");
  }

  @Test
  void nothing_set_up_is_one_line_and_exit_2_and_creates_nothing(@TempDir Path lonely)
      throws Exception {
    for (String[] args : new String[][] {{"ls"}, {"history", "x.txt"}, {"status"}}) {
      Revkeep.Result r = revkeep.runIn(lonely, args);
      assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err().strip()).startsWith("revkeep: no configuration and no data here")
          .doesNotContain("\n");
    }
    Path ini = Files.writeString(lonely.resolve("elsewhere.ini"),
        "[paths]\nshared = s\nbackup = b\ndata = d\n[logs]\ndir = l\n");
    Revkeep.Result r = revkeep.runIn(lonely, "ls", "--config", ini.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("revkeep: no revkeep data in").doesNotContain("\n");
    try (Stream<Path> left = Files.list(lonely)) {
      assertThat(left).containsExactly(ini);
    }
  }
}
