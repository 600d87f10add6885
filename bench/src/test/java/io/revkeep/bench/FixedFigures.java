package io.revkeep.bench;

import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A report of every part from fixed, made-up figures, so the report's text can be rendered
 * without running the bench. {@code redisDeliveries} chooses which fan-out analysis is written
 * (the feed does 3.0 million deliveries/s: above, at par or below it).
 */
final class FixedFigures {
  private FixedFigures() {}

  static Report report(double redisDeliveries) {
    Map<String, String> machine = new LinkedHashMap<>();
    machine.put("CPU", "2 × test|cpu");
    machine.put("Other load at start (loadavg)", "1.50 1.20 1.00 2/300 4000");
    machine.put("Other load at the end (loadavg)", "0.80 1.00 1.00 1/300 4100");
    Report r = new Report(ZonedDateTime.parse("2026-01-31T14:00:00Z[UTC]"), "bench/run --quick",
        machine, 2, new BenchMain.Peers(true, true, true, true));
    double[] ms = {1, 2, 3, 4};
    LatencyBench.Run run = new LatencyBench.Run(ms, ms, 0, 1, ms, ms, ms, 0, ms);
    r.latency(4, List.of(run, run), List.of(run, run));
    r.costs(new PerFileCosts.Costs(0.1, 1.2, 0.9, 500));
    List<BurstBench.Peer> cps = List.of(new BurstBench.Peer(1.5, 0.4), new BurstBench.Peer(1.7, 0.5));
    List<BurstBench.Git> gits = List.of(new BurstBench.Git(3, 0.4, 1, 1, 0.6));
    r.burst(5_000, cps, gits, List.of(new BurstBench.Ours(4.2, 1.1, 0.3, 2, 3, 40, 5_000),
        new BurstBench.Ours(4.6, 1.2, 0.3, 1, 1, 20, 5_000)),
        List.of(new BurstBench.Ours(2.2, 0.5, 0.5, 0, 1, 10, 5_000),
            new BurstBench.Ours(2.4, 0.6, 0.6, 0, 1, 12, 5_000)));
    r.backup(5_000, cps, gits, List.of(new BackupBench.Ours(6.1, 1.1, 4.3, 5_000, 5_000),
        new BackupBench.Ours(6.5, 1.2, 4.4, 5_000, 5_000)));
    r.asOf(List.of(new AsOfBench.Result("SQLite", 12.5, List.of(80.0, 90.0), 10_000)));
    r.reconcile(100_000, 100, 60, List.of(150.0, 160.0), List.of(
        new ReconcileBench.Ours(900, 700, 200_000, 250_000, 90_000_000, 120_000, 20_000_000,
            0, 101, 400),
        new ReconcileBench.Ours(950, 720, 210_000, 260_000, 95_000_000, 125_000, 21_000_000,
            0, 101, 420)), List.of(2_048L, -1L));
    List<FanoutBench.Result> feed = List.of(new FanoutBench.Result(1_000, 30_000, 10, 0));
    List<FanoutBench.Result> redis =
        List.of(new FanoutBench.Result(1_000, 30_000, 30_000_000 / redisDeliveries, 0));
    r.fanout(1_000, 30_000, feed, redis);
    r.web(1_000, 10, 50_000, new WebRuns(
        List.of(new WebBench.Wrk(9_000, 40, 300, 90_000, 2, 1)),
        List.of(new WebBench.Wrk(30_000, 20, 90, 300_000, 0, 0)),
        List.of(new ApacheBench.Ab(6_000, 400, 50_000, 0, 0, false)),
        List.of(new ApacheBench.Ab(20_000, 60, 50_000, 0, 0, false))), List.of(
        new WebBench.Big(1L << 30, 8, 3, 2, 4, 1, true, 300, 500),
        new WebBench.Big(1L << 30, 9, 3, 2.5, 4.5, 1.1, true, 320, 520)));
    r.jmh(new JmhSuite.Settings(1, 2, 1, 3, 1), List.of(
        new JmhSuite.Score("io.revkeep.bench.jmh.VaultBench.sha256", "size=4096", 3.1, 0.2,
            "us/op", 3),
        new JmhSuite.Score("io.revkeep.bench.jmh.VaultBench.capture", "size=4096", 40, 2,
            "us/op", 3),
        new JmhSuite.Score("io.revkeep.bench.jmh.VaultBench.captureAndCommit", "size=4096",
            900, 50, "us/op", 3),
        new JmhSuite.Score("io.revkeep.bench.jmh.EventCodecBench.encode", "", 0.5, 0.01,
            "us/op", 3)));
    return r;
  }
}
