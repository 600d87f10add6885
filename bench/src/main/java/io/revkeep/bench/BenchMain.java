package io.revkeep.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run}: measures the listener beside its peers (inotifywait, cp -r + sync) on the
 * same files and disk, prints one table and writes it with its method to a Markdown file.
 * Not a test: nothing here asserts anything.
 */
public final class BenchMain {
  /** The listener's default settle time, and the small one of the second latency row. */
  static final Duration DEFAULT_SETTLE = Duration.ofMillis(250);
  static final Duration SMALL_SETTLE = Duration.ofMillis(10);
  /** Files of the per-file cost breakdown. */
  static final int COST_FILES = 500;

  private int reps = 3;
  private int writes = 200;
  private int files = 10_000;
  private int connections = 1000;
  private int wrkSeconds = 10;
  private int bigMib = 1024;
  private int bigReps = -1;
  private Path parent;
  private Path out = Path.of("bench/RESULTS.md");
  private Path keepLog = Path.of("bench/target/bench.log");
  private String command = "bench/run";

  public static void main(String[] args) throws Exception {
    BenchMain b = new BenchMain();
    if (!b.parse(args)) {
      return;
    }
    System.exit(b.run());
  }

  private boolean parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--quick" -> {
          reps = 1;
          writes = 40;
          files = 2_000;
          wrkSeconds = 3;
          bigMib = 256;
        }
        case "--connections" -> connections = Integer.parseInt(value(args, ++i, a));
        case "--wrk-seconds" -> wrkSeconds = Integer.parseInt(value(args, ++i, a));
        case "--big-mib" -> bigMib = Integer.parseInt(value(args, ++i, a));
        case "--big-reps" -> bigReps = Integer.parseInt(value(args, ++i, a));
        case "--reps" -> reps = Integer.parseInt(value(args, ++i, a));
        case "--writes" -> writes = Integer.parseInt(value(args, ++i, a));
        case "--files" -> files = Integer.parseInt(value(args, ++i, a));
        case "--dir" -> parent = Path.of(value(args, ++i, a));
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--log" -> keepLog = Path.of(value(args, ++i, a));
        case "-h", "--help" -> {
          System.out.println("""
              usage: bench/run [--quick] [--reps N] [--writes N] [--files N] [--dir DIR] [--out FILE]
                            [--connections N] [--wrk-seconds N] [--big-mib N] [--big-reps N]
                --quick     1 repetition, 40 writes per latency row, 2,000-file burst, wrk 3 s,
                            256 MiB transfer (about 1.5 min)
                --reps N    repetitions of every row (default 3); figures are medians over them
                --writes N  measured writes per latency row and repetition (default 200)
                --files N   files of the burst and of the backup burst (default 10000)
                --connections N  wrk connections on GET /api/files (default 1000)
                --wrk-seconds N  length of each measured wrk run (default 10)
                --big-mib N      size of the web upload/download and of dd's file (default 1024)
                --big-reps N     repetitions of the large transfer (default: --reps)
                --dir DIR   where to make the temporary folder (default /var/tmp, else /tmp;
                            must be on a real disk, not tmpfs)
                --out FILE  the Markdown report (default bench/RESULTS.md)""");
          return false;
        }
        default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
      }
    }
    command = "bench/run" + (args.length == 0 ? "" : " " + String.join(" ", args));
    return true;
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args[i];
  }

  private int run() throws Exception {
    Path base = Files.createTempDirectory(chooseParent(), "revkeep-bench-");
    Path log = base.resolve("bench.log");
    System.setProperty("revkeep.bench.log", log.toString()); // before log4j starts
    System.out.printf("revkeep bench: %d repetition(s), %d writes per latency row, %,d-file burst,"
        + " in %s (%s)%n", reps, writes, files, base, Machine.fsType(base));
    Map<String, String> machine = Machine.describe(base);
    ZonedDateTime started = ZonedDateTime.now();
    long t0 = System.nanoTime();
    try {
      List<LatencyBench.Run> slow = latency(base, DEFAULT_SETTLE);
      List<LatencyBench.Run> fast = latency(base, SMALL_SETTLE);

      System.out.printf("per-file costs (%d files, one at a time)…%n", COST_FILES);
      PerFileCosts.Costs costs = PerFileCosts.measure(base.resolve("costs"), COST_FILES);
      Shell.deleteTree(base.resolve("costs"));

      System.out.printf("burst: preparing %,d files of 4 KiB…%n", files);
      BurstBench burst = new BurstBench(base.resolve("burst-source"), files);
      List<BurstBench.Peer> peers = new ArrayList<>();
      List<BurstBench.Ours> ours = new ArrayList<>();
      for (int r = 0; r < reps; r++) {
        Path cp = base.resolve("burst-cp-" + r);
        BurstBench.Peer p = burst.peer(cp);
        System.out.printf("  burst %d/%d: cp -r + sync %.2f s (cp %.2f s)%n", r + 1, reps,
            p.seconds(), p.cpSeconds());
        peers.add(p);
        Shell.deleteTree(cp);
        Path dir = base.resolve("burst-ours-" + r);
        BurstBench.Ours o = burst.ours(dir, DEFAULT_SETTLE, log);
        System.out.printf("  burst %d/%d: listener %.2f s (writes %.2f s, first version at %.2f s,"
            + " %d overflows, %d rescans)%n", r + 1, reps, o.seconds(), o.writeSeconds(),
            o.firstVersionSeconds(), o.overflows(), o.rescans());
        ours.add(o);
        Shell.deleteTree(dir);
      }

      List<BurstBench.Peer> backupPeers = new ArrayList<>();
      List<BackupBench.Ours> backups = new ArrayList<>();
      for (int r = 0; r < reps; r++) {
        Path cp = base.resolve("backup-cp-" + r);
        BurstBench.Peer p = burst.peer(cp);
        backupPeers.add(p);
        Shell.deleteTree(cp);
        Path dir = base.resolve("backup-ours-" + r);
        BackupBench.Ours o = BackupBench.run(burst, dir, DEFAULT_SETTLE);
        System.out.printf("  backup burst %d/%d: every copy durable %.2f s (store had every version"
            + " at %.2f s, writes %.2f s); cp -r + sync %.2f s%n", r + 1, reps, o.seconds(),
            o.recordedSeconds(), o.writeSeconds(), p.seconds());
        backups.add(o);
        Shell.deleteTree(dir);
      }
      Shell.deleteTree(base.resolve("burst-source"));

      List<WebBench.Wrk> wrks = new ArrayList<>();
      List<WebBench.Big> bigs = new ArrayList<>();
      int nBig = bigReps > 0 ? bigReps : reps;
      for (int r = 0; r < Math.max(reps, nBig); r++) {
        Path dir = base.resolve("web-" + r);
        try (WebBench web = new WebBench(dir, DEFAULT_SETTLE)) {
          if (r < reps) {
            web.wrk(connections, Math.min(3, wrkSeconds), 2); // warm-up, not counted
            WebBench.Wrk w = web.wrk(connections, wrkSeconds, 2);
            System.out.printf("  web %d/%d: GET /api/files, %d connections, %d s: %.0f req/s, p50"
                + " %.2f ms, p99 %.2f ms, %d errors of %d requests%n", r + 1, reps, connections,
                wrkSeconds, w.requestsPerSecond(), w.p50Ms(), w.p99Ms(), w.errors(),
                w.requests());
            wrks.add(w);
          }
          if (r < nBig) {
            WebBench.Big b = web.big(bigMib, r);
            System.out.printf("  web %d/%d: %d MiB upload %.2f s (recorded %.2f s later),"
                + " download %.2f s; dd write %.2f s, read %.2f s; peak heap %.0f MiB, RSS %.0f"
                + " MiB%n", r + 1, nBig, bigMib, b.uploadSeconds(), b.recordSeconds(),
                b.downloadSeconds(), b.ddWriteSeconds(), b.ddReadSeconds(), b.peakHeapMiB(),
                b.peakRssMiB());
            bigs.add(b);
          }
        }
        Shell.deleteTree(dir);
      }

      double minutes = (System.nanoTime() - t0) / 60e9;
      machine.put("Other load at the end (loadavg)", Shell.describe("cat", "/proc/loadavg"));
      Report report = new Report(started, command, machine, reps, writes, files, slow, fast,
          costs, peers, ours, minutes);
      report.backup(backupPeers, backups);
      report.web(connections, wrkSeconds, wrks, bigs);
      System.out.println();
      System.out.println(report.table());
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, report.markdown(), StandardCharsets.UTF_8);
      System.out.println("written to " + out);
      return 0;
    } finally {
      if (Files.exists(log) && keepLog != null) {
        Files.createDirectories(keepLog.toAbsolutePath().getParent());
        Files.copy(log, keepLog, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Shell.deleteTree(base);
    }
  }

  private List<LatencyBench.Run> latency(Path base, Duration settle) throws Exception {
    List<LatencyBench.Run> runs = new ArrayList<>();
    for (int r = 0; r < reps; r++) {
      System.out.printf("change → event, settle %d ms, run %d/%d (%d writes)…%n",
          settle.toMillis(), r + 1, reps, writes);
      Path dir = base.resolve("latency-" + settle.toMillis() + "-" + r);
      LatencyBench.Run run = LatencyBench.run(dir, settle, writes);
      System.out.printf("  listener − settle p50 %.3f ms p99 %.3f ms; inotifywait p50 %.3f ms"
          + " p99 %.3f ms%s%n", Stats.percentile(run.oursMinusSettle(), 50),
          Stats.percentile(run.oursMinusSettle(), 99), Stats.percentile(run.peer(), 50),
          Stats.percentile(run.peer(), 99),
          run.missedOurs() + run.missedPeer() > 0
              ? " (missed: listener " + run.missedOurs() + ", inotifywait " + run.missedPeer() + ")"
              : "");
      runs.add(run);
      Shell.deleteTree(dir);
    }
    return runs;
  }

  private Path chooseParent() throws IOException {
    List<Path> candidates = parent != null ? List.of(parent)
        : List.of(Path.of("/var/tmp"), Path.of("/tmp"));
    for (Path p : candidates) {
      String fs = Files.isDirectory(p) ? Machine.fsType(p) : "";
      if (!fs.isEmpty() && !fs.equals("tmpfs") && !fs.equals("ramfs")) {
        return p;
      }
      System.out.println("not using " + p + " (filesystem: " + (fs.isEmpty() ? "none" : fs)
          + "; the benchmark needs a real disk)");
    }
    throw new IOException("no folder on a real disk among " + candidates + "; pass --dir DIR");
  }

  static String fmt(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    return v >= 100 ? String.format("%,.0f", v) : v >= 10 ? String.format("%.1f", v)
        : v >= 1 ? String.format("%.2f", v) : String.format("%.3f", v);
  }
}
