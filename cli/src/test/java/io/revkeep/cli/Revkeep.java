package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real executable jar (built by {@code package}, before integration tests) as a child. */
final class Revkeep {
  static final Path JAR = Path.of("target", "revkeep.jar").toAbsolutePath();
  /** The class-data-sharing archive the package phase builds beside the jar. */
  static final Path ARCHIVE = Path.of("target", "revkeep.jsa").toAbsolutePath();

  record Result(int exit, String out, String err) {}

  private Revkeep() {}

  static List<String> command(String... args) {
    assertThat(JAR).as("the executable jar; run 'mvn verify', which packages it first").exists();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx256m");
    // as the ./revkeep launcher starts it (a quicker start for the many short commands)
    if (Files.exists(ARCHIVE)) {
      cmd.add("-XX:SharedArchiveFile=" + ARCHIVE);
      cmd.add("-Xlog:cds=off");
      cmd.add("-Xlog:cds+dynamic=off");
    }
    if (args.length == 0 || !List.of("up", "listener", "backup", "web").contains(args[0])) {
      cmd.add("-XX:TieredStopAtLevel=1");
      cmd.add("-XX:+UseSerialGC");
    }
    cmd.add("-jar");
    cmd.add(JAR.toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Runs a short command to completion. */
  static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile("revkeep-out", ".txt");
    Path err = Files.createTempFile("revkeep-err", ".txt");
    try {
      Process p = new ProcessBuilder(command(args)).directory(workDir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("revkeep " + String.join(" ", args) + " did not finish in 60 s");
      }
      return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Runs a short command with {@code --config config} after its arguments. */
  static Result runWith(Path workDir, Path config, String... args)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(List.of(args));
    full.add("--config");
    full.add(config.toString());
    return run(workDir, full.toArray(String[]::new));
  }

  /** Starts a long-running command; its output goes to {@code log}. */
  static Process start(Path workDir, Path log, String... args) throws IOException {
    return new ProcessBuilder(command(args)).directory(workDir.toFile())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  /** A config file for a test: folders under {@code dir}, any free ports, a short settle. */
  static Path config(Path dir, int settleMs) throws IOException {
    return Files.writeString(dir.resolve("revkeep.ini"), String.join("\n",
        "[paths]",
        "shared = " + dir.resolve("shared"),
        "backup = " + dir.resolve("backup"),
        "data = " + dir.resolve("data"),
        "[listener]",
        "port = 0",
        "settle_ms = " + settleMs,
        "token = test-token-0123456789",
        "[logs]",
        "dir = " + dir.resolve("logs"),
        "[web]",
        "port = 0",
        ""));
  }
}
