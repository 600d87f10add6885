package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code revkeep up} child process on a test folder, for a whole test class, and the
 * short commands run against it. Its config keeps every version ({@code count = 0}) and turns
 * locks on, so revert and restore tests can go back as far as they like.
 */
final class RunningRevkeep implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  final Path dir;
  final Path config;
  final Path shared;
  private Process up;

  private RunningRevkeep(Path dir) throws IOException {
    this.dir = dir;
    this.config = Revkeep.config(dir, 50);
    Files.writeString(config, Files.readString(config)
        + "[revisions]\ncount = 0\nlockfiles = true\n");
    this.shared = Files.createDirectories(dir.resolve("shared"));
  }

  /** A config in {@code dir}, nothing started. */
  static RunningRevkeep configured(Path dir) throws IOException {
    return new RunningRevkeep(dir);
  }

  /** Starts {@code revkeep up} in {@code dir} and waits until it says it is up. */
  static RunningRevkeep start(Path dir) throws IOException {
    RunningRevkeep r = new RunningRevkeep(dir);
    r.startUp();
    return r;
  }

  void startUp() throws IOException {
    Path log = dir.resolve("up.out");
    up = Revkeep.start(dir, log, "up", "--config", config.toString());
    await().atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(log) && Files.readString(log).contains("revkeep is up"));
  }

  /** Stops {@code up} with SIGTERM (a clean stop) and waits for it. */
  void stopUp() throws InterruptedException {
    if (up != null) {
      up.destroy();
      if (!up.waitFor(30, TimeUnit.SECONDS)) {
        up.destroyForcibly();
      }
      up = null;
    }
  }

  /** Runs a short command with this config. */
  Revkeep.Result run(String... args) throws IOException, InterruptedException {
    return runWithInput(null, args);
  }

  /** Runs a short command with this config, feeding {@code stdin} (null: no input). */
  Revkeep.Result runWithInput(String stdin, String... args)
      throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(List.of(args));
    full.add("--config");
    full.add(config.toString());
    return exec(dir, stdin, full.toArray(String[]::new));
  }

  /**
   * Runs a short command in {@code workDir} without {@code --config}: it finds the configuration
   * itself (this one, in {@link #dir}, lies above every folder of the shared folder).
   */
  Revkeep.Result runIn(Path workDir, String... args) throws IOException, InterruptedException {
    return exec(workDir, null, args);
  }

  private static Revkeep.Result exec(Path workDir, String stdin, String... full)
      throws IOException, InterruptedException {
    Path in = Files.createTempFile("revkeep-in", ".txt");
    Path out = Files.createTempFile("revkeep-out", ".txt");
    Path err = Files.createTempFile("revkeep-err", ".txt");
    try {
      Files.writeString(in, stdin == null ? "" : stdin);
      ProcessBuilder builder = new ProcessBuilder(Revkeep.command(full))
          .directory(workDir.toFile()).redirectInput(in.toFile());
      builder.environment().remove("REVKEEP_CONFIG");
      Process p = builder
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(90, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("revkeep " + String.join(" ", full) + " did not finish in 90 s");
      }
      return new Revkeep.Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(in);
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Runs a command with this config that must succeed; returns its standard output's bytes. */
  byte[] okBytes(String... args) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(List.of(args));
    full.add("--config");
    full.add(config.toString());
    Path out = Files.createTempFile("revkeep-bytes", ".bin");
    try {
      Process p = new ProcessBuilder(Revkeep.command(full.toArray(String[]::new)))
          .directory(dir.toFile()).redirectOutput(out.toFile())
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("revkeep %s", String.join(" ", args)).isZero();
      return Files.readAllBytes(out);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Runs a command that must succeed; returns its standard output. */
  String ok(String... args) throws IOException, InterruptedException {
    Revkeep.Result r = run(args);
    assertThat(r.exit()).as("revkeep %s\nstdout: %s\nstderr: %s", String.join(" ", args),
        r.out(), r.err()).isZero();
    return r.out();
  }

  /** The versions of a file as {@code history --json} prints them; empty if unknown. */
  JsonNode history(String path) throws IOException, InterruptedException {
    Revkeep.Result r = run("history", path, "--json");
    return r.exit() == 0 ? JSON.readTree(r.out()) : JSON.createArrayNode();
  }

  /** Writes a file into the shared folder and waits until it is recorded as version n. */
  void edit(String path, String content, int n) throws IOException {
    Path file = shared.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
        .until(() -> history(path).size() == n);
  }

  String read(String path) throws IOException {
    return Files.readString(shared.resolve(path));
  }

  @Override
  public void close() {
    try {
      stopUp();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (up != null) {
        up.destroyForcibly();
      }
    }
  }

  /** A user-mistake error: exit 1, one line on stderr that starts with "revkeep: ", no trace. */
  static void assertOneLineError(Revkeep.Result r, String contains) {
    assertThat(r.exit()).as("exit status; stderr: %s", r.err()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("revkeep: ").contains(contains)
        .doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ");
  }
}
