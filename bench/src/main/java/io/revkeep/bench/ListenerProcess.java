package io.revkeep.bench;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.revkeep.config.EditorFiles;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServerSettings;
import io.revkeep.listener.ListenerDaemon;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A listener alone in its own JVM (as {@code revkeep listener} runs it, with the service's JVM
 * options, packaging/jvm/service.options), for
 * the start-up reconcile and the resident-set rows: started by {@link ReconcileBench}, it reports
 * on stdout, one line each:
 *
 * <pre>
 * RECONCILED &lt;ms from start() to the end of the start-up reconcile&gt; &lt;ms of the reconcile itself&gt;
 * RSS &lt;VmRSS KiB&gt; &lt;VmHWM KiB&gt; &lt;heap used bytes&gt;       (2 s after the reconcile)
 * GC &lt;VmRSS KiB&gt; &lt;heap used bytes&gt;                      (after System.gc())
 * SEQ &lt;last seq at start&gt; &lt;last seq now&gt;  &lt;watched folders&gt;
 * </pre>
 *
 * then waits for its stdin to close, and stops.
 */
public final class ListenerProcess {
  private ListenerProcess() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args[0]);
    Path data = Path.of(args[1]);
    Duration settle = Duration.ofMillis(Long.parseLong(args[2]));
    SqliteStore store = SqliteStore.open(data.resolve("revkeep.db"));
    try {
      Vault vault = new Vault(data.resolve("vault"));
      long seq0 = store.lastSeq();
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      long t0 = System.nanoTime();
      ListenerDaemon daemon = ListenerDaemon.start(new ListenerDaemon.Settings(shared, data,
          List.of(), EditorFiles.IGNORE, settle,
          FeedServerSettings.builder(BenchListener.TOKEN).port(0).build()), store, vault);
      try {
        // the start-up rescan waits one settle time in the settler's queue: bound in time
        daemon.bindMetrics(registry);
        Timer root = registry.find("revkeep.listener.rescan").tag("scope", "root").timer();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(10);
        while (root.count() < 1 && System.nanoTime() < deadline) {
          Thread.sleep(1);
        }
        long t1 = System.nanoTime();
        System.out.printf("RECONCILED %.3f %.3f%n", (t1 - t0) / 1e6,
            root.totalTime(TimeUnit.NANOSECONDS) / 1e6);
        Thread.sleep(2_000 + settle.toMillis());
        long[] s = rss();
        System.out.printf("RSS %d %d %d%n", s[0], s[1], heapUsed());
        System.gc();
        Thread.sleep(500);
        System.out.printf("GC %d %d%n", rss()[0], heapUsed());
        System.out.printf("SEQ %d %d %d%n", seq0, store.lastSeq(),
            daemon.status().watchedFolders());
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
            StandardCharsets.UTF_8))) {
          while (in.readLine() != null) {
            // until the parent closes our stdin
          }
        }
      } finally {
        daemon.close();
      }
    } finally {
      store.close();
    }
  }

  private static long heapUsed() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /** VmRSS and VmHWM of this process, KiB. */
  static long[] rss() throws IOException {
    return rssOf(Path.of("/proc/self/status"));
  }

  /** VmRSS and VmHWM from a {@code /proc/PID/status} file, KiB. */
  static long[] rssOf(Path status) throws IOException {
    long[] r = new long[2];
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("VmRSS:")) {
        r[0] = Long.parseLong(line.replaceAll("[^0-9]", ""));
      } else if (line.startsWith("VmHWM:")) {
        r[1] = Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return r;
  }
}
