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
import java.util.stream.Stream;

/**
 * {@code bench/run}: measures revkeep beside its peers (inotifywait; cp -r + sync; git; find;
 * redis-server pub/sub; dd) on the same files and disk, prints one table and writes it with its
 * method to a Markdown file, then the JMH micro-benchmarks of the hot paths.
 * Not a test: nothing here asserts anything.
 */
public final class BenchMain {
  /** The listener's default settle time, and the small one of the second latency row. */
  static final Duration DEFAULT_SETTLE = Duration.ofMillis(250);
  static final Duration SMALL_SETTLE = Duration.ofMillis(10);
  /** Files of the per-file cost breakdown. */
  static final int COST_FILES = 500;

  /** The parts of the run, in order; {@code --only} picks some. */
  static final List<String> PARTS = List.of("latency", "costs", "burst", "backup", "reconcile",
      "fanout", "web", "browser", "asof", "listing", "cli", "jmh");

  private int reps = 3;
  private int writes = 200;
  private int files = 10_000;
  /** Tree sizes of the start-up reconcile and resident-set rows, each measured on its own tree. */
  private List<Integer> reconcileFiles = List.of(100_000, 1_000_000);
  private int subscribers = 1_000;
  private int fanoutMessages = 20_000;
  private int connections = 1000;
  private int wrkSeconds = 10;
  private int abRequests = 50_000;
  private int bigMib = 1024;
  private int bigReps = -1;
  private JmhSuite.Settings jmh = new JmhSuite.Settings(1, 3, 1, 5, 1);
  private boolean quick;
  private List<String> only = PARTS;
  private Path parent;
  private Path out;
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
          quick = true;
          reps = 1;
          writes = 40;
          files = 2_000;
          reconcileFiles = List.of(10_000);
          fanoutMessages = 3_000;
          wrkSeconds = 3;
          abRequests = 5_000;
          bigMib = 256;
          jmh = new JmhSuite.Settings(1, 1, 0.5, 2, 0.5);
        }
        case "--only" -> {
          only = List.of(value(args, ++i, a).split(","));
          for (String part : only) {
            if (!PARTS.contains(part)) {
              throw new IllegalArgumentException("--only: unknown part " + part + " (parts: "
                  + String.join(",", PARTS) + ")");
            }
          }
        }
        case "--connections" -> connections = Integer.parseInt(value(args, ++i, a));
        case "--wrk-seconds" -> wrkSeconds = Integer.parseInt(value(args, ++i, a));
        case "--ab-requests" -> abRequests = Integer.parseInt(value(args, ++i, a));
        case "--big-mib" -> bigMib = Integer.parseInt(value(args, ++i, a));
        case "--big-reps" -> bigReps = Integer.parseInt(value(args, ++i, a));
        case "--reps" -> reps = Integer.parseInt(value(args, ++i, a));
        case "--writes" -> writes = Integer.parseInt(value(args, ++i, a));
        case "--files" -> files = Integer.parseInt(value(args, ++i, a));
        case "--reconcile-files" -> reconcileFiles = Stream.of(value(args, ++i, a).split(","))
            .map(Integer::parseInt).toList();
        case "--subscribers" -> subscribers = Integer.parseInt(value(args, ++i, a));
        case "--fanout-messages" -> fanoutMessages = Integer.parseInt(value(args, ++i, a));
        case "--dir" -> parent = Path.of(value(args, ++i, a));
        case "--out" -> out = Path.of(value(args, ++i, a));
        case "--log" -> keepLog = Path.of(value(args, ++i, a));
        case "-h", "--help" -> {
          System.out.println("""
              usage: bench/run [--quick] [--only PARTS] [--reps N] [--dir DIR] [--out FILE] …
                --quick     1 repetition, 40 writes per latency row, 2,000-file bursts, 10,000-file
                            reconcile, 3,000 fan-out messages, wrk 3 s, 256 MiB transfer, short
                            JMH (a few minutes); writes bench/target/RESULTS-quick.md
                --only P,Q  run only these parts: latency, costs, burst, backup, reconcile, asof,
                            listing, fanout, web, browser, cli, jmh
                            (bench/target/RESULTS-partial.md)
                --reps N    repetitions of every row (default 3); figures are medians over them
                --writes N  measured writes per latency row and repetition (default 200)
                --files N   files of the burst and of the backup burst (default 10000)
                --reconcile-files N[,M]  unchanged files of the start-up reconcile, one tree
                             each (default 100000,1000000)
                --subscribers N      fan-out subscribers, ours and Redis' (default 1000)
                --fanout-messages N  200-byte messages per fan-out run (default 20000)
                --connections N  wrk connections on GET /api/files (default 1000)
                --wrk-seconds N  length of each measured wrk run (default 10)
                --ab-requests N  requests of each ab run, revkeep's and nginx's (default 50000)
                --big-mib N      size of the web upload/download and of dd's file (default 1024)
                --big-reps N     repetitions of the large transfer (default: --reps)
                --dir DIR   where to make the temporary folder (default /var/tmp, else /tmp;
                            must be on a real disk, not tmpfs)
                --out FILE  the Markdown report (default bench/RESULTS.md for a full run)""");
          return false;
        }
        default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
      }
    }
    if (out == null) {
      out = only != PARTS ? Path.of("bench/target/RESULTS-partial.md")
          : quick ? Path.of("bench/target/RESULTS-quick.md") : Path.of("bench/RESULTS.md");
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

  private boolean wants(String part) {
    return only.contains(part);
  }

  private int run() throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(BenchMain::stopChildren, "bench-children"));
    Path base = Files.createTempDirectory(chooseParent(), "revkeep-bench-");
    Path log = base.resolve("bench.log");
    System.setProperty("revkeep.bench.log", log.toString()); // before log4j starts
    System.out.printf("revkeep bench: %d repetition(s), parts %s, in %s (%s)%n", reps,
        String.join(",", only), base, Machine.fsType(base));
    Map<String, String> machine = Machine.describe(base);
    Peers peers = new Peers(Machine.has("inotifywait"), BurstBench.gitAvailable(),
        FanoutBench.redisAvailable(), Machine.has("wrk"));
    ZonedDateTime started = ZonedDateTime.now();
    long t0 = System.nanoTime();
    Report report = new Report(started, command, machine, reps, peers);
    try {
      if (wants("latency")) {
        report.latency(writes, latency(base, DEFAULT_SETTLE, peers.inotifywait()),
            latency(base, SMALL_SETTLE, peers.inotifywait()));
      }
      if (wants("costs")) {
        System.out.printf("per-file costs (%d files, one at a time)…%n", COST_FILES);
        report.costs(PerFileCosts.measure(base.resolve("costs"), COST_FILES));
        Shell.deleteTree(base.resolve("costs"));
      }
      if (wants("burst") || wants("backup")) {
        new BurstRows(files, reps, wants("burst"), wants("backup"))
            .run(base, log, report, peers);
      }
      if (wants("reconcile")) {
        reconcile(base, report, peers);
      }
      if (wants("fanout")) {
        fanout(base, report, peers);
      }
      if (wants("web")) {
        web(base, report, peers);
      }
      if (wants("browser")) {
        browser(base, report);
      }
      if (wants("asof")) {
        System.out.printf("as of: %,d files × %d versions in each store…%n", AsOfBench.FILES,
            AsOfBench.ROUNDS);
        AsOfBench.Result sqlite = AsOfBench.sqlite(Files.createDirectories(base.resolve("asof")),
            Math.max(5, reps));
        System.out.printf("  sqlite: setup %.1f s, as of %s ms%n", sqlite.setupSeconds(),
            sqlite.queryMs());
        AsOfBench.Result couchbase = AsOfBench.couchbase(Math.max(5, reps));
        System.out.printf("  couchbase: setup %.1f s, as of %s ms%n", couchbase.setupSeconds(),
            couchbase.queryMs());
        report.asOf(List.of(sqlite, couchbase));
      }
      if (wants("listing")) {
        System.out.printf("listing: the root of a %,d-file tree and a %d-file folder in each"
            + " store…%n", ListingBench.FILES, ListingBench.SMALL_FILES);
        List<ListingBench.Result> results = new ArrayList<>(ListingBench.sqlite(
            Files.createDirectories(base.resolve("listing")), Math.max(9, reps)));
        results.addAll(ListingBench.couchbase(Math.max(5, reps)));
        for (ListingBench.Result r : results) {
          System.out.printf("  %s, %s: setup %.1f s, root %s ms, %d-file folder %s ms%n",
              r.store(), r.how(), r.setupSeconds(), r.rootMs(), ListingBench.SMALL_FILES,
              r.smallMs());
        }
        report.listing(results);
      }
      if (wants("cli")) {
        int runs = quick ? 5 : 11;
        System.out.printf("cli: revkeep --version, log FILE, ls beside git and ls, %d runs…%n",
            runs);
        report.cli(CliStartBench.run(base, runs));
      }
      if (wants("jmh")) {
        System.out.printf("JMH: %s%n", jmh.commandLine());
        report.jmh(jmh, JmhSuite.run(jmh));
      }

      double minutes = (System.nanoTime() - t0) / 60e9;
      machine.put("Other load at the end (loadavg)", Shell.describe("cat", "/proc/loadavg"));
      System.out.println();
      System.out.println(report.table());
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, report.markdown(minutes), StandardCharsets.UTF_8);
      System.out.printf("written to %s (%.1f min)%n", out, minutes);
      return 0;
    } finally {
      if (Files.exists(log) && keepLog != null) {
        Files.createDirectories(keepLog.toAbsolutePath().getParent());
        Files.copy(log, keepLog, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Shell.deleteTree(base);
    }
  }

  /** Which peers are installed (a missing one leaves its column empty, with a note). */
  record Peers(boolean inotifywait, boolean git, boolean redis, boolean wrk) {}

  private void reconcile(Path base, Report report, Peers tools) throws Exception {
    for (int files : reconcileFiles) {
      reconcile(base, report, tools, files);
    }
  }

  private void reconcile(Path base, Report report, Peers tools, int files) throws Exception {
    System.out.printf("reconcile: writing %,d small files in %,d folders and seeding the store"
        + " (setup)…%n", files, (files + ReconcileBench.PER_FOLDER - 1)
        / ReconcileBench.PER_FOLDER);
    Path dir = base.resolve("reconcile");
    ReconcileBench bench = new ReconcileBench(dir, files);
    System.out.printf("  written and seeded in %.1f s%n", bench.setupRecordSeconds);
    List<Double> finds = new ArrayList<>();
    List<ReconcileBench.Ours> ours = new ArrayList<>();
    List<Long> inotify = new ArrayList<>();
    bench.find(); // both read the tree warm: the first find and the setup warm the caches
    for (int r = 0; r < reps; r++) {
      double f = bench.find();
      finds.add(f);
      ReconcileBench.Ours o = bench.ours();
      ours.add(o);
      long rss = tools.inotifywait() ? bench.inotifywaitRss() : -1;
      inotify.add(rss);
      System.out.printf("  reconcile %d/%d: listener process start → reconciled %.0f ms"
          + " (reconcile %.0f ms, %d new versions), RSS %,d KiB (peak %,d, after GC %,d);"
          + " find %.0f ms; inotifywait RSS %,d KiB%n", r + 1, reps, o.totalMs(),
          o.reconcileMs(), o.newVersions(), o.rssKib(), o.hwmKib(), o.rssAfterGcKib(), f, rss);
    }
    report.reconcile(files, bench.folders(), bench.setupRecordSeconds, finds, ours, inotify);
    Shell.deleteTree(dir);
  }

  private void fanout(Path base, Report report, Peers tools) throws Exception {
    List<FanoutBench.Result> ours = new ArrayList<>();
    List<FanoutBench.Result> redis = new ArrayList<>();
    Path dir = Files.createDirectories(base.resolve("redis"));
    for (int r = 0; r < reps; r++) {
      FanoutBench.Result o = FanoutBench.ours(subscribers, fanoutMessages);
      System.out.printf("  fan-out %d/%d: feed %,.0f deliveries/s (%,d subscribers × %,d messages"
          + " in %.2f s, %d lost)%n", r + 1, reps, o.deliveriesPerSecond(), o.subscribers(),
          o.messages(), o.seconds(), o.lost());
      ours.add(o);
      if (tools.redis()) {
        int port = FanoutBench.freePort();
        Process server = FanoutBench.startRedis(dir, port);
        try {
          FanoutBench.Result p = FanoutBench.redis(port, subscribers, fanoutMessages);
          System.out.printf("  fan-out %d/%d: redis %,.0f deliveries/s (%,d × %,d in %.2f s,"
              + " %d lost)%n", r + 1, reps, p.deliveriesPerSecond(), p.subscribers(),
              p.messages(), p.seconds(), p.lost());
          redis.add(p);
        } finally {
          server.destroy();
          if (!server.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            server.destroyForcibly().waitFor();
          }
        }
      }
    }
    report.fanout(subscribers, fanoutMessages, ours, redis);
  }

  private void web(Path base, Report report, Peers tools) throws Exception {
    WebRuns load = new WebRuns();
    WebRuns.Settings settings = new WebRuns.Settings(reps, connections, wrkSeconds, abRequests,
        tools.wrk(), NginxPeer.available(), ApacheBench.available());
    List<WebBench.Big> bigs = new ArrayList<>();
    int nBig = bigReps > 0 ? bigReps : reps;
    for (int r = 0; r < Math.max(reps, nBig); r++) {
      Path dir = base.resolve("web-" + r);
      try (WebBench web = new WebBench(dir, DEFAULT_SETTLE)) {
        if (r < reps) {
          load.measure(web, dir, r, settings);
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
    report.web(connections, wrkSeconds, abRequests, load, bigs);
  }

  /** Issue 17: a folder of 100,000 entries in headless Chromium (BrowserBench). */
  private void browser(Path base, Report report) throws Exception {
    if (!BrowserBench.available()) {
      System.out.println("browser: Debian's chromium and chromium-driver are missing: no"
          + " figures");
      report.browser(List.of());
      return;
    }
    System.out.printf("browser: a folder of %,d entries in headless Chromium, %d run(s)…%n",
        BrowserBench.ENTRIES, reps);
    Path dir = Files.createDirectories(base.resolve("browser"));
    List<BrowserBench.Run> runs = new ArrayList<>();
    try (BrowserBench b = new BrowserBench(dir)) {
      b.run(); // warm-up (the JIT, the browser's caches): not counted
      for (int r = 0; r < reps; r++) {
        BrowserBench.Run run = b.run();
        System.out.printf("  browser %d/%d: first rows %.0f ms (listing read whole and sorted;"
            + " the store's read alone %.0f ms), %.0f ms (after a sub-folder changed), %.0f ms"
            + " (after a file changed), %.0f ms (kept listing); filter keystroke %.0f ms%n",
            r + 1, reps, run.wholeMs(), run.storeMs(), run.subMs(), run.changedMs(),
            run.warmMs(), run.keystrokeMs());
        runs.add(run);
      }
    }
    Shell.deleteTree(dir);
    report.browser(runs);
  }

  private List<LatencyBench.Run> latency(Path base, Duration settle, boolean withPeer)
      throws Exception {
    List<LatencyBench.Run> runs = new ArrayList<>();
    for (int r = 0; r < reps; r++) {
      System.out.printf("change → event, settle %d ms, run %d/%d (%d writes)…%n",
          settle.toMillis(), r + 1, reps, writes);
      Path dir = base.resolve("latency-" + settle.toMillis() + "-" + r);
      LatencyBench.Run run = LatencyBench.run(dir, settle, writes, withPeer);
      System.out.printf("  listener − settle p50 %.3f ms p99 %.3f ms; backup copy durable − settle"
          + " p50 %.3f ms p99 %.3f ms; inotifywait p50 %.3f ms p99 %.3f ms; a durable write"
          + " alone p50 %.3f ms p99 %.3f ms%s%n",
          Stats.percentile(run.oursMinusSettle(), 50),
          Stats.percentile(run.oursMinusSettle(), 99),
          Stats.percentile(run.backupMinusSettle(), 50),
          Stats.percentile(run.backupMinusSettle(), 99), Stats.percentile(run.peer(), 50),
          Stats.percentile(run.peer(), 99), Stats.percentile(run.floor(), 50),
          Stats.percentile(run.floor(), 99),
          run.missedOurs() + run.missedPeer() > 0
              ? " (missed: listener " + run.missedOurs() + ", inotifywait " + run.missedPeer() + ")"
              : "");
      runs.add(run);
      Shell.deleteTree(dir);
    }
    return runs;
  }

  /**
   * Stops every process this JVM started and that is still running (redis-server, listener
   * JVMs, inotifywait, wrk, curl, find): TERM, then KILL after 5 s. Runs at exit, also on
   * Ctrl-C or TERM.
   */
  static void stopChildren() {
    List<ProcessHandle> alive = ProcessHandle.current().descendants()
        .filter(ProcessHandle::isAlive).toList();
    alive.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + 5_000_000_000L;
    for (ProcessHandle h : alive) {
      while (h.isAlive() && System.nanoTime() < deadline) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          break;
        }
      }
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
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
