package io.revkeep.bench;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Turns the measurements into the console table and the Markdown report. */
final class Report {
  /** One line of the table: a figure for us and for the peer, and how it was measured. */
  record Row(String what, String unit, double ours, String peerName, double peer,
      boolean higherIsBetter, String method) {
    /** How many times slower revkeep is (above 1: the peer wins). */
    double slower() {
      return higherIsBetter ? peer / ours : ours / peer;
    }
  }

  private final ZonedDateTime started;
  private final String command;
  private final Map<String, String> machine;
  private final int reps;
  private final int writes;
  private final int files;
  private final List<LatencyBench.Run> slow;
  private final List<LatencyBench.Run> fast;
  private final PerFileCosts.Costs costs;
  private final List<BurstBench.Peer> peers;
  private final List<BurstBench.Ours> ours;
  private final double minutes;
  private final List<Row> rows = new ArrayList<>();
  private List<BurstBench.Peer> backupPeers = List.of();
  private List<BackupBench.Ours> backups = List.of();
  private int connections;
  private int wrkSeconds;
  private List<WebBench.Wrk> wrks = List.of();
  private List<WebBench.Big> bigs = List.of();

  /** The backup rows: the burst until every backup copy is durable, beside cp -r + sync. */
  void backup(List<BurstBench.Peer> peers, List<BackupBench.Ours> runs) {
    this.backupPeers = peers;
    this.backups = runs;
    if (runs.isEmpty()) {
      return;
    }
    String method = String.format("the burst row's %,d files, written the same way, with a real"
        + " `BackupDaemon` (vault mode, as `revkeep up` runs it: copies from the vault, following"
        + " the listener's feed) started in-process beside the listener; clock from the first"
        + " write until the backup's `durableSeq()` = %,d (polled every %d ms): every backup copy"
        + " written, fsynced, renamed into place and its folder fsynced. Peer: `cp -r` of the same"
        + " files into a fresh folder, then `sync` (measured again, interleaved with these runs)",
        files, files, BurstBench.POLL_MS);
    String what = String.format("%,d-file burst → backup durable", files);
    rows.add(new Row(what, "files/s", median(runs, o -> o.durable() / o.seconds()),
        "cp -r + sync", median(peers, p -> files / p.seconds()), true, method));
    rows.add(new Row(what, "s", median(runs, BackupBench.Ours::seconds), "cp -r + sync",
        median(peers, BurstBench.Peer::seconds), false, "the same runs, in seconds"));
  }

  /** The web rows: wrk on GET /api/files; the large upload and download beside dd. */
  void web(int connections, int wrkSeconds, List<WebBench.Wrk> wrks, List<WebBench.Big> bigs) {
    this.connections = connections;
    this.wrkSeconds = wrkSeconds;
    this.wrks = wrks;
    this.bigs = bigs;
    String none = "none (no peer)";
    if (!wrks.isEmpty()) {
      String method = String.format("`wrk -t2 -c%d -d%ds --timeout 10s --latency -H 'Cookie:"
          + " <session>'` on `GET /api/files` (the root folder: %d files of 1 KiB recorded by the"
          + " listener), against a real `WebDaemon` started in-process beside a real listener"
          + " (its feed connected), logged in with `POST /api/login` as an editor added to the"
          + " store; a %d s wrk warm-up first (not counted). wrk runs on the same 2 CPUs as the"
          + " server. No peer: nothing else serves revkeep's API", connections, wrkSeconds,
          WebBench.LISTED_FILES, Math.min(3, wrkSeconds));
      String web = String.format("web GET /api/files, %,d conns", connections);
      rows.add(new Row(web + ", rate", "req/s", median(wrks, WebBench.Wrk::requestsPerSecond),
          none, Double.NaN, true, method));
      rows.add(new Row(web + ", p50", "ms", median(wrks, WebBench.Wrk::p50Ms), none,
          Double.NaN, false, "the same wrk runs: wrk's latency distribution, 50%"));
      rows.add(new Row(web + ", p99", "ms", median(wrks, WebBench.Wrk::p99Ms), none,
          Double.NaN, false, "the same wrk runs: 99%"));
      rows.add(new Row(web + ", errors", "", median(wrks, w -> (double) w.errors()), none,
          Double.NaN, false, "the same wrk runs: socket errors (connect, read, write, timeout)"
              + " + non-2xx/3xx responses, per run"));
    }
    if (!bigs.isEmpty()) {
      WebBench.Big b0 = bigs.get(0);
      String size = b0.mib() >= 1024 ? String.format("%.0f GiB", b0.mib() / 1024)
          : String.format("%.0f MiB", b0.mib());
      String runs = bigs.size() == reps ? "" : String.format(" (%d run%s, not %d)", bigs.size(),
          bigs.size() == 1 ? "" : "s", reps);
      String cache = b0.coldReads() ? "page cache dropped (`sync; echo 3 >"
          + " /proc/sys/vm/drop_caches`) before both reads" : "page cache NOT dropped (not"
          + " allowed): both reads come from memory";
      rows.add(new Row("web upload, " + size + runs, "MiB/s",
          median(bigs, b -> b.mib() / b.uploadSeconds()), "dd conv=fsync",
          median(bigs, b -> b.mib() / b.ddWriteSeconds()), true,
          String.format("`curl -F file=@<dd's file>` → `POST /api/upload` (multipart, session"
              + " cookie, `X-CSRF-Token` from the login), clock around curl until the answer"
              + " (the server has staged the bytes, fsynced them, renamed into place and fsynced"
              + " the folder); zeros, the file dd wrote just before (read from the page cache)."
              + " Peer: `dd if=/dev/zero of=<file in the same temp folder> bs=1M count=%.0f"
              + " conv=fsync`, clock around dd", b0.mib())));
      rows.add(new Row("web download, " + size + runs, "MiB/s",
          median(bigs, b -> b.mib() / b.downloadSeconds()), "dd read",
          median(bigs, b -> b.mib() / b.ddReadSeconds()), true,
          "once the listener has recorded the upload: `curl -o /dev/null` of `GET"
              + " /api/content?path=…` (streamed from the vault object); peer: `dd if=<dd's file>"
              + " of=/dev/null bs=1M`; " + cache));
      rows.add(new Row("web transfer, peak heap used", "MiB", median(bigs,
          WebBench.Big::peakHeapMiB), none, Double.NaN, false, "this JVM's heap used (it holds"
              + " the listener, the web server and the bench), sampled every 20 ms from the upload"
              + " to the end of the download, maximum; after the warm-up and wrk runs"));
      rows.add(new Row("web transfer, peak RSS", "MiB", median(bigs, WebBench.Big::peakRssMiB),
          none, Double.NaN, false, "the same samples: VmRSS of this JVM (started with"
              + " `-Xms512m`), maximum"));
    }
  }

  Report(ZonedDateTime started, String command, Map<String, String> machine, int reps,
      int writes, int files, List<LatencyBench.Run> slow, List<LatencyBench.Run> fast,
      PerFileCosts.Costs costs, List<BurstBench.Peer> peers, List<BurstBench.Ours> ours,
      double minutes) {
    this.started = started;
    this.command = command;
    this.machine = machine;
    this.reps = reps;
    this.writes = writes;
    this.files = files;
    this.slow = slow;
    this.fast = fast;
    this.costs = costs;
    this.peers = peers;
    this.ours = ours;
    this.minutes = minutes;
    latencyRows(slow, BenchMain.DEFAULT_SETTLE.toMillis());
    latencyRows(fast, BenchMain.SMALL_SETTLE.toMillis());
    String burstMethod = String.format("%,d new distinct 4 KiB files written by one Java thread"
        + " (Files.write) into the watched folder, settle 250 ms; clock from the first write to"
        + " store lastSeq() = %,d (polled every %d ms). Peer: `cp -r` of the same files (prepared"
        + " in a source folder) into a fresh folder, then `sync`; clock around both processes",
        files, files, BurstBench.POLL_MS);
    double oursRate = median(ours, o -> o.recorded() / o.seconds());
    double peerRate = median(peers, p -> files / p.seconds());
    rows.add(new Row(String.format("%,d-file burst", files), "files/s", oursRate,
        "cp -r + sync", peerRate, true, burstMethod));
    rows.add(new Row(String.format("%,d-file burst", files), "s",
        median(ours, BurstBench.Ours::seconds), "cp -r + sync",
        median(peers, BurstBench.Peer::seconds), false, "the same runs, in seconds"));
  }

  private static String figure(double v, String unit) {
    if (unit.isEmpty() && !Double.isNaN(v)) {
      return String.format("%,.0f", v); // a count
    }
    return Double.isNaN(v) ? BenchMain.fmt(v) : BenchMain.fmt(v) + " " + unit;
  }

  private void latencyRows(List<LatencyBench.Run> runs, long settleMs) {
    String method = String.format("%d small new files, one at a time (%d warm-up writes first);"
        + " t0 = System.nanoTime() just before Files.write (inotify reports close_write before the call returns); ours: the file's event line read by"
        + " a plain-socket feed subscriber, minus the settle time; peer: `inotifywait -m -r -e"
        + " close_write,moved_to --format '%%w%%f'` on the same folder, its stdout line"
        + " timestamped on arrival; both watch the same writes, the next write waits for both",
        writes, LatencyBench.WARMUP);
    for (int p : new int[] {50, 99}) {
      rows.add(new Row(String.format("change → event, settle %d ms, p%d", settleMs, p),
          "ms", median(runs, r -> Stats.percentile(r.oursMinusSettle(), p)), "inotifywait",
          median(runs, r -> Stats.percentile(r.peer(), p)), false,
          p == 50 ? method : "the same writes; p99 of (latency − settle)"));
    }
  }

  private static <T> double median(List<T> xs, ToDoubleFunction<T> f) {
    return Stats.median(xs.stream().map(x -> f.applyAsDouble(x)).toList());
  }

  /** The table as printed on the console (Markdown, without the method column). */
  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("| %-38s | %12s | %-12s | %12s | %9s |%n", "row (median of "
        + reps + " run" + (reps == 1 ? "" : "s") + ")", "revkeep", "peer", "peer figure",
        "× slower"));
    sb.append("|").append("-".repeat(40)).append("|").append("-".repeat(14)).append("|")
        .append("-".repeat(14)).append("|").append("-".repeat(14)).append("|")
        .append("-".repeat(11)).append("|\n");
    for (Row r : rows) {
      sb.append(String.format("| %-38s | %12s | %-12s | %12s | %9s |%n", r.what(),
          figure(r.ours(), r.unit()), r.peerName(), figure(r.peer(), r.unit()),
          BenchMain.fmt(r.slower())));
    }
    return sb.toString();
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("# revkeep benchmarks\n\n");
    md.append("Generated by `").append(command).append("` on ")
        .append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")))
        .append(String.format(" (took %.1f min). Every figure is the median over %d run%s;"
            + " ours and the peer's were measured in the same run, on the same files, in the"
            + " same folder on the same disk. \"× slower\" is revkeep's time ÷ the peer's (or"
            + " the peer's rate ÷ ours): above 1 the peer wins.%n%n", minutes, reps,
            reps == 1 ? "" : "s"));
    md.append("## Machine\n\n| | |\n|---|---|\n");
    machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|"))
        .append(" |\n"));
    md.append("\nThe load averages include whatever else ran on the machine during the bench (on a"
        + " shared machine, e.g. the project's test suite in another process): above about 1 on"
        + " 2 CPUs, the figures are noisier and the CPU-bound rows (wrk) are lower than on an idle"
        + " machine.\n");
    md.append("\n## Results\n\n");
    md.append("| row | revkeep | peer | peer figure | × slower | method |\n");
    md.append("|---|---:|---|---:|---:|---|\n");
    for (Row r : rows) {
      md.append(String.format("| %s | %s | %s | %s | %s | %s |%n", r.what(),
          figure(r.ours(), r.unit()), r.peerName(), figure(r.peer(), r.unit()),
          BenchMain.fmt(r.slower()), r.method()));
    }
    md.append("\nLatency rows are (arrival − write) − settle for revkeep, and arrival − write"
        + " for inotifywait (it has no settle); the settle wait itself is deliberate and not"
        + " counted. The latency of each write is measured alone (the next write waits for both"
        + " observers).\n");

    md.append("\n## Each run\n\n");
    md.append("| run | settle | revkeep − settle p50 / p99 (ms) | inotifywait p50 / p99 (ms) |"
        + " missed (ours / peer) |\n|---|---|---|---|---|\n");
    for (int i = 0; i < slow.size(); i++) {
      runLine(md, i, BenchMain.DEFAULT_SETTLE.toMillis(), slow.get(i));
    }
    for (int i = 0; i < fast.size(); i++) {
      runLine(md, i, BenchMain.SMALL_SETTLE.toMillis(), fast.get(i));
    }
    md.append("\n| burst run | revkeep total (s) | its write phase (s) | first poll seeing a version (s; polling starts after the writes) |"
        + " watch overflows | rescans (their ms) | cp -r + sync (s) | of which cp (s) |\n"
        + "|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < ours.size(); i++) {
      BurstBench.Ours o = ours.get(i);
      BurstBench.Peer p = peers.get(i);
      md.append(String.format("| %d | %.2f | %.2f | %.2f | %d | %d (%d) | %.2f | %.2f |%n",
          i + 1, o.seconds(), o.writeSeconds(), o.firstVersionSeconds(), o.overflows(),
          o.rescans(), o.rescanMillis(), p.seconds(), p.cpSeconds()));
    }

    if (!backups.isEmpty()) {
      md.append("\n| backup burst run | every copy durable (s) | store had every version (s) |"
          + " write phase (s) | copies written | cp -r + sync (s) | of which cp (s) |\n"
          + "|---|---|---|---|---|---|---|\n");
      for (int i = 0; i < backups.size(); i++) {
        BackupBench.Ours o = backups.get(i);
        BurstBench.Peer p = backupPeers.get(i);
        md.append(String.format("| %d | %.2f | %.2f | %.2f | %,d | %.2f | %.2f |%n", i + 1,
            o.seconds(), o.recordedSeconds(), o.writeSeconds(), o.copiesWritten(), p.seconds(),
            p.cpSeconds()));
      }
    }
    if (!wrks.isEmpty()) {
      md.append(String.format("%n| wrk run (%,d conns, %d s) | req/s | p50 (ms) | p99 (ms) |"
          + " requests | socket errors | non-2xx/3xx |%n|---|---|---|---|---|---|---|%n",
          connections, wrkSeconds));
      for (int i = 0; i < wrks.size(); i++) {
        WebBench.Wrk w = wrks.get(i);
        md.append(String.format("| %d | %,.0f | %s | %s | %,d | %,d | %,d |%n", i + 1,
            w.requestsPerSecond(), BenchMain.fmt(w.p50Ms()), BenchMain.fmt(w.p99Ms()),
            w.requests(), w.socketErrors(), w.non2xx()));
      }
    }
    if (!bigs.isEmpty()) {
      md.append("\n| transfer run | MiB | upload (s) | then recorded by the listener (s) |"
          + " download (s) | dd write, conv=fsync (s) | dd read (s) | reads cold | peak heap"
          + " (MiB) | peak RSS (MiB) |\n|---|---|---|---|---|---|---|---|---|---|\n");
      for (int i = 0; i < bigs.size(); i++) {
        WebBench.Big b = bigs.get(i);
        md.append(String.format("| %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %.0f |"
            + " %.0f |%n", i + 1, b.mib(), b.uploadSeconds(), b.recordSeconds(),
            b.downloadSeconds(), b.ddWriteSeconds(), b.ddReadSeconds(),
            b.coldReads() ? "yes" : "no", b.peakHeapMiB(), b.peakRssMiB()));
      }
    }

    md.append("\n## Where the listener's time goes\n\n");
    md.append(String.format("Per-file cost of the recording path, measured separately with the"
        + " same core classes (`Vault.capture`, `Capture.commit`, `SqliteStore.record`), one new"
        + " 4 KiB file at a time, %d files, medians:%n%n", costs.files()));
    md.append("| step | ms per file |\n|---|---:|\n");
    md.append(String.format("| read once into SHA-256 + a temporary vault copy | %s |%n",
        BenchMain.fmt(costs.capture())));
    md.append(String.format("| vault commit: fsync the copy, rename, fsync its folder | %s |%n",
        BenchMain.fmt(costs.commit())));
    md.append(String.format("| one store transaction (WAL, `synchronous=FULL`) | %s |%n",
        BenchMain.fmt(costs.record())));
    md.append(String.format("| **total** | **%s** |%n%n", BenchMain.fmt(costs.total())));
    double oursP50 = rows.get(0).ours();
    double fastP50 = rows.get(2).ours();
    BurstBench.Ours mid = ours.get(ours.size() / 2);
    double serial = costs.total() * files / 1000.0;
    md.append(String.format("- Change → event: beyond the settle wait, revkeep's p50 is %s ms"
        + " (settle 250 ms) and %s ms (settle 10 ms); the recording path measured alone costs"
        + " about %s ms per file. Split at the event's own `time` stamp (taken after the read,"
        + " before the vault commit and the store transaction; ±1 ms): write → stamp − settle"
        + " p50 %s ms (settle 250) / %s ms (settle 10) — the watch event, the settler's wake-up,"
        + " the stat and the read; stamp → subscriber p50 %s ms / %s ms — the vault fsyncs, the"
        + " store transaction, the feed publish and the socket.%n",
        BenchMain.fmt(oursP50), BenchMain.fmt(fastP50), BenchMain.fmt(costs.total()),
        BenchMain.fmt(median(slow, r -> Stats.percentile(r.beforeChange(), 50))),
        BenchMain.fmt(median(fast, r -> Stats.percentile(r.beforeChange(), 50))),
        BenchMain.fmt(median(slow, r -> Stats.percentile(r.afterChange(), 50))),
        BenchMain.fmt(median(fast, r -> Stats.percentile(r.afterChange(), 50)))));
    md.append(String.format("- Burst: one at a time, %,d files would cost about %.1f s in the"
        + " recording path alone; the listener took %.2f s from the first write (median run %d:"
        + " writes %.2f s, first poll seeing a version at %.2f s, %d watch overflow(s), %d rescan(s) taking %d"
        + " ms in all; every path waits %d ms of settle after its last write). %s%n%n",
        files, serial, mid.seconds(), ours.indexOf(mid) + 1, mid.writeSeconds(),
        mid.firstVersionSeconds(), mid.overflows(), mid.rescans(), mid.rescanMillis(),
        BenchMain.DEFAULT_SETTLE.toMillis(),
        mid.seconds() < 0.8 * serial
            ? "Well under the one-at-a-time estimate: the listener groups settled paths into"
                + " batches (one store transaction and one fsync per vault folder per batch)."
            : "Close to or above the one-at-a-time estimate: the listener pays the recording"
                + " path per file, with no grouping."));

    md.append("## Why revkeep is slower than its peers, and what would close the gap\n\n");
    md.append("""
        The peers do much less. `inotifywait` only forwards the kernel's event through a pipe:
        it never reads the file, never writes anything, never waits. `cp -r` + `sync` copies
        the bytes and makes them durable with **one** `sync` for all files. For every settled
        file the listener instead:

        1. waits until the path has been quiet for the settle time (250 ms by default) — the
           design, so a file being written is read once, complete; not counted in the latency
           rows, but it is the whole difference a user sees between the two rows;
        2. stats the file, reads it once into SHA-256 and a temporary copy in the vault, and
           stats it again (a file that changed during the read is read again later);
        3. makes the copy durable: fsync of the object, atomic rename, fsync of its vault folder
           (the version's bytes must exist before the version does: invariant 1);
        4. records the version and the event in one SQLite transaction in WAL mode with
           `synchronous=FULL` — one more fsync of the WAL per commit;
        5. encodes the event as a JSON line and publishes it through the feed server's ring to
           every subscriber (Netty threads; the subscriber reads it from a socket).

        Steps 3 and 4 are three fsyncs per version when a file is recorded alone (the latency
        rows), and on this disk they dominate the per-file cost above.

        In a burst, the listener in this tree groups the paths that settle together
        (`Settler.READ_BATCH` at a time): their vault copies are fsynced in parallel, each
        touched vault folder once, and all their versions go into one transaction. What is
        left per file is the fsync of its own vault object and, because objects fan out over
        256 `ab/` folders, about 0.63 folder fsyncs per file in a batch of 256 (a batch of 256
        touches about 162 folders), plus the settle wait at the end and the rescan after a
        watch overflow. `cp -r` + `sync` pays one `sync` for everything.

        What would close the gap, without giving up an invariant:

        - **Group commit** (done in this tree; worth keeping): one store transaction and one
          fsync per touched vault folder per batch instead of per file.
        - **One flush per batch instead of one per object**: `syncfs(2)` on the vault's
          filesystem once per batch (`sync -f <vault>` from coreutils, or a native call; plain
          Java cannot reach it) would replace the per-object and per-folder fsyncs — the same
          shape as `cp -r` + one `sync`. It also flushes whatever else is dirty on that
          filesystem, so it wins only when the batch is large. Fewer fan-out folders for new
          objects (or a batch staging folder renamed per object) would cut the folder fsyncs.
        - **Burst intake**: a burst larger than the JDK's 512 pending events per watch key
          overflows and becomes a rescan of the folder (a walk with a stat of every file); the
          walk is cheap next to the fsyncs, but a JDK 23+ runtime with
          `-Djdk.nio.file.WatchService.maxEventsPerPoll` raised, or a native inotify watcher,
          would avoid it.
        - **Latency** beyond the settle wait is one file's fsyncs plus one commit: a single
          change cannot be batched, so it stays at a few fsyncs per change unless durability is
          relaxed (`synchronous=NORMAL` in WAL mode keeps the database consistent but may lose
          the last commits at a power loss — that would break "no version is lost", so it is
          not an option for revkeep). A smaller `settle_ms` is the lever users have; the
          settle-10 ms row shows what that costs.
        """);
    return md.toString();
  }

  private static void runLine(StringBuilder md, int i, long settle, LatencyBench.Run r) {
    md.append(String.format("| %d | %d ms | %s / %s | %s / %s | %d / %d |%n", i + 1, settle,
        BenchMain.fmt(Stats.percentile(r.oursMinusSettle(), 50)),
        BenchMain.fmt(Stats.percentile(r.oursMinusSettle(), 99)),
        BenchMain.fmt(Stats.percentile(r.peer(), 50)),
        BenchMain.fmt(Stats.percentile(r.peer(), 99)), r.missedOurs(), r.missedPeer()));
  }
}
