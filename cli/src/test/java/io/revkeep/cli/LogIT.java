package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code log} as git users expect it: newest first, a folder's versions, human sizes and zoned
 * times, exact JSON; the pager and colour only on a terminal — a real pseudo-terminal made by
 * util-linux's {@code script}; and the bash completion of recorded paths. One {@code up} for the
 * class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogIT {
  private static final String COLOUR = "\u001b[33m";
  @TempDir static Path dir;
  private RunningRevkeep revkeep;

  @BeforeAll
  void start() throws Exception {
    revkeep = RunningRevkeep.start(dir);
    revkeep.edit("a.txt", "one\n", 1);
    revkeep.edit("a.txt", "two\n", 2);
    revkeep.edit("a.txt", "three\n", 3);
    revkeep.edit("d/b.txt", "b\n", 1);
    revkeep.stopUp(); // log only reads
  }

  @AfterAll
  void stop() {
    revkeep.close();
  }

  @Test
  void log_lists_newest_first_with_human_sizes_and_zoned_times() throws Exception {
    List<String> rows = revkeep.ok("log", "a.txt").lines().toList();
    assertThat(rows).hasSize(4);
    assertThat(rows.get(0)).startsWith("VERSION");
    assertThat(rows.get(1)).startsWith("3 ").contains("6 B").containsPattern(
        "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d [+-]\\d{4}");
    assertThat(rows.get(3)).startsWith("1 ").contains("CREATE");
    assertThat(revkeep.ok("history", "a.txt")).isEqualTo(revkeep.ok("log", "a.txt"));
    assertThat(revkeep.ok("log", "-n", "1", "a.txt").lines()).hasSize(2);

    JsonNode json = RunningRevkeep.JSON.readTree(revkeep.ok("log", "a.txt", "--json"));
    assertThat(json.get(0).get("version").asInt()).isEqualTo(1);
    assertThat(json.get(2).get("size").asLong()).isEqualTo(6);
    assertThat(json.get(2).get("time").asText()).endsWith("Z");
    assertThat(json.get(2).has("change_set")).isTrue();
  }

  @Test
  void log_without_a_file_lists_the_folder_you_are_in() throws Exception {
    String inD = revkeep.runIn(revkeep.shared.resolve("d"), "log").out();
    assertThat(inD).contains("d/b.txt").doesNotContain("a.txt");
    String all = revkeep.ok("log");
    assertThat(all.lines().skip(1).findFirst().orElseThrow()).contains("d/b.txt");
    assertThat(all).contains("a.txt");
  }

  @Test
  void pager_and_colour_only_on_a_terminal() throws Exception {
    Map<String, String> pager = Map.of("PAGER", "sed s/^/PAGED:/");
    String tty = inTerminal(pager, "log", "a.txt");
    assertThat(tty).contains("PAGED:VERSION").contains(COLOUR);
    String noColour = inTerminal(Map.of("PAGER", "sed s/^/PAGED:/", "NO_COLOR", "1"),
        "log", "a.txt");
    assertThat(noColour).contains("PAGED:VERSION").doesNotContain(COLOUR);
    String never = inTerminal(pager, "log", "a.txt", "--color=never", "--no-pager");
    assertThat(never).contains("VERSION").doesNotContain("PAGED:").doesNotContain(COLOUR);

    assertThat(revkeep.ok("log", "a.txt")).doesNotContain(COLOUR).doesNotContain("PAGED:");
    assertThat(revkeep.ok("log", "a.txt", "--color=always")).contains(COLOUR);
    Revkeep.Result bad = revkeep.run("log", "a.txt", "--color=sometimes");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().strip()).contains("auto, always or never").doesNotContain("\n");
  }

  @Test
  void completion_offers_recorded_paths_from_where_you_stand() throws Exception {
    assertThat(revkeep.ok("__complete", "paths", "").lines()).containsExactly("a.txt", "d/");
    assertThat(revkeep.ok("__complete", "paths", "d/").lines()).containsExactly("d/b.txt");
    assertThat(revkeep.runIn(revkeep.shared.resolve("d"), "__complete", "paths", "").out()
        .lines()).containsExactly("b.txt");

    // the script's wrapper asks 'revkeep __complete' (here a shim with this configuration)
    Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
    StringBuilder shim = new StringBuilder("#!/bin/sh\nexec");
    for (String word : Revkeep.command()) {
      shim.append(" '").append(word).append('\'');
    }
    shim.append(" \"$@\" --config '").append(revkeep.config).append("'\n");
    Path script = Files.writeString(bin.resolve("revkeep"), shim.toString());
    script.toFile().setExecutable(true);
    Path completion = Files.writeString(dir.resolve("completion.bash"),
        Revkeep.run(dir, "completion").out());
    Path out = dir.resolve("bash.out");
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", String.join("; ",
        "source " + completion,
        "COMP_WORDS=(revkeep show d/); COMP_CWORD=2; COMP_LINE='revkeep show d/'; COMP_POINT=15",
        "_complete_revkeep_recorded revkeep d/ show",
        "echo \"candidates: ${COMPREPLY[*]}\""))
        .redirectErrorStream(true).redirectOutput(out.toFile());
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process bash = pb.start();
    assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(Files.readString(out)).contains("candidates:").contains("d/b.txt");
  }

  /** Runs the executable on a pseudo-terminal (script -q -e -c) and returns what it showed. */
  private String inTerminal(Map<String, String> env, String... args) throws Exception {
    List<String> full = new ArrayList<>(List.of(args));
    full.add("--config");
    full.add(revkeep.config.toString());
    StringBuilder line = new StringBuilder();
    for (String word : Revkeep.command(full.toArray(String[]::new))) {
      line.append('\'').append(word.replace("'", "'\\''")).append("' ");
    }
    Path out = dir.resolve("tty.out");
    ProcessBuilder pb = new ProcessBuilder("script", "-q", "-e", "-c", line.toString(),
        "/dev/null").directory(dir.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.PIPE).redirectOutput(out.toFile());
    pb.environment().remove("NO_COLOR");
    pb.environment().put("TERM", "xterm");
    pb.environment().putAll(env);
    Process p = pb.start();
    p.getOutputStream().close();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String shown = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(shown).isZero();
    return shown;
  }
}
