package io.revkeep.bench;

import static io.revkeep.bench.Report.TEXT;
import static io.revkeep.bench.Report.median;

import java.util.ArrayList;
import java.util.List;

/**
 * The report's "Where the listener's time goes": the per-file costs of the recording path, and
 * what the latency and burst runs spent beyond the settle wait.
 */
final class WhereTimeGoes {
  private WhereTimeGoes() {}

  static String section(PerFileCosts.Costs costs, List<LatencyBench.Run> slow,
      List<LatencyBench.Run> fast, List<BurstBench.Ours> bursts, int burstFiles) {
    StringBuilder md = new StringBuilder();
    if (costs == null && slow.isEmpty() && bursts.isEmpty()) {
      return "";
    }
    md.append("## Where the listener's time goes\n\n");
    if (costs != null) {
      md.append(TEXT.get("where.costs", costs.files())).append("\n\n");
      md.append("| step | ms per file |\n|---|---:|\n");
      md.append(String.format("| read once into SHA-256 + a temporary vault copy | %s |%n",
          BenchMain.fmt(costs.capture())));
      md.append(String.format("| vault commit: fsync the copy, rename, fsync its folder | %s |%n",
          BenchMain.fmt(costs.commit())));
      md.append(String.format("| one store transaction (WAL, `synchronous=FULL`) | %s |%n",
          BenchMain.fmt(costs.record())));
      md.append(String.format("| **total** | **%s** |%n%n", BenchMain.fmt(costs.total())));
    }
    if (!slow.isEmpty() && !fast.isEmpty()) {
      md.append(TEXT.get("where.latency",
          BenchMain.fmt(median(slow, r -> Stats.percentile(r.oursMinusSettle(), 50))),
          BenchMain.fmt(median(fast, r -> Stats.percentile(r.oursMinusSettle(), 50))),
          costs == null ? "" : TEXT.get("where.latency.costs", BenchMain.fmt(costs.total())),
          BenchMain.fmt(median(slow, r -> Stats.percentile(r.beforeChange(), 50))),
          BenchMain.fmt(median(fast, r -> Stats.percentile(r.beforeChange(), 50))),
          BenchMain.fmt(median(slow, r -> Stats.percentile(r.afterChange(), 50))),
          BenchMain.fmt(median(fast, r -> Stats.percentile(r.afterChange(), 50))),
          BenchMain.fmt(median(slow, r -> Stats.percentile(r.backupMinusSettle(), 50))
              - median(slow, r -> Stats.percentile(r.oursMinusSettle(), 50))))).append("\n");
    }
    if (!bursts.isEmpty()) {
      List<BurstBench.Ours> sorted = new ArrayList<>(bursts);
      sorted.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
      BurstBench.Ours mid = sorted.get(sorted.size() / 2);
      double serial = costs == null ? Double.NaN : costs.total() * burstFiles / 1000.0;
      md.append(TEXT.get("where.burst", mid.seconds(), bursts.indexOf(mid) + 1,
          mid.writeSeconds(), mid.firstVersionSeconds(), mid.overflows(), mid.rescans(),
          mid.rescanMillis(), BenchMain.DEFAULT_SETTLE.toMillis(), Double.isNaN(serial) ? "."
              : TEXT.get("where.burst.serial", burstFiles, serial, 256))).append("\n");
    }
    md.append('\n');
    return md.toString();
  }
}
