package io.revkeep.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The peer for change latency: {@code inotifywait -m -r -e close_write,moved_to --format '%w%f'}
 * on the watched folder, as a child process (line-buffered through {@code stdbuf -oL}); one
 * thread timestamps each stdout line on arrival and records its path relative to the folder.
 */
final class InotifyPeer implements AutoCloseable {
  private final Process process;
  private final Thread hook;
  private final Thread out;
  private final Thread err;
  private final CountDownLatch ready = new CountDownLatch(1);
  final Arrivals arrivals = new Arrivals();

  InotifyPeer(Path dir) throws IOException, InterruptedException {
    String root = dir.toAbsolutePath().toString() + "/";
    process = new ProcessBuilder(List.of("stdbuf", "-oL", "inotifywait", "-m", "-r",
        "-e", "close_write,moved_to", "--format", "%w%f", dir.toString()))
        .start();
    hook = new Thread(process::destroy); // also on Ctrl-C
    Runtime.getRuntime().addShutdownHook(hook);
    // inotifywait says "Watches established." on stderr once every watch is set.
    out = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          long now = System.nanoTime();
          String rel = line.startsWith(root) ? line.substring(root.length()) : line;
          arrivals.arrived(rel, now);
        }
      } catch (IOException e) {
        // process ended
      }
    }, "bench-inotifywait-out");
    err = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(
          new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (line.startsWith("Watches established")) {
            ready.countDown();
          } else if (!line.startsWith("Setting up watches")) {
            System.err.println("inotifywait: " + line);
          }
        }
      } catch (IOException e) {
        // process ended
      }
    }, "bench-inotifywait-err");
    out.setDaemon(true);
    err.setDaemon(true);
    out.start();
    err.start();
    if (!ready.await(10, TimeUnit.SECONDS)) {
      close();
      throw new IOException("inotifywait did not establish its watches within 10 s");
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway
    }
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
    out.join(5_000);
    err.join(5_000);
  }
}
