package io.revkeep.bench;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Turns the measurements into the console table and the Markdown report. Each part of the run
 * adds its rows (with their method), its per-run tables and its analysis; a part that did not
 * run adds nothing.
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

  private final ZonedDateTime started;
  private final String command;
  private final Map<String, String> machine;
  private final int reps;
  private final BenchMain.Peers peers;
  private final List<Row> rows = new ArrayList<>();
  /** "Each run" tables, in the order the parts ran. */
  private final StringBuilder runs = new StringBuilder();
  /** "Where the time goes" notes. */
  private final StringBuilder analysis = new StringBuilder();
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
    this.started = started;
    this.command = command;
    this.machine = machine;
    this.reps = reps;
    this.peers = peers;
  }

  private static <T> double median(List<T> xs, ToDoubleFunction<T> f) {
    return Stats.median(xs.stream().map(x -> f.applyAsDouble(x)).toList());
  }

  private static String figure(double v, String unit) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (unit.isEmpty()) {
      return String.format("%,.0f", v); // a count
    }
    return BenchMain.fmt(v) + " " + unit;
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
      String method = String.format("%d small new files, one at a time (%d warm-up writes"
          + " first), into a folder watched by a real listener (settle_ms = %d) with a real"
          + " `BackupDaemon` (vault mode) following its feed, as `revkeep up` runs them; t0 ="
          + " System.nanoTime() just before Files.write (inotify reports close_write before the"
          + " call returns); ours: the file's event line read by a plain-socket feed subscriber,"
          + " minus settle_ms; peer: `inotifywait -m -r -e close_write,moved_to --format '%%w%%f'`"
          + " on the same folder, its stdout line timestamped on arrival; the next write waits"
          + " for every observer", writes, LatencyBench.WARMUP, settle);
      for (int p : new int[] {50, 99}) {
        rows.add(new Row("1", String.format("change → event, settle %d ms, p%d", settle, p),
            "ms", median(runs, r -> Stats.percentile(r.oursMinusSettle(), p)), peer,
            median(runs, r -> Stats.percentile(r.peer(), p)), false,
            p == 50 ? method : "the same writes; p99 of (latency − settle)"));
      }
      for (int p : new int[] {50, 99}) {
        rows.add(new Row("2", String.format("change → durable backup copy, settle %d ms, p%d",
            settle, p), "ms", median(runs, r -> Stats.percentile(r.backupMinusSettle(), p)),
            NONE, Double.NaN, false, p == 50 ? "the same writes: from t0 until the backup's"
                + " `durableSeq()` reaches the event's seq (polled every 50 µs): the copy"
                + " `<backup>/<path>.1.rev` written, fsynced, checked against the hash, renamed"
                + " into place and its folder fsynced; minus settle_ms. No peer in the issue"
                + " (inotifywait makes no copy)" : "the same writes; p99"));
      }
    }
    runs.append("| latency run | settle | revkeep event − settle p50 / p99 (ms) | backup copy"
        + " durable − settle p50 / p99 (ms) | inotifywait p50 / p99 (ms) | missed (event /"
        + " backup / inotifywait) |\n|---|---|---|---|---|---|\n");
    for (int i = 0; i < slow.size(); i++) {
      runLine(i, BenchMain.DEFAULT_SETTLE.toMillis(), slow.get(i));
    }
    for (int i = 0; i < fast.size(); i++) {
      runLine(i, BenchMain.SMALL_SETTLE.toMillis(), fast.get(i));
    }
    runs.append('\n');
  }

  private void runLine(int i, long settle, LatencyBench.Run r) {
    runs.append(String.format("| %d | %d ms | %s / %s | %s / %s | %s / %s | %d / %d / %d |%n",
        i + 1, settle,
        BenchMain.fmt(Stats.percentile(r.oursMinusSettle(), 50)),
        BenchMain.fmt(Stats.percentile(r.oursMinusSettle(), 99)),
        BenchMain.fmt(Stats.percentile(r.backupMinusSettle(), 50)),
        BenchMain.fmt(Stats.percentile(r.backupMinusSettle(), 99)),
        BenchMain.fmt(Stats.percentile(r.peer(), 50)),
        BenchMain.fmt(Stats.percentile(r.peer(), 99)), r.missedOurs(), r.missedBackup(),
        r.missedPeer()));
  }

  void costs(PerFileCosts.Costs costs) {
    this.costs = costs;
  }

  // ---------------------------------------------------------------- row 3

  void burst(int files, List<BurstBench.Peer> cps, List<BurstBench.Git> gits,
      List<BurstBench.Ours> ours) {
    this.bursts = ours;
    this.burstFiles = files;
    String what = String.format("%,d-file burst → recorded", files);
    String method = String.format("%,d new distinct 4 KiB files written by one Java thread"
        + " (Files.write) into the watched folder, settle 250 ms; clock from the first write to"
        + " store lastSeq() = %,d (polled every %d ms): every version recorded and its bytes"
        + " durable in the vault. Peer: `cp -r` of the same files (prepared in a source folder)"
        + " into a fresh folder, then `sync`; clock around both processes", files, files,
        BurstBench.POLL_MS);
    double oursS = median(ours, BurstBench.Ours::seconds);
    rows.add(new Row("3", what, "s", oursS, "cp -r + sync",
        median(cps, BurstBench.Peer::seconds), false, method));
    String gitMethod = "a fresh repository made before the clock starts (`git init`, local"
        + " user.name/email, `gc.auto 0` and `maintenance.auto false` so no detached `git gc`"
        + " runs after the commit); clock around: `cp -r` of the same files into its work tree (the"
        + " burst), `git add -A`, `git commit -q -m burst` (one turn of an auto-commit loop"
        + " after the burst), `sync` (by default git fsyncs only pack files and their indexes, not"
        + " loose objects, refs or the index (`core.fsync` unset), so without the sync the commit"
        + " is not durable)";
    rows.add(new Row("3", what, "s", oursS, peers.git() ? "cp -r + git add -A && git commit"
        + " + sync" : missing("git"), median(gits, BurstBench.Git::seconds), false, gitMethod));
    rows.add(new Row("3", what + ", rate", "files/s", median(ours, o -> o.recorded()
        / o.seconds()), "cp -r + sync", median(cps, p -> files / p.seconds()), true,
        "the same runs, as files per second"));

    runs.append("| burst run | revkeep total (s) | its write phase (s) | first poll seeing a"
        + " version (s) | watch overflows | rescans (their ms) | cp -r + sync (s) | of which cp"
        + " (s) | git: cp / add / commit / sync (s) | git total (s) |\n"
        + "|---|---|---|---|---|---|---|---|---|---|\n");
    for (int i = 0; i < ours.size(); i++) {
      BurstBench.Ours o = ours.get(i);
      BurstBench.Peer p = cps.get(i);
      BurstBench.Git g = i < gits.size() ? gits.get(i) : null;
      runs.append(String.format("| %d | %.2f | %.2f | %.2f | %d | %d (%d) | %.2f | %.2f | %s |"
          + " %s |%n", i + 1, o.seconds(), o.writeSeconds(), o.firstVersionSeconds(),
          o.overflows(), o.rescans(), o.rescanMillis(), p.seconds(), p.cpSeconds(),
          g == null ? "–" : String.format("%.2f / %.2f / %.2f / %.2f", g.cpSeconds(),
              g.addSeconds(), g.commitSeconds(), g.syncSeconds()),
          g == null ? "–" : String.format("%.2f", g.seconds())));
    }
    runs.append('\n');
  }

  void backup(int files, List<BurstBench.Peer> cps, List<BurstBench.Git> gits,
      List<BackupBench.Ours> runsOfOurs) {
    if (runsOfOurs.isEmpty()) {
      return;
    }
    String method = String.format("the burst row's %,d files, written the same way, with a real"
        + " `BackupDaemon` (vault mode, as `revkeep up` runs it: copies from the vault, following"
        + " the listener's feed) started in-process beside the listener; clock from the first"
        + " write until the backup's `durableSeq()` = %,d (polled every %d ms): every version"
        + " recorded and vaulted, and every backup copy written, fsynced, renamed into place and"
        + " its folder fsynced. Peer: `cp -r` of the same files into a fresh folder, then `sync`"
        + " (measured again, interleaved with these runs)", files, files, BurstBench.POLL_MS);
    String what = String.format("%,d-file burst → recorded + backed up", files);
    double ours = median(runsOfOurs, BackupBench.Ours::seconds);
    rows.add(new Row("3", what, "s", ours, "cp -r + sync",
        median(cps, BurstBench.Peer::seconds), false, method));
    rows.add(new Row("3", what, "s", ours, peers.git() ? "cp -r + git add -A && git commit"
        + " + sync" : missing("git"), median(gits, BurstBench.Git::seconds), false,
        "the same runs; the git peer as in the row above, measured again beside these runs"));
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
  }

  // ---------------------------------------------------------------- rows 4 and 8

  /** Issue 10: a folder of 10,000 files as it was, in each store. */
  void asOf(List<AsOfBench.Result> results) {
    for (AsOfBench.Result r : results) {
      rows.add(new Row("10", String.format("as of T, a folder of %,d files, %s", AsOfBench.FILES,
          r.store()), "ms", Stats.median(r.queryMs()), NONE, Double.NaN, false, String.format(
          "`Store.filesAt(\"big\", T)`: %,d files in %d subfolders, %d versions each (recorded"
              + " beforehand by `recordAll` in batches of 500: %.1f s), T between the second and"
              + " the third round so every answer is an older version; median of %d timed calls"
              + " after one warm-up. SQLite: a real file (index on versions(path, time));"
              + " Couchbase: CouchbaseStore on CouchbaseMock in the bench JVM (per-folder"
              + " timeline documents; the mock is a single-threaded Java server, not a cluster)."
              + " No peer: no other tool answers this", AsOfBench.FILES, AsOfBench.FOLDERS,
          AsOfBench.ROUNDS, r.setupSeconds(), r.queryMs().size())));
    }
  }

  void reconcile(int files, int folders, double setupSeconds, List<Double> finds,
      List<ReconcileBench.Ours> ours, List<Long> inotifyRss) {
    double find = Stats.median(finds);
    String tree = String.format("%,d unchanged files of 20–30 bytes in %,d folders of %,d, all"
        + " recorded by a listener beforehand (setup: %.0f s)", files, folders,
        ReconcileBench.PER_FOLDER, setupSeconds);
    rows.add(new Row("4", String.format("start-up reconcile, %,d unchanged files", files), "ms",
        median(ours, ReconcileBench.Ours::reconcileMs), "find -printf '%s %T@'", find, false,
        tree + "; a listener started in its own JVM (`ListenerProcess`, default JVM options, as"
            + " `revkeep listener` runs), settle_ms = 250; ours: the start-up reconcile's own"
            + " duration, the `revkeep_listener_rescan_seconds{scope=\"root\"}` timer (load"
            + " the store's 100k file records, walk the tree registering every folder with the"
            + " watch service, compare size + mtime of every file; nothing to hash). Peer:"
            + " `find <shared> -printf '%s %T@\\n'` (output discarded), clock around the"
            + " process. Both warm (page cache and dentries hot: the tree was just written and"
            + " walked)"));
    rows.add(new Row("4", String.format("start → reconciled, %,d unchanged files", files), "ms",
        median(ours, ReconcileBench.Ours::totalMs), "find -printf '%s %T@'", find, false,
        "the same starts: from the call to `ListenerDaemon.start` (store already open) until"
            + " the reconcile above has finished; it includes the settle_ms (250 ms) the start-up"
            + " rescan waits in the settler's queue, the feed server's start and the lock. The"
            + " JVM's start and the store's opening are not counted (median " + BenchMain.fmt(
            median(ours, ReconcileBench.Ours::jvmStartMs)) + " ms more)"));
    List<Long> rss = inotifyRss.stream().filter(x -> x >= 0).toList();
    rows.add(new Row("8", String.format("listener RSS, %,d watched files", files), "MiB",
        median(ours, o -> o.rssKib() / 1024.0), peers.inotifywait() ? "inotifywait -m -r"
            : missing("inotifywait"),
        rss.isEmpty() ? Double.NaN : Stats.median(rss.stream().map(x -> x / 1024.0).toList()),
        false, "the same listener process: VmRSS from /proc/self/status 2 s + settle after"
            + " the start-up reconcile (default JVM options: G1, heap up to ¼ of RAM). Peer:"
            + " `inotifywait -m -r -q -e close_write,moved_to,moved_from,create,delete` on the"
            + " same tree, its VmRSS once it holds a watch on every folder"));
    rows.add(new Row("8", String.format("listener RSS after a full GC, %,d files", files),
        "MiB", median(ours, o -> o.rssAfterGcKib() / 1024.0), peers.inotifywait()
            ? "inotifywait -m -r" : missing("inotifywait"),
        rss.isEmpty() ? Double.NaN : Stats.median(rss.stream().map(x -> x / 1024.0).toList()),
        false, "the same process after `System.gc()` (G1 gives memory back to the OS only"
            + " after a full GC or periodic collections): what the process needs, not what it"
            + " last touched"));
    runs.append("| reconcile run | start → reconciled (ms) | reconcile itself (ms) | JVM start"
        + " + store open (ms) | new versions | watched folders | RSS (MiB) | peak RSS (MiB) | heap"
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
    double reconcile = median(ours, ReconcileBench.Ours::reconcileMs);
    double perFile = reconcile * 1000 / files;
    why.append(String.format("""
        ### Start-up reconcile (row 4): %s ms beside find's %s ms

        `find` does one `getdents64` per folder and one `newfstatat` per file, in C, and prints
        two numbers. The reconcile does the same walk through `Files.walkFileTree` (a
        `BasicFileAttributes` object, `Path` objects and a relative-path `String` per file), but
        first loads the store's record of every file into a `HashMap` (one SQLite query,
        %,d rows, a `FileRecord` each), registers every folder with the watch service, and looks
        every file up in the map — about %.1f µs per file in all. Nothing is hashed when nothing
        changed (size and mtime match), which is why it stays within a small factor of `find`.
        Levers, in order of size: read the records with a projection (path, size, mtime only;
        no `FileRecord` per row) streamed in path order and merge-join them with a sorted
        per-folder listing instead of building one map for the whole tree; walk with
        `Files.newDirectoryStream` + one `readAttributes` per file without
        `SimpleFileVisitor`'s extra `Path` resolution; the start-up reconcile also waits one
        settle time in the settler's queue before it begins (see the start → reconciled row),
        which costs nothing on the disk but delays the first event.

        """, BenchMain.fmt(reconcile), BenchMain.fmt(find), files, perFile));
    if (!rss.isEmpty()) {
      why.append(String.format("""
          ### Listener memory (row 8): %s MiB beside inotifywait's %s MiB

          `inotifywait` keeps only its inotify watch descriptors (one per folder, in the kernel)
          and a small table of folder names; it has no state per file. The listener is a JVM:
          the JIT, class metadata and code cache, Netty's buffers for the feed, SQLite's page
          cache, log4j, and a G1 heap that grows to what the start-up reconcile allocated (the
          %,d `FileRecord`s and paths of the reconcile are garbage afterwards, but G1 returns
          the memory to the OS only after a full collection: compare the after-GC row). Levers:
          cap the heap in the systemd unit (`REVKEEP_JAVA_OPTS=-Xmx256m`, the reconcile needs far
          less), `-XX:+UseSerialGC` or G1's periodic collection
          (`-XX:G1PeriodicGCInterval=60000`) to give memory back after the reconcile, and the
          streamed reconcile above so no whole-tree map is ever built.

          """, BenchMain.fmt(median(ours, o -> o.rssKib() / 1024.0)),
          BenchMain.fmt(Stats.median(rss.stream().map(x -> x / 1024.0).toList())), files));
    }
  }

  // ---------------------------------------------------------------- row 5

  void fanout(int subscribers, int messages, List<FanoutBench.Result> ours,
      List<FanoutBench.Result> redis) {
    String method = String.format("one publisher, %,d subscribers on loopback, %,d messages of"
        + " %d bytes per run after %,d warm-up messages; deliveries/s = subscribers × messages ÷"
        + " (time from the first measured publish until the slowest subscriber has read the"
        + " last one). Ours: the listener's `FeedServer` (default settings: %d Netty worker"
        + " threads, 1 MiB per subscriber), events published from one thread as the recorder"
        + " does (`FeedServer.publish`: encode the line once, append to the ring, wake every"
        + " subscriber), each line exactly %d bytes with its newline (a DELETE event: a MODIFY's 64-hex"
        + " hash alone would make the line longer than 200 bytes). Peer: `redis-server`"
        + " (Debian's, `--save '' --appendonly no`), every subscriber `SUBSCRIBE`d to one"
        + " channel, `PUBLISH` of a %d-byte payload pipelined on one connection. The same"
        + " client code for both: %d selector threads count the bytes of every subscriber"
        + " socket (fixed frame sizes, no parsing); the publisher stays at most %,d messages"
        + " ahead of the slowest subscriber; after each run subscriber 0's captured stream is"
        + " checked (every message present once, in order, well-formed). Client, publisher and"
        + " server share the 2 CPUs",
        subscribers, messages, FanoutBench.MESSAGE_BYTES, FanoutBench.WARMUP_MESSAGES,
        Math.max(1, Runtime.getRuntime().availableProcessors()), FanoutBench.MESSAGE_BYTES,
        FanoutBench.MESSAGE_BYTES, FanoutBench.READER_THREADS, FanoutBench.WINDOW);
    double o = median(ours, FanoutBench.Result::deliveriesPerSecond);
    double p = redis.isEmpty() ? Double.NaN
        : median(redis, FanoutBench.Result::deliveriesPerSecond);
    rows.add(new Row("5", String.format("feed fan-out, %,d subscribers, %d-byte events",
        subscribers, FanoutBench.MESSAGE_BYTES), "deliveries/s", o, peers.redis()
            ? "redis-server pub/sub" : missing("redis-server"), p, true, method));
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
    if (!Double.isNaN(p) && o > p * 1.15) {
      why.append(String.format("""
          ### Fan-out (row 5): %s deliveries/s beside Redis' %s — the feed wins

          Not a loss, but worth understanding. Redis does all of pub/sub on one thread: per
          `PUBLISH` it parses the command and appends the message to each of the 1,000
          subscribers' reply buffers (one copy of the frame per subscriber), and writes each
          buffer out from its event loop; on this machine that is one of the two CPUs. The
          feed encodes each event once, and its %d Netty event loops (one per CPU) copy the
          encoded lines of everything published since a subscriber's last write into one
          buffer of up to 16 KiB (`COALESCE_BYTES`, at most 256 events per pass) and write
          that with one system call: under a pipelined publisher most deliveries cost a
          `memcpy` of 200 bytes, and the system calls are amortised over dozens of events.
          The stream of subscriber 0 is checked after each run (every message present, in
          order, well-formed, on both sides), so the byte counts are deliveries. With one
          message in flight at a time (no pipelining) both sides would pay a system call per
          delivery and the gap would narrow.

          """, BenchMain.fmt(o), BenchMain.fmt(p), Math.max(1,
          Runtime.getRuntime().availableProcessors())));
    }
    if (!Double.isNaN(p) && o <= p * 1.15 && p <= o * 1.15) {
      why.append(String.format("""
          ### Fan-out (row 5): %s deliveries/s beside Redis' %s — at par

          Both are measured by the same client (%d selector threads counting bytes on 1,000
          sockets) on the same 2 CPUs as the server and the publisher, so at this rate the
          client and the shared CPUs may be the limit for both rather than either server. A
          machine with more cores, or the client on another host, would separate them.

          """, BenchMain.fmt(o), BenchMain.fmt(p), FanoutBench.READER_THREADS));
    }
    if (!Double.isNaN(p) && p > o * 1.15) {
      why.append(String.format("""
          ### Fan-out (row 5): %s deliveries/s beside Redis' %s

          Both servers send each message once per subscriber, but Redis does it in one C thread
          with no allocation per delivery: `PUBLISH` appends the bytes to every subscriber's
          output buffer, and its event loop writes each buffer with one `write(2)` per loop
          turn, however many messages it holds. The feed wakes every subscriber per published
          event (a CAS and, when the subscriber was idle, one task on its Netty event loop);
          the drain task copies the ring's lines into a pooled buffer (up to 16 KiB) and
          flushes once per pass. With one event in flight per wake-up, each subscriber's
          socket sees one small write per event — the cost is then per event, not per byte.
          Levers: coalesce wake-ups (wake a subscriber only if its drain is not already
          scheduled — done — and let the drain task yield once before it flushes so several
          events share one write); hand the subscribers of one event loop to it as one task
          instead of one task per subscriber; use Netty's epoll transport (`EpollIoHandler`)
          instead of NIO on Linux; share one read-only `ByteBuf` slice of the encoded line
          across subscribers (`retainedDuplicate()`) instead of copying it per subscriber.

          """, BenchMain.fmt(o), BenchMain.fmt(p)));
    }
  }

  // ---------------------------------------------------------------- rows 6 and 7

  void web(int connections, int wrkSeconds, List<WebBench.Wrk> wrks, List<WebBench.Big> bigs) {
    if (!peers.wrk()) {
      rows.add(new Row("6", String.format("web GET /api/files, %,d conns", connections),
          "req/s", Double.NaN, missing("wrk"), Double.NaN, true, "wrk is the load generator"
              + " of this row: without it the row is not measured"));
    }
    if (!wrks.isEmpty()) {
      String method = String.format("`wrk -t2 -c%d -d%ds --timeout 10s --latency -H 'Cookie:"
          + " <session>'` on `GET /api/files` (the root folder: %d files of 1 KiB recorded by the"
          + " listener), against a real `WebDaemon` in its own JVM beside a real listener"
          + " (`WebProcess`, as `revkeep up` runs them without the backup; default JVM options), logged in with `POST /api/login` as an editor added to the"
          + " store; a %d s wrk warm-up first (not counted). wrk runs on the same 2 CPUs as the"
          + " server. No peer: nothing else serves revkeep's API", connections, wrkSeconds,
          WebBench.LISTED_FILES, Math.min(3, wrkSeconds));
      String web = String.format("web GET /api/files, %,d conns", connections);
      rows.add(new Row("6", web + ", rate", "req/s", median(wrks,
          WebBench.Wrk::requestsPerSecond), NONE, Double.NaN, true, method));
      rows.add(new Row("6", web + ", p50", "ms", median(wrks, WebBench.Wrk::p50Ms), NONE,
          Double.NaN, false, "the same wrk runs: wrk's latency distribution, 50%"));
      rows.add(new Row("6", web + ", p99", "ms", median(wrks, WebBench.Wrk::p99Ms), NONE,
          Double.NaN, false, "the same wrk runs: 99%"));
      rows.add(new Row("6", web + ", errors", "", median(wrks, w -> (double) w.errors()), NONE,
          Double.NaN, false, "the same wrk runs: socket errors (connect, read, write, timeout)"
              + " + non-2xx/3xx responses, per run"));
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
    }
    if (!bigs.isEmpty()) {
      WebBench.Big b0 = bigs.get(0);
      String size = b0.mib() >= 1024 ? String.format("%.0f GiB", b0.mib() / 1024)
          : String.format("%.0f MiB", b0.mib());
      String n = bigs.size() == reps ? "" : String.format(" (%d run%s, not %d)", bigs.size(),
          bigs.size() == 1 ? "" : "s", reps);
      String cache = b0.coldReads() ? "page cache dropped (`sync; echo 3 >"
          + " /proc/sys/vm/drop_caches`) before both reads" : "page cache NOT dropped (not"
          + " allowed): both reads come from memory";
      double up = median(bigs, b -> b.mib() / b.uploadSeconds());
      double dd = median(bigs, b -> b.mib() / b.ddWriteSeconds());
      rows.add(new Row("7", "web upload, " + size + n, "MiB/s", up, "dd conv=fsync", dd, true,
          String.format("`curl -F file=@<dd's file>` → `POST /api/upload` (multipart, session"
              + " cookie, `X-CSRF-Token` from the login), clock around curl until the answer"
              + " (the server has staged the bytes, fsynced them, renamed into place and fsynced"
              + " the folder); zeros, the file dd wrote just before (read from the page cache)."
              + " Peer: `dd if=/dev/zero of=<file in the same temp folder> bs=1M count=%.0f"
              + " conv=fsync`, clock around dd", b0.mib())));
      rows.add(new Row("7", "web download, " + size + n, "MiB/s",
          median(bigs, b -> b.mib() / b.downloadSeconds()), "dd read",
          median(bigs, b -> b.mib() / b.ddReadSeconds()), true,
          "once the listener has recorded the upload: `curl -o /dev/null` of `GET"
              + " /api/content?path=…` (streamed from the vault object); peer: `dd if=<dd's file>"
              + " of=/dev/null bs=1M`; " + cache));
      rows.add(new Row("7", "web transfer, server peak RSS", "MiB",
          median(bigs, WebBench.Big::peakRssMiB), NONE, Double.NaN, false, "VmRSS of the"
              + " server's JVM, sampled every 20 ms by that JVM from just before the upload to"
              + " the end of the download, maximum. The server runs alone in its own JVM"
              + " (`WebProcess`: the web server and the listener that records the upload, as"
              + " `revkeep up` without the backup; default JVM options: G1, heap up to ¼ of"
              + " RAM), after the wrk runs"));
      rows.add(new Row("7", "web transfer, server peak heap used", "MiB", median(bigs,
          WebBench.Big::peakHeapMiB), NONE, Double.NaN, false, "the same samples: heap used"
              + " (live objects and garbage not yet collected), maximum"));
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
      why.append(String.format("""
          ### Server memory during the transfer (row 7): peak RSS %s MiB, heap %s MiB

          No peer, but worth knowing: the server streams the upload and the download through
          fixed buffers (64 KiB in the multipart reader), so the live data is small; the peak
          heap is garbage from those buffers and from the wrk runs before it, which G1 collects
          lazily because nothing caps the heap (default maximum: ¼ of RAM). The resident set
          follows the heap's high-water mark and is not given back. Lever: set a heap cap in the
          units (`REVKEEP_JAVA_OPTS=-Xmx512m` or less) — the transfer rows would show whether
          it costs throughput.

          """, BenchMain.fmt(median(bigs, WebBench.Big::peakRssMiB)),
          BenchMain.fmt(median(bigs, WebBench.Big::peakHeapMiB))));
      double down = median(bigs, b -> b.mib() / b.downloadSeconds());
      double ddRead = median(bigs, b -> b.mib() / b.ddReadSeconds());
      if (down < ddRead) {
        why.append(String.format("""
            ### Download (row 7): %s MiB/s beside dd's %s MiB/s

            Both read the same bytes from a cold page cache; `dd` reads them in 1 MiB blocks in
            one process and throws them away. The download streams the vault object through
            Javalin/Jetty's output stream onto the loopback socket, and curl reads them from it:
            every byte is copied from the page cache into the JVM, into the socket, and into
            curl, with the server's and curl's threads sharing two CPUs (the run-to-run spread
            in the table above shows how much the other load on the machine matters here).
            Levers: serve the object with zero-copy `FileChannel.transferTo` (sendfile) — Jetty
            does this for a static resource, not for a stream written by a handler — and a
            larger output buffer.

            """, BenchMain.fmt(down), BenchMain.fmt(ddRead)));
      }
      if (up < dd) {
        why.append(String.format("""
            ### Upload (row 7): %s MiB/s beside dd's %s MiB/s

            `dd` writes zeros from memory straight into one file and fsyncs it once, in one
            process. The upload's bytes go through curl (reading dd's file, multipart framing),
            the loopback socket, Jetty, revkeep's `MultipartReader` (a 64 KiB buffer: each byte
            is scanned for the boundary's first byte in a plain Java loop, then copied out with
            `System.arraycopy`), and `Writes.stage` (a `.revkeep-tmp-` file in the shared
            folder, fsynced and renamed into place) — two processes and several copies on the
            same 2 CPUs, then one fsync of 1 GiB, the same as dd's. Not profiled yet; the likely
            levers are a larger reader buffer (1 MiB: fewer compactions and syscalls), a
            vectorized boundary search (search for the delimiter's last byte and skip ahead by
            its length, Boyer–Moore–Horspool style), and writing the staging file through a
            `FileChannel` from a direct buffer.

            """, BenchMain.fmt(up), BenchMain.fmt(dd)));
      }
    }
  }

  // ---------------------------------------------------------------- JMH

  void jmh(JmhSuite.Settings s, List<JmhSuite.Score> scores) {
    jmhSection.append("## JMH micro-benchmarks of the hot paths\n\n");
    jmhSection.append(String.format("Rerun: `%s` (after `mvn -o -q -pl bench package`). One fork"
        + " each, %d warm-up iterations of %s s, %d measured iterations of %s s; mean ± 99.9 %%"
        + " error as JMH reports it (few iterations on a shared machine: read the error column)."
        + " The vault benchmark works under `$REVKEEP_JMH_DIR` (default /var/tmp, the same disk as"
        + " the rows above).%n%n", s.commandLine(), s.warmups(), BenchMain.fmt(s.warmupSeconds()),
        s.iterations(), BenchMain.fmt(s.iterationSeconds())));
    jmhSection.append("Why these: a JFR profile (`-XX:StartFlightRecording=settings=profile`) of"
        + " a 5,000-file burst and a fan-out run shows the listener's settler thread mostly"
        + " waiting in fsync (few CPU samples: the recording path is I/O-bound); its CPU samples"
        + " fall in `Vault.capture` (the read into SHA-256 and the vault copy), `FeedCodec`"
        + " (encoding on publish, decoding the subscribers' lines on the feed's workers),"
        + " `SettleQueue.drainDue` and `SqliteStore.recordAll`; the feed's workers spend theirs"
        + " in `Subscriber.drain` and `EventRing.after`. The suite measures the first three in"
        + " isolation; the store and the feed's drain are measured end to end by rows 1–5.\n\n");
    jmhSection.append("| benchmark | params | mean | ± error | unit | what it measures |\n"
        + "|---|---|---:|---:|---|---|\n");
    for (JmhSuite.Score sc : scores) {
      jmhSection.append(String.format("| `%s` | %s | %s | %s | %s | %s |%n", sc.benchmark(),
          sc.params().isEmpty() ? "–" : sc.params(), BenchMain.fmt(sc.score()),
          BenchMain.fmt(sc.error()), sc.unit(), explain(sc.benchmark())));
    }
    jmhSection.append('\n');
    double sha = score(scores, "VaultBench.sha256", "size=4096");
    double capture = score(scores, "VaultBench.capture", "size=4096");
    double commit = score(scores, "VaultBench.captureAndCommit", "size=4096");
    if (!Double.isNaN(sha) && !Double.isNaN(capture) && !Double.isNaN(commit)) {
      jmhSection.append(String.format("Reading the suite: for a 4 KiB file, `capture` costs %s µs"
          + " of which SHA-256 is %s µs — the rest is file-system calls (create, open, read,"
          + " write, close and delete the temporary copy; two stats), so a faster hash would not"
          + " help; `captureAndCommit` costs %s µs, the fsyncs. The levers are the ones in the"
          + " last section: fewer fsyncs per file, and (for small files) fewer temporary files —"
          + " e.g. read a small file into memory, hash it there, and write the vault object"
          + " once.%n%n", BenchMain.fmt(capture), BenchMain.fmt(sha), BenchMain.fmt(commit)));
    }
  }

  private static double score(List<JmhSuite.Score> scores, String benchmark, String params) {
    return scores.stream().filter(x -> x.benchmark().endsWith(benchmark)
        && x.params().equals(params)).mapToDouble(JmhSuite.Score::score).findFirst()
        .orElse(Double.NaN);
  }

  private static String explain(String benchmark) {
    return switch (benchmark.substring(benchmark.lastIndexOf('.') + 1)) {
      case "sha256" -> "SHA-256 of the bytes in memory (`Sha256.of`)";
      case "capture" -> "`Vault.capture`: stat, one read into SHA-256 and a temporary copy, stat"
          + " again; no fsync (the copy is dropped)";
      case "captureAndCommit" -> "capture + `commit()`: fsync of the copy, rename, fsync of its"
          + " `ab/` folder; new content every call";
      case "encode" -> "`FeedCodec.encodeEvent`: one event as its JSON line (once per event,"
          + " shared by every subscriber)";
      case "decode" -> "`FeedCodec.decode` of that line (once per event per subscriber)";
      case "touchThenDrain" -> "settle stage, per path of a 256-path burst: `SettleQueue.touch`"
          + " + its share of `drainDue`";
      case "retouch" -> "settle stage, per touch of a path that is still pending (a file"
          + " written in many small writes)";
      default -> "";
    };
  }

  // ---------------------------------------------------------------- output

  /** The rows in the order (stable: within a number, the order they were added). */
  private List<Row> ordered() {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(java.util.Comparator.comparingInt(r -> Integer.parseInt(r.no()))); // 2 before 10
    return sorted;
  }

  /** The table as printed on the console (Markdown, without the method column). */
  String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("| # | %-52s | %14s | %-34s | %14s | %8s |%n", "row (median of "
        + reps + " run" + (reps == 1 ? "" : "s") + ")", "revkeep", "peer", "peer figure",
        "× slower"));
    sb.append("|---|").append("-".repeat(54)).append("|").append("-".repeat(16)).append("|")
        .append("-".repeat(36)).append("|").append("-".repeat(16)).append("|")
        .append("-".repeat(10)).append("|\n");
    for (Row r : ordered()) {
      String peer = r.peerName().length() > 34 ? r.peerName().substring(0, 33) + "…"
          : r.peerName();
      sb.append(String.format("| %s | %-52s | %14s | %-34s | %14s | %8s |%n", r.no(), r.what(),
          figure(r.ours(), r.unit()), peer, figure(r.peer(), r.unit()),
          BenchMain.fmt(r.slower())));
    }
    return sb.toString();
  }

  String markdown(double minutes) {
    StringBuilder md = new StringBuilder();
    md.append("# revkeep benchmarks\n\n");
    md.append("Generated by `").append(command).append("` on ")
        .append(started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")))
        .append(String.format(" (took %.1f min). Every figure is the median over %d run%s;"
            + " ours and the peer's were measured in the same run, on the same files, in the"
            + " same folder on the same disk. \"× slower\" is revkeep's time (or size) ÷ the"
            + " peer's, or the peer's rate ÷ ours: above 1 the peer wins. `#` is the row's"
            + " number in issue 9.%n%n", minutes, reps, reps == 1 ? "" : "s"));
    md.append("Rerun: `bench/run` from the repository root (it installs inotify-tools, wrk,"
        + " redis-server and git from Debian when missing, builds the bench module and runs"
        + " everything; `bench/run --help` lists the options, `--quick` is a short smoke run,"
        + " `--only reconcile,fanout` runs some parts).\n\n");
    md.append("## Machine\n\n| | |\n|---|---|\n");
    machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|"))
        .append(" |\n"));
    md.append("\nThe load averages include whatever else ran on the machine during the bench (on a"
        + " shared machine, e.g. other engineers' builds and test suites): above about 1 on"
        + " 2 CPUs, the figures are noisier and the CPU-bound rows (wrk, fan-out) are lower than"
        + " on an idle machine.\n");
    md.append(sharedNote());
    md.append("\n## Results\n\n");
    md.append("| # | row | revkeep | peer | peer figure | × slower | method |\n");
    md.append("|---|---|---:|---|---:|---:|---|\n");
    for (Row r : ordered()) {
      md.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", r.no(), r.what(),
          figure(r.ours(), r.unit()), r.peerName(), figure(r.peer(), r.unit()),
          BenchMain.fmt(r.slower()), r.method()));
    }
    if (!slow.isEmpty()) {
      md.append("\nLatency rows are (arrival − write) − settle for revkeep, and arrival − write"
          + " for inotifywait (it has no settle); the settle wait itself is deliberate and not"
          + " counted. The latency of each write is measured alone (the next write waits for"
          + " every observer).\n");
    }
    md.append("\n## Each run\n\n").append(runs);
    md.append(jmhSection);
    whereTimeGoes(md);
    md.append("## Why revkeep is slower than its peers, and what would close the gap\n\n");
    if (!slow.isEmpty() || !bursts.isEmpty()) {
      md.append(FSYNC_WHY);
    }
    md.append(why);
    return md.toString();
  }

  /**
   * Says whether this run shared the machine, from the 1-minute load before it (the load at the
   * end includes the bench's own last minute — wrk, the fan-out, JMH — so it says nothing of
   * other work).
   */
  private String sharedNote() {
    double before = load(machine.get("Other load at start (loadavg)"));
    double after = load(machine.get("Other load at the end (loadavg)"));
    if (Double.isNaN(before)) {
      return "";
    }
    if (before < 1.0) {
      return String.format("%nThe machine was otherwise quiet: 1-minute load %.2f before the"
          + " run (%.2f at its end, the bench's own last minute included).%n", before, after);
    }
    return String.format("%n**This run shared the machine** with other work (1-minute load %.2f"
        + " before and %.2f after the run, on 2 CPUs): the figures, revkeep's and the peers'"
        + " alike, are lower and noisier than on an idle machine, the CPU-bound rows most; the"
        + " ratios, measured side by side in the same minutes, are the figures to read.%n",
        before, after);
  }

  private static double load(String loadavg) {
    try {
      return Double.parseDouble(loadavg.trim().split("\\s+")[0]);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  private void whereTimeGoes(StringBuilder md) {
    if (costs == null && slow.isEmpty() && bursts.isEmpty()) {
      return;
    }
    md.append("## Where the listener's time goes\n\n");
    if (costs != null) {
      md.append(String.format("Per-file cost of the recording path, measured separately with"
          + " the same core classes (`Vault.capture`, `Capture.commit`, `SqliteStore.record`),"
          + " one new 4 KiB file at a time, %d files, medians:%n%n", costs.files()));
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
      md.append(String.format("- Change → event: beyond the settle wait, revkeep's p50 is %s ms"
          + " (settle 250 ms) and %s ms (settle 10 ms)%s. Split at the event's own `time` stamp"
          + " (taken after the read, before the vault commit and the store transaction; ±1 ms):"
          + " write → stamp − settle p50 %s ms (settle 250) / %s ms (settle 10) — the watch"
          + " event, the settler's wake-up, the stat and the read; stamp → subscriber p50 %s ms"
          + " / %s ms — the vault fsyncs, the store transaction, the feed publish and the"
          + " socket. The durable backup copy follows the event by %s ms (p50, settle 250): the"
          + " backup's feed client, a read of the vault object, the copy, two fsyncs and a"
          + " rename.%n",
          BenchMain.fmt(median(slow, r -> Stats.percentile(r.oursMinusSettle(), 50))),
          BenchMain.fmt(median(fast, r -> Stats.percentile(r.oursMinusSettle(), 50))),
          costs == null ? "" : "; the recording path measured alone costs about "
              + BenchMain.fmt(costs.total()) + " ms per file",
          BenchMain.fmt(median(slow, r -> Stats.percentile(r.beforeChange(), 50))),
          BenchMain.fmt(median(fast, r -> Stats.percentile(r.beforeChange(), 50))),
          BenchMain.fmt(median(slow, r -> Stats.percentile(r.afterChange(), 50))),
          BenchMain.fmt(median(fast, r -> Stats.percentile(r.afterChange(), 50))),
          BenchMain.fmt(median(slow, r -> Stats.percentile(r.backupMinusSettle(), 50))
              - median(slow, r -> Stats.percentile(r.oursMinusSettle(), 50)))));
    }
    if (!bursts.isEmpty()) {
      List<BurstBench.Ours> sorted = new ArrayList<>(bursts);
      sorted.sort((a, b) -> Double.compare(a.seconds(), b.seconds()));
      BurstBench.Ours mid = sorted.get(sorted.size() / 2);
      double serial = costs == null ? Double.NaN : costs.total() * burstFiles / 1000.0;
      md.append(String.format("- Burst: the listener took %.2f s from the first write (median"
          + " run %d: writes %.2f s, first poll seeing a version at %.2f s, %d watch"
          + " overflow(s), %d rescan(s) taking %d ms in all; every path waits %d ms of settle"
          + " after its last write)%s%n", mid.seconds(), bursts.indexOf(mid) + 1,
          mid.writeSeconds(), mid.firstVersionSeconds(), mid.overflows(), mid.rescans(),
          mid.rescanMillis(), BenchMain.DEFAULT_SETTLE.toMillis(), Double.isNaN(serial) ? "."
              : String.format("; one at a time, %,d files would cost about %.1f s in the"
                  + " recording path alone (the per-file costs above). The listener overlaps"
                  + " that with the writes and groups the paths that settle together into"
                  + " batches of up to %d (one store transaction and one fsync per touched vault"
                  + " folder per batch).", burstFiles, serial, 256)));
    }
    md.append('\n');
  }

  /** Why the listener loses to inotifywait, cp -r + sync and git: fsyncs, per file. */
  private static final String FSYNC_WHY = """
      ### Change → event, the burst, the backup (rows 1–3)

      The peers do much less. `inotifywait` only forwards the kernel's event through a pipe:
      it never reads the file, never writes anything, never waits. `cp -r` + `sync` copies
      the bytes and makes them durable with **one** `sync` for all files; `git add -A && git
      commit` hashes and zlib-compresses every file into a loose object and writes one tree
      and one commit, without fsyncing any of them (by default git fsyncs only pack files;
      the `sync` after it makes everything durable, once for all). For every settled file the listener instead:

      1. waits until the path has been quiet for the settle time (250 ms by default) — the
         design, so a file being written is read once, complete; not counted in the latency
         rows, but it is the whole difference a user sees between the two settle rows;
      2. stats the file, reads it once into SHA-256 and a temporary copy in the vault, and
         stats it again (a file that changed during the read is read again later);
      3. makes the copy durable: fsync of the object, atomic rename, fsync of its vault folder
         (the version's bytes must exist before the version does: invariant 1);
      4. records the version and the event in one SQLite transaction in WAL mode with
         `synchronous=FULL` — one more fsync of the WAL per commit;
      5. encodes the event as a JSON line and publishes it through the feed server's ring to
         every subscriber; the backup then copies the vault object to
         `<backup>/<path>.<n>.rev` with its own fsync, rename and folder fsync.

      Steps 3–5 are five fsyncs per version when a file is recorded and backed up alone (the
      latency rows), and on this disk they dominate.

      In a burst, the listener groups the paths that settle together (`Settler.READ_BATCH` at a
      time): their vault copies are fsynced in parallel, each touched vault folder once, and
      all their versions go into one transaction. What is left per file is the fsync of its
      own vault object and, because objects fan out over 256 `ab/` folders, about 0.63 folder
      fsyncs per file in a batch of 256, plus the settle wait at the end and the rescan after
      a watch overflow; the backup then pays its own fsync per copy, one event at a time.

      What would close the gap, without giving up an invariant:

      - **Group commit** (done in the listener; worth doing in the backup too): the backup
        handles events one at a time on its delivery thread — write, fsync, rename, fsync the
        folder — so a burst costs it two fsyncs per file in sequence. Writing the copies of
        the events it has already received in parallel and fsyncing each folder once per batch
        (advancing `durable` only past a batch that is wholly durable) would cut the backup row
        the way batching cut the burst row.
      - **One flush per batch instead of one per object**: `syncfs(2)` on the vault's
        filesystem once per batch (`sync -f <vault>` from coreutils, or a native call; plain
        Java cannot reach it) would replace the per-object and per-folder fsyncs — the same
        shape as `cp -r` + one `sync`. It also flushes whatever else is dirty on that
        filesystem, so it wins only when the batch is large.
      - **Burst intake**: a burst larger than the JDK's 512 pending events per watch key
        overflows and becomes a rescan of the folder; a JDK 23+ runtime with
        `-Djdk.nio.file.WatchService.maxEventsPerPoll` raised, or a native inotify watcher,
        would avoid it.
      - **Latency** beyond the settle wait is one file's fsyncs plus one commit: a single
        change cannot be batched, so it stays at a few fsyncs per change unless durability is
        relaxed (`synchronous=NORMAL` would break "no version is lost", so it is not an
        option). A smaller `settle_ms` is the lever users have; the settle-10 ms rows show what
        that costs.

      """;
}
