package io.revkeep.core.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Named pipes for tests: what a hostile user can put where a file is expected. */
public final class Fifos {
  private Fifos() {}

  /** Makes a FIFO at {@code path} with coreutils' mkfifo (the JDK cannot). */
  public static Path make(Path path) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("mkfifo " + path + " failed");
    }
    return path;
  }
}
