package io.revkeep.bench;

import io.revkeep.config.EditorFiles;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServerSettings;
import io.revkeep.listener.ListenerDaemon;
import io.revkeep.web.WebDaemon;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The web server and the listener in their own JVM (as {@code revkeep up} runs them, without the
 * backup; default JVM options), for the web rows: started by {@link WebBench}, it prints
 * {@code PORT <web port>} once serving, then answers commands on stdin: {@code reset} starts a
 * new peak, {@code peaks} prints {@code PEAKS <max heap used bytes> <max VmRSS KiB>} sampled
 * every 20 ms since the last reset. It stops when its stdin closes.
 */
public final class WebProcess {
  private WebProcess() {}

  private static volatile long heapPeak;
  private static volatile long rssPeak;

  public static void main(String[] args) throws Exception {
    Path shared = Path.of(args[0]);
    Path data = Path.of(args[1]);
    Duration settle = Duration.ofMillis(Long.parseLong(args[2]));
    Thread sampler = new Thread(WebProcess::sample, "bench-peaks");
    sampler.setDaemon(true);
    sampler.start();
    SqliteStore store = SqliteStore.open(data.resolve("revkeep.db"));
    try {
      Vault vault = new Vault(data.resolve("vault"));
      List<String> ignore = EditorFiles.IGNORE;
      try (ListenerDaemon listener = ListenerDaemon.start(new ListenerDaemon.Settings(shared,
          data, List.of(), ignore, settle,
          FeedServerSettings.builder(BenchListener.TOKEN).port(0).build()), store, vault);
          WebDaemon web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 64L << 30,
              false, shared, data, ignore, "127.0.0.1", listener.feedPort(),
              BenchListener.TOKEN), store, vault, new PrintStream(PrintStream.nullOutputStream()))) {
        System.out.println("PORT " + web.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
            StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
          switch (line.trim()) {
            case "reset" -> {
              heapPeak = 0;
              rssPeak = 0;
              System.out.println("RESET");
            }
            case "peaks" -> System.out.println("PEAKS " + heapPeak + " " + rssPeak);
            default -> System.out.println("unknown command " + line);
          }
          System.out.flush();
        }
      }
    } finally {
      store.close();
    }
  }

  private static void sample() {
    while (true) {
      long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
      long rss;
      try {
        rss = ListenerProcess.rss()[0];
      } catch (java.io.IOException e) {
        rss = 0;
      }
      heapPeak = Math.max(heapPeak, heap);
      rssPeak = Math.max(rssPeak, rss);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
