package io.revkeep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What a running JVM holds, read from outside it: its threads and open file descriptors from
 * /proc, and its heap after a full collection through the JDK's own {@code jcmd}
 * ({@code GC.run}, then {@code GC.heap_info}).
 */
final class ProcessGauge {
  /** One reading. */
  record Reading(int threads, int fds, long heapAfterGcKiB) {}

  private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final long pid;

  ProcessGauge(long pid) {
    this.pid = pid;
  }

  int threads() throws IOException {
    return count(Path.of("/proc", Long.toString(pid), "task"));
  }

  int fds() throws IOException {
    return count(Path.of("/proc", Long.toString(pid), "fd"));
  }

  /** Heap in use right after a full collection, KiB (-1 if jcmd did not say). */
  long heapAfterGcKiB() throws IOException, InterruptedException {
    jcmd("GC.run");
    Matcher m = USED.matcher(jcmd("GC.heap_info"));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  Reading read() throws IOException, InterruptedException {
    long heap = heapAfterGcKiB();
    return new Reading(threads(), fds(), heap);
  }

  private String jcmd(String what) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("jcmd", Long.toString(pid), what).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("jcmd " + what + " did not answer in 60 s");
    }
    return out;
  }

  private static int count(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return (int) s.count();
    }
  }
}
