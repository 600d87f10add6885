package io.revkeep.bench;

import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Collects the measurements of a bench run for its report: each part of the run adds its rows
 * (with their method), its per-run tables and its analysis; a part that did not run adds
 * nothing. {@link ReportDocument} lays them out; the prose is in report-template.md.
 */
final class Report {
  /** One line of the table: a figure for us and for the peer, and how it was measured. */
  record Row(String no, String what, String unit, double ours, String peerName, double peer,
      boolean higherIsBetter, String method) {
    /** How many times slower (or bigger) revkeep is (above 1: the peer wins). */
    double slower() {
      return higherIsBetter ? peer / ours : ours / peer;
    }
  }

  private static final String NONE = "none (no peer)";
  /** The prose: bench/src/main/resources/report-template.md. */
  static final ReportText TEXT = ReportText.load();

  private final ReportDocument document;
  private final int reps;
  private final BenchMain.Peers peers;
  private final List<Row> rows = new ArrayList<>();
  /** "Each run" tables, in the order the parts ran. */
  private final StringBuilder runs = new StringBuilder();
  /** "Why revkeep is slower" sections, one per part that lost. */
  private final StringBuilder why = new StringBuilder();
  private final StringBuilder jmhSection = new StringBuilder();

  private List<LatencyBench.Run> slow = List.of();
  private List<LatencyBench.Run> fast = List.of();
  private PerFileCosts.Costs costs;
  private List<BurstBench.Ours> bursts = List.of();
  private int burstFiles;

  Report(ZonedDateTime started, String command, Map<String, String> machine, int reps,
      BenchMain.Peers peers) {
    this.document = new ReportDocument(started, command, machine, reps);
    this.reps = reps;
    this.peers = peers;
  }

  static <T> double median(List<T> xs, ToDoubleFunction<T> f) {
    return Stats.median(xs.stream().map(x -> f.applyAsDouble(x)).toList());
  }

  private static String missing(String tool) {
    return tool + " (not installed, could not be installed: no figure)";
  }

  // ---------------------------------------------------------------- rows 1 and 2

  void latency(int writes, List<LatencyBench.Run> slow, List<LatencyBench.Run> fast) {
    this.slow = slow;
    this.fast = fast;
    String peer = peers.inotifywait() ? "inotifywait" : missing("inotifywait");
    for (var e : List.of(Map.entry(BenchMain.DEFAULT_SETTLE.toMillis(), slow),
        Map.entry(BenchMain.SMALL_SETTLE.toMillis(), fast))) {
      long settle = e.getKey();
      List<LatencyBench.Run> runs = e.getValue();
      String method = TEXT.get("latency.method", writes, LatencyBench.WARMUP, settle);
      for (int p : new int[] {50, 99}) {
        rows.add(new Row("1", String.format("change → event, settle %d ms, p%d", settle, p),
            "ms", median(runs, r -> Stats.percentile(r.oursMinusSettle(), p)), peer,
            median(runs, r -> Stats.percentile(r.peer(), p)), false,
            p == 50 ? method : "the same writes; p99 of (latency − settle)"));
      }
      for (int p : new int[] {50, 99}) {
        rows.add(new Row("1", String.format("change → event, settle %d ms, p%d, beside the"
            + " disk's floor", settle, p), "ms",
            median(runs, r -> Stats.percentile(r.oursMinusSettle(), p)),
            "a durable small write alone (3 flushes)",
            median(runs, r -> Stats.percentile(r.floor(), p)), false,
            p == 50 ? TEXT.get("latency.floor") : "the same writes; p99 of each"));
      }
      for (int p : new int[] {50, 99}) {
        rows.add(new Row("2", String.format("change → durable backup copy, settle %d ms, p%d",
            settle, p), "ms", median(runs, r -> Stats.percentile(r.backupMinusSettle(), p)),
            NONE, Double.NaN, false, p == 50 ? TEXT.get("latency.backup") : "the same writes; p99"));
      }
    }
    runs.append(RunTables.latency(slow, fast));
  }

  void costs(PerFileCosts.Costs costs) {
    this.costs = costs;
  }

  // ---------------------------------------------------------------- row 3

  void burst(int files, List<BurstBench.Peer> cps, List<BurstBench.Git> gits,
      List<BurstBench.Ours> ours, List<BurstBench.Ours> oursByCp) {
    this.bursts = ours;
    this.burstFiles = files;
    String what = String.format("%,d-file burst → recorded", files);
    String method = TEXT.get("burst.method", files, files, BurstBench.POLL_MS);
    double oursS = median(ours, BurstBench.Ours::seconds);
    rows.add(new Row("3", what, "s", oursS, "cp -r + sync",
        median(cps, BurstBench.Peer::seconds), false, method));
    String gitMethod = TEXT.get("burst.git");
    rows.add(new Row("3", what, "s", oursS, peers.git() ? "cp -r + git add -A && git commit"
        + " + sync" : missing("git"), median(gits, BurstBench.Git::seconds), false, gitMethod));
    rows.add(new Row("3", what + ", rate", "files/s", median(ours, o -> o.recorded()
        / o.seconds()), "cp -r + sync", median(cps, p -> files / p.seconds()), true,
        "the same runs, as files per second"));
    if (!oursByCp.isEmpty()) {
      rows.add(new Row("3", String.format("%,d-file burst written by cp -r → recorded", files),
          "s", median(oursByCp, BurstBench.Ours::seconds), "cp -r + sync",
          median(cps, BurstBench.Peer::seconds), false, TEXT.get("burst.cp")));
    }

    runs.append(RunTables.burst(ours, oursByCp, cps, gits));
  }

  void backup(int files, List<BurstBench.Peer> cps, List<BurstBench.Git> gits,
      List<BackupBench.Ours> runsOfOurs) {
    if (runsOfOurs.isEmpty()) {
      return;
    }
    String method = TEXT.get("backup.method", files, files, BurstBench.POLL_MS);
    String what = String.format("%,d-file burst → recorded + backed up", files);
    double ours = median(runsOfOurs, BackupBench.Ours::seconds);
    rows.add(new Row("3", what, "s", ours, "cp -r + sync",
        median(cps, BurstBench.Peer::seconds), false, method));
    rows.add(new Row("3", what, "s", ours, peers.git() ? "cp -r + git add -A && git commit"
        + " + sync" : missing("git"), median(gits, BurstBench.Git::seconds), false,
        "the same runs; the git peer as in the row above, measured again beside these runs"));
    runs.append(RunTables.backup(runsOfOurs, cps, gits));
  }

  // ---------------------------------------------------------------- issue 20

  /** Issue 17: a folder of 100,000 entries in the browser (no peer: the budget). */
  void browser(List<BrowserBench.Run> runs) {
    String what = String.format("browser, a folder of %,d entries", BrowserBench.ENTRIES);
    if (runs.isEmpty()) {
      rows.add(new Row("17", what + ", first rows", "ms", Double.NaN,
          missing("chromium, chromium-driver"), Double.NaN, false, TEXT.get("browser.none")));
      return;
    }
    rows.add(new Row("17", what + ", first rows after a change in a sub-folder", "ms",
        median(runs, BrowserBench.Run::subMs), "Store.files of the folder alone",
        median(runs, BrowserBench.Run::storeMs), false,
        TEXT.get("browser.sub", BrowserBench.ENTRIES, runs.size())));
    rows.add(new Row("17", what + ", first rows after a file of it changed", "ms",
        median(runs, BrowserBench.Run::changedMs), NONE, Double.NaN, false,
        TEXT.get("browser.changed")));
    rows.add(new Row("17", what + ", first rows, listing kept", "ms",
        median(runs, BrowserBench.Run::warmMs), NONE, Double.NaN, false,
        TEXT.get("browser.warm")));
    rows.add(new Row("17", what + ", first rows, folder read whole", "ms",
        median(runs, BrowserBench.Run::wholeMs), "Store.files of the folder alone",
        median(runs, BrowserBench.Run::storeMs), false, TEXT.get("browser.whole")));
    rows.add(new Row("17", what + ", filter keystroke", "ms",
        median(runs, BrowserBench.Run::keystrokeMs), NONE, Double.NaN, false,
        TEXT.get("browser.filter")));
  }

  /** Issue 20: a short command's wall time, beside git's and ls's, measured interleaved. */
  void cli(List<CliStartBench.Pair> pairs) {
    for (CliStartBench.Pair p : pairs) {
      rows.add(new Row("20", p.ours() + ", median wall time", "ms", Stats.median(p.oursMs()),
          p.peer(), Stats.median(p.peerMs()), false, "the ./revkeep launcher (class-data-sharing"
              + " archive, -XX:TieredStopAtLevel=1 -XX:+UseSerialGC) run from inside the shared"
              + " folder of a stopped `revkeep up` that recorded one file (configuration found"
              + " above it), " + p.oursMs().size() + " runs each, interleaved with the peer's in"
              + " a git repository holding the same file; process start to exit"));
    }
  }

  // ---------------------------------------------------------------- rows 4 and 8

  /** Issue 10: a folder of 10,000 files as it was, in each store. */
  void asOf(List<AsOfBench.Result> results) {
    for (AsOfBench.Result r : results) {
      rows.add(new Row("10", String.format("as of T, a folder of %,d files, %s", AsOfBench.FILES,
          r.store()), "ms", Stats.median(r.queryMs()), NONE, Double.NaN, false, TEXT.get("asof.method",
          AsOfBench.FILES, AsOfBench.FOLDERS, AsOfBench.ROUNDS, r.setupSeconds(),
          r.queryMs().size())));
    }
  }

  /** Issue 17: the root of a 100,000-file tree against a 20-file folder, in each store. */
  void listing(List<ListingBench.Result> results) {
    for (ListingBench.Result r : results) {
      rows.add(new Row("17", String.format("root listing of a %,d-file tree (20 entries at the"
          + " root), %s, %s", ListingBench.FILES, r.store(), r.how()), "ms",
          Stats.median(r.rootMs()), String.format("listing a %d-file folder, same store",
          ListingBench.SMALL_FILES), Stats.median(r.smallMs()), false,
          TEXT.get("listing.method", ListingBench.FILES, ListingBench.ROOT_FILES,
          ListingBench.TOP_FOLDERS, ListingBench.SUB_FOLDERS, ListingBench.LEAF_FILES,
          ListingBench.SMALL, r.setupSeconds(), r.rootMs().size())));
    }
  }

  void reconcile(int files, int folders, double setupSeconds, List<Double> finds,
      List<ReconcileBench.Ours> ours, List<Long> inotifyRss) {
    double find = Stats.median(finds);
    String tree = TEXT.get("reconcile.tree", files, folders, ReconcileBench.PER_FOLDER,
        setupSeconds);
    rows.add(new Row("4", String.format("start-up reconcile, %,d unchanged files", files), "ms",
        median(ours, ReconcileBench.Ours::reconcileMs), "find -printf '%s %T@'", find, false,
        TEXT.get("reconcile.method", tree)));
    rows.add(new Row("4", String.format("start → reconciled, %,d unchanged files", files), "ms",
        median(ours, ReconcileBench.Ours::totalMs), "find -printf '%s %T@'", find, false,
        TEXT.get("reconcile.total", BenchMain.fmt(median(ours, ReconcileBench.Ours::jvmStartMs)))));
    List<Long> rss = inotifyRss.stream().filter(x -> x >= 0).toList();
    rows.add(new Row("8", String.format("listener RSS, %,d watched files", files), "MiB",
        median(ours, o -> o.rssKib() / 1024.0), peers.inotifywait() ? "inotifywait -m -r"
            : missing("inotifywait"),
        rss.isEmpty() ? Double.NaN : Stats.median(rss.stream().map(x -> x / 1024.0).toList()),
        false, TEXT.get("reconcile.rss")));
    rows.add(new Row("8", String.format("listener RSS after a full GC, %,d files", files),
        "MiB", median(ours, o -> o.rssAfterGcKib() / 1024.0), peers.inotifywait()
            ? "inotifywait -m -r" : missing("inotifywait"),
        rss.isEmpty() ? Double.NaN : Stats.median(rss.stream().map(x -> x / 1024.0).toList()),
        false, TEXT.get("reconcile.rssAfterGc")));
    runs.append(RunTables.reconcile(files, ours, finds, inotifyRss));
    double reconcile = median(ours, ReconcileBench.Ours::reconcileMs);
    double perFile = reconcile * 1000 / files;
    why.append(TEXT.get("why.reconcile", BenchMain.fmt(reconcile), BenchMain.fmt(find), files,
        perFile));
    if (!rss.isEmpty()) {
      why.append(TEXT.get("why.memory", BenchMain.fmt(median(ours, o -> o.rssKib() / 1024.0)),
          BenchMain.fmt(Stats.median(rss.stream().map(x -> x / 1024.0).toList())), files));
    }
  }

  // ---------------------------------------------------------------- row 5

  void fanout(int subscribers, int messages, List<FanoutBench.Result> ours,
      List<FanoutBench.Result> redis) {
    String method = TEXT.get("fanout.method", subscribers, messages, FanoutBench.MESSAGE_BYTES,
        FanoutBench.WARMUP_MESSAGES, Math.max(1, Runtime.getRuntime().availableProcessors()),
        FanoutBench.MESSAGE_BYTES, FanoutBench.MESSAGE_BYTES, FanoutBench.READER_THREADS,
        FanoutBench.WINDOW);
    double o = median(ours, FanoutBench.Result::deliveriesPerSecond);
    double p = redis.isEmpty() ? Double.NaN
        : median(redis, FanoutBench.Result::deliveriesPerSecond);
    rows.add(new Row("5", String.format("feed fan-out, %,d subscribers, %d-byte events",
        subscribers, FanoutBench.MESSAGE_BYTES), "deliveries/s", o, peers.redis()
            ? "redis-server pub/sub" : missing("redis-server"), p, true, method));
    runs.append(RunTables.fanout(ours, redis));
    if (!Double.isNaN(p) && o > p * 1.15) {
      why.append(TEXT.get("why.fanout.wins", BenchMain.fmt(o), BenchMain.fmt(p),
          Math.max(1, Runtime.getRuntime().availableProcessors())));
    }
    if (!Double.isNaN(p) && o <= p * 1.15 && p <= o * 1.15) {
      why.append(TEXT.get("why.fanout.par", BenchMain.fmt(o), BenchMain.fmt(p),
          FanoutBench.READER_THREADS));
    }
    if (!Double.isNaN(p) && p > o * 1.15) {
      why.append(TEXT.get("why.fanout.loses", BenchMain.fmt(o), BenchMain.fmt(p)));
    }
  }

  // ---------------------------------------------------------------- rows 6 and 7

  void web(int connections, int wrkSeconds, int abRequests, WebRuns load,
      List<WebBench.Big> bigs) {
    List<WebBench.Wrk> wrks = load.wrks();
    if (!peers.wrk()) {
      rows.add(new Row("6", String.format("web GET /api/files, %,d conns", connections),
          "req/s", Double.NaN, missing("wrk"), Double.NaN, true, TEXT.get("web.noWrk")));
    }
    String nginx = load.nginxWrks().isEmpty() && load.nginxAbs().isEmpty() ? missing("nginx")
        : "nginx, the same JSON as a static file";
    if (!wrks.isEmpty()) {
      List<WebBench.Wrk> n = load.nginxWrks();
      String method = TEXT.get("web.wrk.method", connections, wrkSeconds,
          WebBench.LISTED_FILES, Math.min(3, wrkSeconds));
      String web = String.format("web GET /api/files, %,d conns, wrk", connections);
      rows.add(new Row("6", web + ", rate", "req/s", median(wrks,
          WebBench.Wrk::requestsPerSecond), nginx, median(n, WebBench.Wrk::requestsPerSecond),
          true, method));
      rows.add(new Row("6", web + ", p50", "ms", median(wrks, WebBench.Wrk::p50Ms), nginx,
          median(n, WebBench.Wrk::p50Ms), false, "the same wrk runs: wrk's latency distribution,"
              + " 50%"));
      rows.add(new Row("6", web + ", p99", "ms", median(wrks, WebBench.Wrk::p99Ms), nginx,
          median(n, WebBench.Wrk::p99Ms), false, "the same wrk runs: 99% (issue 17 asks for"
              + " ≤ 1 s at ≥ 5,000 req/s)"));
      rows.add(new Row("6", web + ", errors", "", median(wrks, w -> (double) w.errors()), nginx,
          median(n, w -> (double) w.errors()), false, "the same wrk runs: socket errors"
              + " (connect, read, write, timeout) + non-2xx/3xx responses, per run"));
      runs.append(RunTables.wrk(connections, wrkSeconds, wrks));
      if (!n.isEmpty()) {
        runs.append(RunTables.wrk(connections, wrkSeconds, n).replace("| wrk run", "| wrk run on"
            + " nginx"));
      }
    }
    List<ApacheBench.Ab> abs = load.abs();
    if (!abs.isEmpty()) {
      List<ApacheBench.Ab> n = load.nginxAbs();
      String web = String.format("web GET /api/files, %,d conns, ab", connections);
      rows.add(new Row("6", web + ", rate", "req/s", median(abs,
          ApacheBench.Ab::requestsPerSecond), nginx, median(n, ApacheBench.Ab::requestsPerSecond),
          true, TEXT.get("web.ab.method", connections, abRequests)));
      rows.add(new Row("6", web + ", p99", "ms", median(abs, ApacheBench.Ab::p99Ms), nginx,
          median(n, ApacheBench.Ab::p99Ms), false, "the same ab runs: 99% of the requests served"
              + " within"));
      rows.add(new Row("6", web + ", errors", "", median(abs, a -> (double) a.errors()), nginx,
          median(n, a -> (double) a.errors()), false, "the same ab runs: failed requests +"
              + " non-2xx answers (+1 when ab gave up before the last request), per run"));
    }
    if (!bigs.isEmpty()) {
      WebBench.Big b0 = bigs.get(0);
      String size = b0.mib() >= 1024 ? String.format("%.0f GiB", b0.mib() / 1024)
          : String.format("%.0f MiB", b0.mib());
      String n = bigs.size() == reps ? "" : String.format(" (%d run%s, not %d)", bigs.size(),
          bigs.size() == 1 ? "" : "s", reps);
      String cache = TEXT.get(b0.coldReads() ? "web.cache.cold" : "web.cache.warm");
      double up = median(bigs, b -> b.mib() / b.uploadSeconds());
      double dd = median(bigs, b -> b.mib() / b.ddWriteSeconds());
      rows.add(new Row("7", "web upload, " + size + n, "MiB/s", up, "dd conv=fsync", dd, true,
          TEXT.get("web.upload.method", b0.mib())));
      rows.add(new Row("7", "web download, " + size + n, "MiB/s",
          median(bigs, b -> b.mib() / b.downloadSeconds()), "dd read",
          median(bigs, b -> b.mib() / b.ddReadSeconds()), true,
          TEXT.get("web.download.method", cache)));
      rows.add(new Row("7", "web transfer, server peak RSS", "MiB",
          median(bigs, WebBench.Big::peakRssMiB), NONE, Double.NaN, false,
          TEXT.get("web.rss.method")));
      rows.add(new Row("7", "web transfer, server peak heap used", "MiB", median(bigs,
          WebBench.Big::peakHeapMiB), NONE, Double.NaN, false, "the same samples: heap used"
              + " (live objects and garbage not yet collected), maximum"));
      runs.append(RunTables.transfer(bigs));
      why.append(TEXT.get("why.transfer", BenchMain.fmt(median(bigs, WebBench.Big::peakRssMiB)),
          BenchMain.fmt(median(bigs, WebBench.Big::peakHeapMiB))));
      double down = median(bigs, b -> b.mib() / b.downloadSeconds());
      double ddRead = median(bigs, b -> b.mib() / b.ddReadSeconds());
      if (down < ddRead) {
        why.append(TEXT.get("why.download", BenchMain.fmt(down), BenchMain.fmt(ddRead)));
      }
      if (up < dd) {
        why.append(TEXT.get("why.upload", BenchMain.fmt(up), BenchMain.fmt(dd)));
      }
    }
  }

  // ---------------------------------------------------------------- JMH

  void jmh(JmhSuite.Settings s, List<JmhSuite.Score> scores) {
    jmhSection.append(JmhSection.render(s, scores));
  }

  // ---------------------------------------------------------------- output

  /** The table as printed on the console (Markdown, without the method column). */
  String table() {
    return document.table(rows);
  }

  String markdown(double minutes) {
    String analysis = WhereTimeGoes.section(costs, slow, fast, bursts, burstFiles);
    String whySlower = (!slow.isEmpty() || !bursts.isEmpty() ? TEXT.get("why.fsync") : "") + why;
    return document.markdown(minutes, rows, !slow.isEmpty(), runs + jmhSection.toString()
        + analysis, whySlower);
  }
}
