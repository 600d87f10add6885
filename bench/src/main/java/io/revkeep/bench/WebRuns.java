package io.revkeep.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The wrk and ab figures of the web rows (row 6), revkeep's and nginx's, one entry per
 * repetition, and how one repetition measures them (BenchMain's web part).
 */
record WebRuns(List<WebBench.Wrk> wrks, List<WebBench.Wrk> nginxWrks,
    List<ApacheBench.Ab> abs, List<ApacheBench.Ab> nginxAbs) {
  WebRuns() {
    this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
  }

  /** The sizes of the runs, and which load generators and peer this machine has. */
  record Settings(int reps, int connections, int wrkSeconds, int abRequests, boolean wrk,
      boolean nginx, boolean ab) {}

  /**
   * One repetition of the load rows: wrk on revkeep (after a warm-up) and on nginx serving the
   * same JSON as a static file, then ab on both, interleaved so the two see the same machine.
   */
  void measure(WebBench web, Path dir, int r, Settings s) throws Exception {
    NginxPeer started = s.nginx() ? new NginxPeer(dir.resolve("nginx"), web.filesBody()) : null;
    try (NginxPeer peer = started) {
      if (s.wrk()) {
        web.wrk(s.connections(), Math.min(3, s.wrkSeconds()), 2); // warm-up, not counted
        WebBench.Wrk w = web.wrk(s.connections(), s.wrkSeconds(), 2);
        System.out.printf("  web %d/%d: GET /api/files, %d connections, %d s: %.0f req/s, p50"
            + " %.2f ms, p99 %.2f ms, %d errors of %d requests%n", r + 1, s.reps(), s.connections(),
            s.wrkSeconds(), w.requestsPerSecond(), w.p50Ms(), w.p99Ms(), w.errors(), w.requests());
        wrks().add(w);
        if (peer != null) {
          WebBench.Wrk n = WebBench.wrkOn(peer.url(), null, s.connections(), s.wrkSeconds(), 2);
          System.out.printf("  web %d/%d: nginx, the same JSON as a static file: %.0f req/s, p99"
              + " %.2f ms, %d errors%n", r + 1, s.reps(), n.requestsPerSecond(), n.p99Ms(),
              n.errors());
          nginxWrks().add(n);
        }
      }
      if (s.ab()) {
        ApacheBench.Ab a = web.ab(s.connections(), s.abRequests());
        System.out.printf("  web %d/%d: ab -k -c %d -n %d: %.0f req/s, p99 %.0f ms, %d errors%n",
            r + 1, s.reps(), s.connections(), s.abRequests(), a.requestsPerSecond(), a.p99Ms(),
            a.errors());
        abs().add(a);
        if (peer != null) {
          ApacheBench.Ab n = ApacheBench.run(peer.url(), null, s.connections(), s.abRequests());
          System.out.printf("  web %d/%d: ab on nginx: %.0f req/s, p99 %.0f ms, %d errors%n",
              r + 1, s.reps(), n.requestsPerSecond(), n.p99Ms(), n.errors());
          nginxAbs().add(n);
        }
      }
    }
  }
}
