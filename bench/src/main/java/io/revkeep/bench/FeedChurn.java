package io.revkeep.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Feed subscribers coming and going: one thread connects to the listener's feed, says hello
 * from a recent seq, must be welcomed within 5 s, reads for a moment and hangs up — over and
 * over, as backups and webs restarting would. A refused connection or a missing welcome is an
 * error.
 *
 * <p>Threads: one, owned here ({@link #stop} ends and joins it). Each connection is opened and
 * closed inside one turn of its loop (try-with-resources).
 */
final class FeedChurn {
  private final int port;
  private final String token;
  private final LongSupplier lastSeq;
  private final Thread thread;
  private volatile boolean stopping;
  final AtomicLong sessions = new AtomicLong();
  final Queue<String> errors = new ConcurrentLinkedQueue<>();

  FeedChurn(int port, String token, LongSupplier lastSeq) {
    this.port = port;
    this.token = token;
    this.lastSeq = lastSeq;
    this.thread = new Thread(this::run, "soak-feed-churn");
  }

  void start() {
    thread.start();
  }

  private void run() {
    while (!stopping) {
      long since = Math.max(0, lastSeq.getAsLong() - 100);
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        s.setSoTimeout(5_000);
        OutputStream out = s.getOutputStream();
        out.write(("{\"op\":\"hello\",\"token\":\"" + token + "\",\"since\":" + since + "}\n")
            .getBytes(StandardCharsets.UTF_8));
        out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
            StandardCharsets.UTF_8));
        String first = in.readLine();
        if (first == null || !first.contains("\"welcome\"")) {
          errors.add("feed: no welcome (" + first + ")");
        } else {
          sessions.incrementAndGet();
          s.setSoTimeout(200);
          long until = System.nanoTime() + 500_000_000L;
          while (System.nanoTime() < until) {
            try {
              if (in.readLine() == null) {
                break;
              }
            } catch (java.net.SocketTimeoutException quiet) {
              // nothing new for 200 ms: keep the connection a little longer, then hang up
            }
          }
        }
      } catch (Exception e) {
        errors.add("feed: " + e);
      }
    }
  }

  void stop() throws InterruptedException {
    stopping = true;
    thread.join(30_000);
  }
}
