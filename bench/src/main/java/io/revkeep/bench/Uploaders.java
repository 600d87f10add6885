package io.revkeep.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * People uploading through the web: each of N threads posts a small new file (multipart
 * {@code POST /api/upload}, session cookie and CSRF token) into the folder {@code uploads},
 * pausing between uploads, until stopped.
 *
 * <p>Threads: N uploader threads, owned here: {@link #stop} ends and joins them. State: the
 * counters and the error list are concurrent; each thread has its own HTTP client (its own
 * keep-alive connection), as N people's browsers would.
 */
final class Uploaders {
  private static final String BOUNDARY = "soak-boundary-7d3f";

  private final String base;
  private final String cookie;
  private final String csrf;
  private final Duration pause;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stopping;
  final AtomicLong uploads = new AtomicLong();
  final Latencies latencies = new Latencies();
  final Queue<String> errors = new ConcurrentLinkedQueue<>();

  Uploaders(String base, String cookie, String csrf, Duration pause) {
    this.base = base;
    this.cookie = cookie;
    this.csrf = csrf;
    this.pause = pause;
  }

  void start(int n) {
    for (int i = 0; i < n; i++) {
      int who = i;
      Thread t = new Thread(() -> run(who), "soak-uploader-" + i);
      threads.add(t);
      t.start();
    }
  }

  private void run(int who) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30)).build();
    for (int n = 0; !stopping; n++) {
      String name = "u" + who + "-" + n + ".txt";
      byte[] body = multipart(name, ("upload " + n + " by uploader " + who + "\n").repeat(20));
      long t0 = System.nanoTime();
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/upload"))
            .timeout(Duration.ofSeconds(60))
            .header("Cookie", cookie).header("X-CSRF-Token", csrf)
            .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
            HttpResponse.BodyHandlers.ofString());
        latencies.add(System.nanoTime() - t0);
        if (r.statusCode() / 100 != 2) {
          errors.add("upload " + name + ": HTTP " + r.statusCode() + " " + r.body());
        } else {
          uploads.incrementAndGet();
        }
        Thread.sleep(pause.toMillis());
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        errors.add("upload " + name + ": " + e);
      }
    }
  }

  private static byte[] multipart(String name, String content) {
    String s = "--" + BOUNDARY + "\r\n"
        + "Content-Disposition: form-data; name=\"dir\"\r\n\r\nuploads\r\n"
        + "--" + BOUNDARY + "\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
        + "Content-Type: text/plain\r\n\r\n" + content + "\r\n"
        + "--" + BOUNDARY + "--\r\n";
    return s.getBytes(StandardCharsets.UTF_8);
  }

  void stop() throws InterruptedException {
    stopping = true;
    for (Thread t : threads) {
      t.join(120_000);
    }
  }
}
