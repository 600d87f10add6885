package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code --help} on every command, and the generated bash completion script. */
class HelpAndCompletionIT {
  @TempDir Path dir;

  /** Every command path of the executable, from the same picocli model that parses it. */
  private static List<List<String>> commandPaths(CommandLine cmd, List<String> prefix) {
    List<List<String>> out = new ArrayList<>();
    out.add(prefix);
    for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
      List<String> path = new ArrayList<>(prefix);
      path.add(sub.getKey());
      out.addAll(commandPaths(sub.getValue(), path));
    }
    return out;
  }

  @Test
  void every_command_has_help_that_exits_0() throws Exception {
    List<List<String>> commands = commandPaths(Main.commandLine(), List.of());
    assertThat(commands).contains(List.of("revert"), List.of("restore"), List.of("diff"),
        List.of("status"), List.of("user", "add"), List.of("completion"));
    List<String> failures = new ArrayList<>();
    for (List<String> command : commands) {
      String[] args = Stream.concat(command.stream(), Stream.of("--help")).toArray(String[]::new);
      Revkeep.Result r = Revkeep.run(dir, args);
      if (r.exit() != 0 || !r.out().contains("Usage: revkeep")) {
        failures.add(String.join(" ", args) + " → exit " + r.exit() + ": "
            + r.err().lines().findFirst().orElse(""));
      }
    }
    assertThat(failures).as("commands whose --help fails").isEmpty();
  }

  @Test
  void the_completion_script_loads_in_bash_and_completes_commands() throws Exception {
    Revkeep.Result r = Revkeep.run(dir, "completion");
    assertThat(r.exit()).isZero();
    Path script = Files.writeString(dir.resolve("revkeep-completion.bash"), r.out());
    Path out = dir.resolve("bash.out");
    Process bash = new ProcessBuilder("bash", "-c", String.join("; ",
        "source " + script,
        "complete -p revkeep",
        "COMP_WORDS=(revkeep re); COMP_CWORD=1; COMP_LINE='revkeep re'; COMP_POINT=10",
        "_complete_revkeep revkeep re revkeep",
        "echo \"candidates: ${COMPREPLY[*]}\""))
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(out);
    assertThat(bash.exitValue()).as(output).isZero();
    assertThat(output).contains("-F _complete_revkeep_recorded revkeep")
        .containsPattern("candidates: .*revert").containsPattern("candidates: .*restore");
  }
}
