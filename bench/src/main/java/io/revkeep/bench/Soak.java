package io.revkeep.bench;

import io.revkeep.core.store.SqliteStore;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bench/soak (issue 17): minutes of mixed load on a real {@code revkeep up} (listener, backup and
 * web in one JVM, started by the ./revkeep launcher on folders it makes) — 1,000 keep-alive
 * readers of a 50-entry folder (wrk), 200 open event streams, 50 uploaders, a burst of 20,000
 * files written into the shared folder a quarter of the way in, and feed subscribers coming and
 * going — then a table: errors of every kind (must be 0), request latency percentiles, and the
 * server's threads, open file descriptors and heap after a full collection, before the load and
 * after it (threads and descriptors must come back to where they were).
 *
 * <p>Threads: this one drives; {@link Uploaders}, {@link FeedChurn}, {@link EventStreams} and
 * the burst writer own theirs and are stopped before the after-reading. The server is stopped
 * (SIGTERM, then killed after 30 s) in a finally block.
 */
public final class Soak {
  private static final String USER = "soak";
  private static final String PASSWORD = "soak-password-123";
  private static final String TOKEN = "soak-feed-token-0123456789";
  private static final int LISTED = 50;

  private int minutes = 10;
  private int readers = 1_000;
  private int streams = 200;
  private int uploaders = 50;
  private int burst = 20_000;
  private Path parent = Files.isDirectory(Path.of("/var/tmp")) ? Path.of("/var/tmp") : Path.of("/tmp");
  private Path out = Path.of("bench/target/SOAK.md");

  public static void main(String[] args) throws Exception {
    Soak s = new Soak();
    if (s.parse(args)) {
      System.exit(s.run());
    }
  }

  private boolean parse(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--minutes" -> minutes = Integer.parseInt(args[++i]);
        case "--readers" -> readers = Integer.parseInt(args[++i]);
        case "--streams" -> streams = Integer.parseInt(args[++i]);
        case "--uploaders" -> uploaders = Integer.parseInt(args[++i]);
        case "--burst" -> burst = Integer.parseInt(args[++i]);
        case "--dir" -> parent = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "-h", "--help" -> {
          System.out.println("""
              usage: bench/soak [--minutes N] [--readers N] [--streams N] [--uploaders N]
                                [--burst N] [--dir DIR] [--out FILE]
                --minutes N    length of the load (default 10)
                --readers N    wrk connections reading GET /api/files?dir=docs (default 1000)
                --streams N    open GET /api/events streams (default 200)
                --uploaders N  threads uploading a small file every 0.5 s (default 50)
                --burst N      files written into the shared folder at a quarter (default 20000)
                --dir DIR      where to make the soak's folder (default /var/tmp)
                --out FILE     the Markdown table (default bench/target/SOAK.md)""");
          return false;
        }
        default -> throw new IllegalArgumentException("unknown option " + a + " (try --help)");
      }
    }
    return true;
  }

  private int run() throws Exception {
    Path dir = Files.createTempDirectory(parent, "revkeep-soak-");
    Path shared = Files.createDirectories(dir.resolve("shared"));
    int webPort = freePort();
    int feedPort = freePort();
    Path config = Files.writeString(dir.resolve("revkeep.ini"), String.join("\n",
        "[paths]", "shared = " + shared, "backup = " + dir.resolve("backup"),
        "data = " + dir.resolve("data"), "[listener]", "port = " + feedPort,
        "settle_ms = 100", "token = " + TOKEN, "[logs]", "dir = " + dir.resolve("logs"),
        "[web]", "port = " + webPort, ""));
    Path launcher = Path.of("revkeep").toAbsolutePath();
    // the launcher builds the executable jar first when it is missing or stale (Maven would
    // read the password meant for the next command from standard input)
    exec(dir, "", launcher.toString(), "--version");
    exec(dir, PASSWORD + "\n", launcher.toString(), "user", "add", USER, "--role", "editor",
        "--password-stdin", "--config", config.toString());
    Files.createDirectories(shared.resolve("uploads"));
    Path docs = Files.createDirectories(shared.resolve("docs"));
    for (int i = 0; i < LISTED; i++) {
      Files.writeString(docs.resolve(String.format("doc-%02d.txt", i)), "document " + i + "\n");
    }
    Path upLog = dir.resolve("up.out");
    boolean keep = true; // the folder stays for a look when the soak fails or stops half-way
    Process up = new ProcessBuilder(launcher.toString(), "up", "--config", config.toString())
        .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(upLog.toFile()).start();
    try (SqliteStore store = waitUp(up, upLog, dir)) {
      String base = "http://127.0.0.1:" + webPort;
      waitUntil(Duration.ofMinutes(2), "the 50 documents recorded",
          () -> store.files("docs", false, false).size() >= LISTED);
      String[] session = login(base);
      ProcessGauge gauge = new ProcessGauge(up.pid());
      ProcessGauge.Reading before = gauge.read();
      System.err.printf("soak: before: %s; %d min of load…%n", before, minutes);
      // before the uploaders start: an upload recorded before this was read would be counted
      // as done but not as recorded, and the wait for every one would never end
      long seqBeforeLoad = store.lastSeq();

      EventStreams events = new EventStreams();
      events.open(base, session[0], streams);
      Uploaders ups = new Uploaders(base, session[0], session[1], Duration.ofMillis(500));
      ups.start(uploaders);
      FeedChurn churn = new FeedChurn(feedPort, TOKEN, store::lastSeq);
      churn.start();
      List<String> burstErrors = new ArrayList<>();
      Thread burster = new Thread(() -> writeBurst(shared, burstErrors), "soak-burst");
      Instant t0 = Instant.now();
      Thread burstStarter = new Thread(() -> {
        try {
          Thread.sleep(Duration.ofMinutes(minutes).toMillis() / 4);
          burster.start();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "soak-burst-timer");
      burstStarter.start();
      String wrkOut = Shell.run("wrk", "-t2", "-c" + readers, "-d" + minutes * 60 + "s",
          "--timeout", "30s", "--latency", "-H", "Cookie: " + session[0],
          base + "/api/files?dir=docs");
      WebBench.Wrk wrk = WebBench.parseWrk(wrkOut);
      double wrkP90 = WebBench.millis(WebBench.group(wrkOut, "\\n\\s*90%\\s+([0-9.]+[a-z]+)", "NaNms"));
      double wrkMax = WebBench.millis(WebBench.group(wrkOut,
          "Latency\\s+\\S+\\s+\\S+\\s+([0-9.]+[a-z]+)", "NaNms"));
      long streamsConnected = events.connected();
      ups.stop();
      churn.stop();
      events.close();
      burstStarter.join();
      burster.join();
      Duration loaded = Duration.between(t0, Instant.now());
      boolean burstRecorded = waitFor(Duration.ofMinutes(10),
          () -> store.lastSeq() - seqBeforeLoad >= burst + ups.uploads.get());
      if (!burstRecorded) {
        burstErrors.add("not every upload and burst file recorded within 10 min after the load");
      }
      ProcessGauge.Reading after = settle(gauge, before);
      Files.createDirectories(out.toAbsolutePath().getParent());
      String table = table(before, after, wrk, wrkP90, wrkMax, events, ups, churn, burstErrors,
          streamsConnected, loaded);
      Files.writeString(out, table);
      System.out.println(table);
      List<String> errors = new ArrayList<>();
      errors.addAll(events.errors);
      errors.addAll(ups.errors);
      errors.addAll(churn.errors);
      errors.addAll(burstErrors);
      errors.stream().limit(20).forEach(e -> System.err.println("soak: error: " + e));
      boolean ok = errors.isEmpty() && wrk.errors() == 0 && after.threads() <= before.threads()
          && after.fds() <= before.fds();
      System.err.println("soak: " + (ok ? "passed" : "FAILED (the server's log: " + upLog + ")"));
      keep = !ok;
      return ok ? 0 : 1;
    } finally {
      up.destroy();
      if (!up.waitFor(30, TimeUnit.SECONDS)) {
        up.destroyForcibly();
      }
      if (!keep) {
        Shell.deleteTree(dir);
      }
    }
  }

  /** Waits until the server is up and opens its store beside it (WAL: readers share it). */
  private static SqliteStore waitUp(Process up, Path upLog, Path dir) throws Exception {
    waitUntil(Duration.ofMinutes(5), "revkeep up to say it is up (see " + upLog + ")", () -> {
      if (!up.isAlive()) {
        throw new IOException("revkeep up ended: " + Files.readString(upLog));
      }
      return Files.readString(upLog).contains("revkeep is up");
    });
    return SqliteStore.open(dir.resolve("data").resolve("revkeep.db"));
  }

  /**
   * The after-reading, once the server has let go of what the load held: up to 120 s for its
   * threads and descriptors to come back to the before-reading (pools shrink on their idle
   * timeouts: the web's request threads after 30 s, its event-stream senders after 60 s).
   */
  private static ProcessGauge.Reading settle(ProcessGauge gauge, ProcessGauge.Reading before)
      throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    while (System.nanoTime() < deadline
        && (gauge.threads() > before.threads() || gauge.fds() > before.fds())) {
      Thread.sleep(1_000);
    }
    return gauge.read();
  }

  private void writeBurst(Path shared, List<String> errors) {
    try {
      int folders = Math.max(1, burst / 1_000);
      for (int i = 0; i < burst; i++) {
        Path folder = Files.createDirectories(shared.resolve("burst").resolve("b" + i % folders));
        Files.writeString(folder.resolve("f" + i + ".txt"), "burst file " + i + "\n");
      }
    } catch (IOException e) {
      synchronized (errors) {
        errors.add("burst: " + e);
      }
    }
  }

  private static String[] login(String base) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(base + "/api/login"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + USER
                + "\",\"password\":\"" + PASSWORD + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("login: HTTP " + r.statusCode() + " " + r.body());
    }
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    Matcher m = Pattern.compile("\"csrf\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
    if (!m.find()) {
      throw new IOException("login answer without a csrf token");
    }
    return new String[] {setCookie.substring(0, setCookie.indexOf(';')), m.group(1)};
  }

  private String table(ProcessGauge.Reading before, ProcessGauge.Reading after, WebBench.Wrk wrk,
      double wrkP90, double wrkMax, EventStreams events, Uploaders ups, FeedChurn churn,
      List<String> burstErrors, long streamsConnected, Duration loaded) {
    StringBuilder t = new StringBuilder();
    t.append(String.format(Locale.ROOT, "## Soak: %d min of mixed load on revkeep up (%s)%n%n",
        minutes, Instant.now()));
    t.append(String.format(Locale.ROOT, "%d keep-alive readers (wrk, GET /api/files?dir=docs, "
        + "%d entries), %d event streams, %d uploaders (a small file each 0.5 s), a burst of %,d "
        + "files at a quarter, feed subscribers connecting and hanging up in a loop; %d s of "
        + "load on %d cores.%n%n", readers, LISTED, streams, uploaders, burst,
        loaded.toSeconds(), Runtime.getRuntime().availableProcessors()));
    t.append("| measure | figure |\n|---|---|\n");
    row(t, "readers: requests, req/s", String.format(Locale.ROOT, "%,d, %,.0f", wrk.requests(),
        wrk.requestsPerSecond()));
    row(t, "readers: p50 / p90 / p99 / max", String.format(Locale.ROOT,
        "%.1f / %.1f / %.1f / %.1f ms", wrk.p50Ms(), wrkP90, wrk.p99Ms(), wrkMax));
    row(t, "readers: socket errors, non-2xx", wrk.socketErrors() + ", " + wrk.non2xx());
    row(t, "uploads: done, p50 / p99 / max", String.format(Locale.ROOT,
        "%,d, %.1f / %.1f / %.1f ms", ups.uploads.get(), ups.latencies.percentile(50),
        ups.latencies.percentile(99), ups.latencies.percentile(100)));
    row(t, "uploads: errors", Integer.toString(ups.errors.size()));
    row(t, "event streams: connected, change events received", String.format(Locale.ROOT,
        "%d of %d, %,d", streamsConnected, streams, events.changes.get()));
    row(t, "event streams: errors", Integer.toString(events.errors.size()));
    row(t, "feed subscribers: sessions, errors", String.format(Locale.ROOT, "%,d, %d",
        churn.sessions.get(), churn.errors.size()));
    row(t, "burst and uploads recorded: errors", Integer.toString(burstErrors.size()));
    row(t, "server threads: before → after", before.threads() + " → " + after.threads());
    row(t, "server open file descriptors: before → after", before.fds() + " → " + after.fds());
    row(t, "server heap after a full GC: before → after", String.format(Locale.ROOT,
        "%.1f → %.1f MiB", before.heapAfterGcKiB() / 1024.0, after.heapAfterGcKiB() / 1024.0));
    return t.toString();
  }

  private static void row(StringBuilder t, String what, String figure) {
    t.append("| ").append(what).append(" | ").append(figure).append(" |\n");
  }

  private static void exec(Path dir, String stdin, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
        .start();
    p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private interface Check {
    boolean ok() throws Exception;
  }

  private static boolean waitFor(Duration limit, Check check) throws Exception {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!check.ok()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(200);
    }
    return true;
  }

  private static void waitUntil(Duration limit, String what, Check check) throws Exception {
    if (!waitFor(limit, check)) {
      throw new IOException("gave up waiting " + limit.toSeconds() + " s for " + what);
    }
  }
}
