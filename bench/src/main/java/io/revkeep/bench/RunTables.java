package io.revkeep.bench;

import java.util.List;

/**
 * The report's "Each run" tables: one Markdown table per part of the bench, a line per
 * repetition, with the raw figures behind the medians of the results table.
 */
final class RunTables {
  private RunTables() {}

  static String latency(List<LatencyBench.Run> slow, List<LatencyBench.Run> fast) {
    StringBuilder runs = new StringBuilder();
    runs.append("| latency run | settle | revkeep event − settle p50 / p99 (ms) | backup copy"
        + " durable − settle p50 / p99 (ms) | inotifywait p50 / p99 (ms) | a durable write"
        + " alone p50 / p99 (ms) | missed (event / backup / inotifywait) |\n"
        + "|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < slow.size(); i++) {
      runLine(runs, i, BenchMain.DEFAULT_SETTLE.toMillis(), slow.get(i));
    }
    for (int i = 0; i < fast.size(); i++) {
      runLine(runs, i, BenchMain.SMALL_SETTLE.toMillis(), fast.get(i));
    }
    runs.append('\n');
    return runs.toString();
  }

  private static void runLine(StringBuilder runs, int i, long settle, LatencyBench.Run r) {
    runs.append(String.format("| %d | %d ms | %s / %s | %s / %s | %s / %s | %s / %s |"
        + " %d / %d / %d |%n",
        i + 1, settle,
        BenchMain.fmt(Stats.percentile(r.oursMinusSettle(), 50)),
        BenchMain.fmt(Stats.percentile(r.oursMinusSettle(), 99)),
        BenchMain.fmt(Stats.percentile(r.backupMinusSettle(), 50)),
        BenchMain.fmt(Stats.percentile(r.backupMinusSettle(), 99)),
        BenchMain.fmt(Stats.percentile(r.peer(), 50)),
        BenchMain.fmt(Stats.percentile(r.peer(), 99)),
        BenchMain.fmt(Stats.percentile(r.floor(), 50)),
        BenchMain.fmt(Stats.percentile(r.floor(), 99)), r.missedOurs(), r.missedBackup(),
        r.missedPeer()));
  }

  static String burst(List<BurstBench.Ours> ours, List<BurstBench.Ours> oursByCp,
      List<BurstBench.Peer> cps, List<BurstBench.Git> gits) {
    StringBuilder runs = new StringBuilder();
    runs.append("| burst run | revkeep total (s) | its write phase (s) | first poll seeing a"
        + " version (s) | watch overflows | rescans (their ms) | revkeep, cp -r as the writer:"
        + " total / cp (s) | cp -r + sync (s) | of which cp (s) | git: cp / add / commit /"
        + " sync (s) | git total (s) |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < ours.size(); i++) {
      BurstBench.Ours o = ours.get(i);
      BurstBench.Ours c = i < oursByCp.size() ? oursByCp.get(i) : null;
      BurstBench.Peer p = cps.get(i);
      BurstBench.Git g = i < gits.size() ? gits.get(i) : null;
      runs.append(String.format("| %d | %.2f | %.2f | %.2f | %d | %d (%d) | %s | %.2f | %.2f |"
          + " %s | %s |%n", i + 1, o.seconds(), o.writeSeconds(), o.firstVersionSeconds(),
          o.overflows(), o.rescans(), o.rescanMillis(),
          c == null ? "–" : String.format("%.2f / %.2f", c.seconds(), c.writeSeconds()),
          p.seconds(), p.cpSeconds(),
          g == null ? "–" : String.format("%.2f / %.2f / %.2f / %.2f", g.cpSeconds(),
              g.addSeconds(), g.commitSeconds(), g.syncSeconds()),
          g == null ? "–" : String.format("%.2f", g.seconds())));
    }
    runs.append('\n');
    return runs.toString();
  }

  static String backup(List<BackupBench.Ours> runsOfOurs, List<BurstBench.Peer> cps,
      List<BurstBench.Git> gits) {
    StringBuilder runs = new StringBuilder();
    runs.append("| backup burst run | every copy durable (s) | store had every version (s) |"
        + " write phase (s) | copies written | cp -r + sync (s) | of which cp (s) | git total"
        + " (s) |\n|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < runsOfOurs.size(); i++) {
      BackupBench.Ours o = runsOfOurs.get(i);
      BurstBench.Peer p = cps.get(i);
      runs.append(String.format("| %d | %.2f | %.2f | %.2f | %,d | %.2f | %.2f | %s |%n",
          i + 1, o.seconds(), o.recordedSeconds(), o.writeSeconds(), o.copiesWritten(),
          p.seconds(), p.cpSeconds(), i < gits.size()
              ? String.format("%.2f", gits.get(i).seconds()) : "–"));
    }
    runs.append('\n');
    return runs.toString();
  }

  static String reconcile(int files, List<ReconcileBench.Ours> ours, List<Double> finds,
      List<Long> inotifyRss) {
    StringBuilder runs = new StringBuilder();
    runs.append(String.format("| reconcile run, %,d files | start", files)
        + " → reconciled (ms) | reconcile itself (ms) | JVM start + store open (ms) | new versions | watched folders | RSS (MiB) | peak RSS (MiB) | heap"
        + " used (MiB) | RSS after GC (MiB) | heap after GC (MiB) | find (ms) | inotifywait"
        + " RSS (MiB) |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < ours.size(); i++) {
      ReconcileBench.Ours o = ours.get(i);
      runs.append(String.format("| %d | %.0f | %.0f | %.0f | %d | %d | %.0f | %.0f | %.0f |"
          + " %.0f | %.0f | %.0f | %s |%n", i + 1, o.totalMs(), o.reconcileMs(), o.jvmStartMs(),
          o.newVersions(), o.watchedFolders(), o.rssKib() / 1024.0, o.hwmKib() / 1024.0,
          o.heapUsed() / 1048576.0, o.rssAfterGcKib() / 1024.0, o.heapAfterGc() / 1048576.0,
          finds.get(i), inotifyRss.get(i) < 0 ? "–"
              : String.format("%.1f", inotifyRss.get(i) / 1024.0)));
    }
    runs.append('\n');
    return runs.toString();
  }

  static String fanout(List<FanoutBench.Result> ours, List<FanoutBench.Result> redis) {
    StringBuilder runs = new StringBuilder();
    runs.append("| fan-out run | feed: deliveries/s | s | lost subscribers | redis:"
        + " deliveries/s | s | lost subscribers |\n|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < ours.size(); i++) {
      FanoutBench.Result a = ours.get(i);
      FanoutBench.Result b = i < redis.size() ? redis.get(i) : null;
      runs.append(String.format("| %d | %,.0f | %.2f | %d | %s | %s | %s |%n", i + 1,
          a.deliveriesPerSecond(), a.seconds(), a.lost(),
          b == null ? "–" : String.format("%,.0f", b.deliveriesPerSecond()),
          b == null ? "–" : String.format("%.2f", b.seconds()),
          b == null ? "–" : String.valueOf(b.lost())));
    }
    runs.append('\n');
    return runs.toString();
  }

  static String wrk(int connections, int wrkSeconds, List<WebBench.Wrk> wrks) {
    StringBuilder runs = new StringBuilder();
    runs.append(String.format("| wrk run (%,d conns, %d s) | req/s | p50 (ms) | p99 (ms) |"
        + " requests | socket errors | non-2xx/3xx |%n|---|---|---|---|---|---|---|%n",
        connections, wrkSeconds));
    for (int i = 0; i < wrks.size(); i++) {
      WebBench.Wrk w = wrks.get(i);
      runs.append(String.format("| %d | %,.0f | %s | %s | %,d | %,d | %,d |%n", i + 1,
          w.requestsPerSecond(), BenchMain.fmt(w.p50Ms()), BenchMain.fmt(w.p99Ms()),
          w.requests(), w.socketErrors(), w.non2xx()));
    }
    runs.append('\n');
    return runs.toString();
  }

  static String transfer(List<WebBench.Big> bigs) {
    StringBuilder runs = new StringBuilder();
    runs.append("| transfer run | MiB | upload (s) | then recorded by the listener (s) |"
        + " download (s) | dd write, conv=fsync (s) | dd read (s) | reads cold | peak heap"
        + " (MiB) | peak RSS (MiB) |\n|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < bigs.size(); i++) {
      WebBench.Big b = bigs.get(i);
      runs.append(String.format("| %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %.0f |"
          + " %.0f |%n", i + 1, b.mib(), b.uploadSeconds(), b.recordSeconds(),
          b.downloadSeconds(), b.ddWriteSeconds(), b.ddReadSeconds(),
          b.coldReads() ? "yes" : "no", b.peakHeapMiB(), b.peakRssMiB()));
    }
    runs.append('\n');
    return runs.toString();
  }
}
