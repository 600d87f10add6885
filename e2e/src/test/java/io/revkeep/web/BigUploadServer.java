package io.revkeep.web;

import java.nio.file.Path;

/**
 * The child process of {@link BigUploadIT}: a listener and a web server in a JVM whose heap the
 * parent caps. Prints {@code PORT n} when ready; stops when its standard input closes.
 */
public final class BigUploadServer {
  private BigUploadServer() {}

  public static void main(String[] args) throws Exception {
    try (WebHarness h = new WebHarness(Path.of(args[0]), Long.parseLong(args[1]), false)) {
      System.out.println("MAXHEAP " + Runtime.getRuntime().maxMemory());
      System.out.println("PORT " + h.web.port());
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the parent to close our input
      }
    }
    System.exit(0);
  }
}
