package io.revkeep.bench;

import io.revkeep.core.Passwords;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.store.SqliteStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web server, started in its own JVM as {@code revkeep up} starts it ({@link WebProcess}: a
 * real listener, its feed, a {@code WebDaemon} on a free loopback port), logged in as an editor
 * created in the store:
 * {@code GET /api/files} under {@code wrk} with many connections, and one large upload and
 * download beside {@code dd} writing and reading a file of the same size on the same disk.
 */
final class WebBench implements AutoCloseable {
  static final String USER = "bench";
  static final String PASSWORD = "bench-password-1";
  static final int LISTED_FILES = 50;

  /** One wrk run against {@code GET /api/files}. */
  record Wrk(double requestsPerSecond, double p50Ms, double p99Ms, long requests,
      long socketErrors, long non2xx) {
    long errors() {
      return socketErrors + non2xx;
    }
  }

  /** One large transfer, and dd beside it. Seconds; peak heap/RSS of this JVM in MiB. */
  record Big(long bytes, double uploadSeconds, double recordSeconds, double downloadSeconds,
      double ddWriteSeconds, double ddReadSeconds, boolean coldReads, double peakHeapMiB,
      double peakRssMiB) {
    double mib() {
      return bytes / 1048576.0;
    }
  }

  private final Path dir;
  private final Path shared;
  /** This JVM's connection to the server's SQLite store (WAL: shared with the server). */
  private final SqliteStore store;
  private final Process server;
  private final BufferedReader serverOut;
  private final Writer serverIn;
  private final String base;
  private final String cookie;
  private final String csrf;
  private String filesBody;

  /**
   * Starts listener and web in their own JVM ({@link WebProcess}) under {@code dir}, records
   * {@value #LISTED_FILES} files, logs in.
   */
  WebBench(Path dir, Duration settle) throws IOException, InterruptedException {
    this.dir = dir;
    this.shared = Files.createDirectories(dir.resolve("shared"));
    Path data = Files.createDirectories(dir.resolve("data"));
    store = SqliteStore.open(data.resolve("revkeep.db"));
    store.addUser(new User(USER, Passwords.hash(PASSWORD.toCharArray()), Role.EDITOR));
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"),
        "bin", "java").toString()));
    // e.g. a profiler's agent (bench/profile web)
    String extra = System.getenv().getOrDefault("BENCH_WEB_JAVA_OPTS", "").strip();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        WebProcess.class.getName(), shared.toString(), data.toString(),
        String.valueOf(settle.toMillis())));
    server = new ProcessBuilder(command).redirectError(dir.resolve("web-process.err").toFile())
        .start();
    serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(),
        StandardCharsets.UTF_8));
    serverIn = new OutputStreamWriter(server.getOutputStream(), StandardCharsets.UTF_8);
    String first = serverOut.readLine();
    for (int skipped = 0; first != null && !first.startsWith("PORT ") && skipped < 10;
        skipped++) {
      first = serverOut.readLine(); // an agent's line first ("Profiling started")
    }
    if (first == null || !first.startsWith("PORT ")) {
      close();
      throw new IOException("the web process did not start (see " + dir.resolve("web-process.err")
          + "): " + first);
    }
    int port = Integer.parseInt(first.substring(5).trim());
    base = "http://127.0.0.1:" + port;
    long seq0 = store.lastSeq();
    byte[] body = new byte[1024];
    for (int i = 0; i < LISTED_FILES; i++) {
      byte[] tag = String.format("listed %04d\n", i).getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(tag, 0, body, 0, tag.length);
      Files.write(shared.resolve(String.format("doc-%04d.txt", i)), body);
    }
    waitForSeq(seq0 + LISTED_FILES);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"" + USER + "\",\"password\":\""
            + PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
    if (login.statusCode() != 200) {
      close();
      throw new IOException("login: HTTP " + login.statusCode() + ": " + login.body());
    }
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    cookie = setCookie.substring(0, setCookie.indexOf(';'));
    Matcher m = Pattern.compile("\"csrf\"\\s*:\\s*\"([^\"]+)\"").matcher(login.body());
    if (!m.find()) {
      close();
      throw new IOException("login answer without a csrf token: " + login.body());
    }
    csrf = m.group(1);
    HttpResponse<String> files = http.send(HttpRequest.newBuilder(URI.create(base + "/api/files"))
        .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (files.statusCode() != 200 || !files.body().contains(String.format("doc-%04d.txt", LISTED_FILES - 1))) {
      close();
      throw new IOException("GET /api/files: HTTP " + files.statusCode() + " (" + files.body()
          .length() + " chars) does not list the " + LISTED_FILES + " files");
    }
    filesBody = files.body();
  }

  /** What {@code GET /api/files} answered once the files were recorded (nginx serves a copy). */
  String filesBody() {
    return filesBody;
  }

  /** {@code ab -k -c connections -n requests} on {@code GET /api/files}, logged in. */
  ApacheBench.Ab ab(int connections, int requests) throws IOException, InterruptedException {
    return ApacheBench.run(base + "/api/files", cookie, connections, requests);
  }

  private void waitForSeq(long seq) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (store.lastSeq() < seq) {
      if (System.nanoTime() > deadline) {
        throw new IOException("the listener did not reach seq " + seq + " in 5 min");
      }
      Thread.sleep(BurstBench.POLL_MS);
    }
  }

  /** {@code wrk -t THREADS -c connections -d seconds --latency --timeout 10s} on /api/files. */
  Wrk wrk(int connections, int seconds, int threads) throws IOException, InterruptedException {
    return wrkOn(base + "/api/files", cookie, connections, seconds, threads);
  }

  /** The same wrk on any URL, with a session cookie or none (nginx's static copy). */
  static Wrk wrkOn(String url, String cookie, int connections, int seconds, int threads)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("wrk", "-t" + threads, "-c" + connections,
        "-d" + seconds + "s", "--timeout", "10s", "--latency"));
    if (cookie != null) {
      cmd.addAll(List.of("-H", "Cookie: " + cookie));
    }
    cmd.add(url);
    return parseWrk(Shell.run(cmd.toArray(String[]::new)));
  }

  /** What wrk printed with {@code --latency}, as figures (also read by {@link Soak}). */
  static Wrk parseWrk(String out) {
    double rps = Double.parseDouble(group(out, "Requests/sec:\\s+([0-9.]+)", "0"));
    double p50 = millis(group(out, "\\n\\s*50%\\s+([0-9.]+[a-z]+)", "NaNms"));
    double p99 = millis(group(out, "\\n\\s*99%\\s+([0-9.]+[a-z]+)", "NaNms"));
    long requests = Long.parseLong(group(out, "(\\d+) requests in", "0"));
    long socket = 0;
    Matcher m = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+),"
        + " timeout (\\d+)").matcher(out);
    if (m.find()) {
      for (int i = 1; i <= 4; i++) {
        socket += Long.parseLong(m.group(i));
      }
    }
    long non2xx = Long.parseLong(group(out, "Non-2xx or 3xx responses: (\\d+)", "0"));
    return new Wrk(rps, p50, p99, requests, socket, non2xx);
  }

  static String group(String text, String regex, String otherwise) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? m.group(1) : otherwise;
  }

  /** wrk's "1.23ms", "456.00us", "1.02s" in milliseconds. */
  static double millis(String v) {
    Matcher m = Pattern.compile("([0-9.]+|NaN)([a-z]+)").matcher(v);
    if (!m.matches()) {
      return Double.NaN;
    }
    double x = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> x / 1000;
      case "ms" -> x;
      case "s" -> x * 1000;
      case "m" -> x * 60_000;
      default -> Double.NaN;
    };
  }

  /**
   * dd writes {@code mib} MiB of zeros with conv=fsync and reads them back; the same file is then
   * uploaded (curl, multipart, CSRF header) and, once the listener has recorded it, downloaded
   * (curl, GET /api/content). Page caches are dropped before both reads when this process may.
   */
  Big big(int mib, int run) throws IOException, InterruptedException {
    Path ddFile = dir.resolve("dd-" + run + ".bin");
    String name = "big-" + run + ".bin";
    Shell.sync();
    long t0 = System.nanoTime();
    Shell.run("dd", "if=/dev/zero", "of=" + ddFile, "bs=1M", "count=" + mib, "conv=fsync");
    double ddWrite = (System.nanoTime() - t0) / 1e9;
    boolean cold = dropCaches();
    t0 = System.nanoTime();
    Shell.run("dd", "if=" + ddFile, "of=/dev/null", "bs=1M");
    double ddRead = (System.nanoTime() - t0) / 1e9;

    ask("reset", "RESET");
    try {
      long seq0 = store.lastSeq();
      t0 = System.nanoTime();
      String up = Shell.run("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
          "-H", "Expect:", "-H", "Cookie: " + cookie, "-H", "X-CSRF-Token: " + csrf,
          "-F", "file=@" + ddFile + ";filename=" + name, base + "/api/upload");
      long t1 = System.nanoTime();
      if (!up.startsWith("2")) {
        throw new IOException("upload: HTTP " + up);
      }
      waitForSeq(seq0 + 1);
      long t2 = System.nanoTime();
      Files.delete(ddFile);
      dropCaches();
      long t3 = System.nanoTime();
      String down = Shell.run("curl", "-sS", "-o", "/dev/null", "-w",
          "%{http_code} %{size_download}", "-H", "Cookie: " + cookie,
          base + "/api/content?path=" + name);
      long t4 = System.nanoTime();
      long bytes = (long) mib << 20;
      if (!down.equals("200 " + bytes)) {
        throw new IOException("download: " + down + " (expected 200 " + bytes + ")");
      }
      String[] peaks = ask("peaks", "PEAKS").split("\\s+");
      return new Big(bytes, (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t4 - t3) / 1e9, ddWrite, ddRead,
          cold, Long.parseLong(peaks[1]) / 1048576.0, Long.parseLong(peaks[2]) / 1024.0);
    } finally {
      Files.deleteIfExists(ddFile);
    }
  }

  /** {@code sync; echo 3 > /proc/sys/vm/drop_caches}; false when not allowed (not root). */
  static boolean dropCaches() {
    try {
      Shell.sync();
      Files.writeString(Path.of("/proc/sys/vm/drop_caches"), "3\n");
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Sends a command to the web process and returns its answer line (starting with want). */
  private String ask(String command, String want) throws IOException {
    serverIn.write(command + "\n");
    serverIn.flush();
    String line;
    while ((line = serverOut.readLine()) != null) {
      if (line.startsWith(want)) {
        return line;
      }
    }
    throw new IOException("the web process ended (see " + dir.resolve("web-process.err") + ")");
  }

  /** Closes the web process's stdin (it stops), waits for it, closes the store. */
  @Override
  public void close() {
    try {
      serverIn.close();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      server.destroyForcibly();
    } catch (InterruptedException e) {
      server.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      store.close();
    }
  }

  static String describeWrk() {
    return Shell.describe("sh", "-c", "wrk -v 2>&1 | head -1").toLowerCase(Locale.ROOT)
        .replaceAll(" copyright.*", "");
  }
}
