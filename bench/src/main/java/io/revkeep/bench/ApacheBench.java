package io.revkeep.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ApacheBench ({@code ab}, Debian's apache2-utils) on one URL: {@code ab -k -c CONNS -n N -s 30},
 * the load test of the book the original tool comes from. One process, one thread: it drives
 * the connections from a single event loop, as wrk's threads do.
 */
final class ApacheBench {
  /** One ab run: its rate, 99th percentile, and everything that did not end in a 2xx answer. */
  record Ab(double requestsPerSecond, double p99Ms, long complete, long failed, long non2xx,
      boolean aborted) {
    long errors() {
      return failed + non2xx + (aborted ? 1 : 0);
    }
  }

  private ApacheBench() {}

  static boolean available() {
    return Machine.has("ab");
  }

  /**
   * Runs ab; {@code cookie} (or null) is sent with every request. An ab that gives up (it stops
   * at a connection reset) counts as an error, with what it had completed.
   */
  static Ab run(String url, String cookie, int connections, int requests)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ab", "-q", "-k", "-s", "30", "-r",
        "-c", Integer.toString(connections), "-n", Integer.toString(requests)));
    if (cookie != null) {
      cmd.addAll(List.of("-H", "Cookie: " + cookie));
    }
    cmd.add(url);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException("ab did not finish in 10 min");
    }
    double rps = Double.parseDouble(WebBench.group(out, "Requests per second:\\s+([0-9.]+)", "0"));
    double p99 = Double.parseDouble(WebBench.group(out, "\\n\\s*99%\\s+([0-9]+)", "NaN"));
    long complete = Long.parseLong(WebBench.group(out, "Complete requests:\\s+(\\d+)", "0"));
    long failed = Long.parseLong(WebBench.group(out, "Failed requests:\\s+(\\d+)", "0"));
    long non2xx = Long.parseLong(WebBench.group(out, "Non-2xx responses:\\s+(\\d+)", "0"));
    boolean aborted = p.exitValue() != 0 || complete < requests;
    return new Ab(rps, p99, complete, failed, non2xx, aborted);
  }
}
