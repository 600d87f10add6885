package io.revkeep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Issue 20: how fast a short command answers, beside git. The real {@code ./revkeep} launcher
 * (class-data-sharing archive, quick-start JVM flags) run from inside the shared folder of a
 * {@code revkeep up} that recorded one file — then stopped, as the commands only read — and the
 * peers in a git repository holding the same file, interleaved: {@code revkeep --version} /
 * {@code git --version}, {@code revkeep log FILE} / {@code git log -1 FILE}, {@code revkeep ls} /
 * {@code ls}. Wall time of each process, start to exit.
 */
final class CliStartBench {
  /** One measured pair: what, and the wall times in ms. */
  record Pair(String ours, String peer, List<Double> oursMs, List<Double> peerMs) {}

  private CliStartBench() {}

  static List<Pair> run(Path base, int runs) throws Exception {
    Path launcher = Path.of("revkeep").toAbsolutePath();
    Path dir = Files.createDirectories(base.resolve("cli"));
    Files.writeString(dir.resolve("revkeep.ini"), "[paths]\nshared = shared\nbackup = backup\n"
        + "data = data\n[listener]\nport = 0\nsettle_ms = 50\n[web]\nport = 0\n[logs]\ndir = logs\n");
    Path shared = Files.createDirectories(dir.resolve("shared"));
    Process up = new ProcessBuilder(launcher.toString(), "up").directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(dir.resolve("up.out").toFile()).start();
    try {
      waitFor(() -> Files.readString(dir.resolve("up.out")).contains("revkeep is up"));
      Files.writeString(shared.resolve("report.txt"), "the report\n");
      waitFor(() -> exit(shared, launcher.toString(), "log", "report.txt") == 0);
    } finally {
      up.destroy();
      up.waitFor(30, TimeUnit.SECONDS);
    }
    Path repo = Files.createDirectories(base.resolve("cli-git"));
    Files.writeString(repo.resolve("report.txt"), "the report\n");
    Shell.run("git", "-C", repo.toString(), "init", "-q");
    Shell.run("git", "-C", repo.toString(), "add", "report.txt");
    Shell.run("git", "-C", repo.toString(), "-c", "user.name=bench", "-c",
        "user.email=bench@localhost", "commit", "-qm", "report");
    String rk = launcher.toString();
    List<String[]> ours = List.of(new String[] {rk, "--version"},
        new String[] {rk, "log", "report.txt"}, new String[] {rk, "ls"});
    List<String[]> peers = List.of(new String[] {"git", "--version"},
        new String[] {"git", "log", "-1", "report.txt"}, new String[] {"ls"});
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < ours.size(); i++) {
      List<Double> a = new ArrayList<>();
      List<Double> b = new ArrayList<>();
      exit(shared, ours.get(i)); // warm the file cache once
      exit(repo, peers.get(i));
      for (int r = 0; r < runs; r++) {
        a.add(timed(shared, ours.get(i)));
        b.add(timed(repo, peers.get(i)));
      }
      pairs.add(new Pair("revkeep " + String.join(" ", List.of(ours.get(i)).subList(1,
          ours.get(i).length)), String.join(" ", peers.get(i)), a, b));
    }
    return pairs;
  }

  private static double timed(Path cwd, String... command) throws Exception {
    long t0 = System.nanoTime();
    int status = exit(cwd, command);
    double ms = (System.nanoTime() - t0) / 1e6;
    if (status != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + status);
    }
    return ms;
  }

  private static int exit(Path cwd, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    pb.environment().remove("REVKEEP_CONFIG");
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish in 120 s");
    }
    return p.exitValue();
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static void waitFor(Check check) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        throw new IOException("revkeep did not start or record in 120 s");
      }
      TimeUnit.MILLISECONDS.sleep(100); // a poll between process runs, not a wait for a state
    }
  }
}
