package io.revkeep.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Small helpers: run a command, delete a tree. */
final class Shell {
  private Shell() {}

  /** Runs a command to its end; returns its stdout+stderr, trimmed; throws on a non-zero exit. */
  static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    int status = p.waitFor();
    if (status != 0) {
      throw new IOException(String.join(" ", command) + " exited with " + status + ": " + out);
    }
    return out;
  }

  /** {@link #run} that returns "unknown (…)" instead of throwing: for describing the machine. */
  static String describe(String... command) {
    try {
      return run(command);
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  static void sync() throws IOException, InterruptedException {
    run("sync");
  }

  /**
   * Deletes a tree with {@code rm -rf} (a million files in seconds, where walking, sorting and
   * deleting them from Java took minutes); again, up to 3 times, if something wrote into it
   * meanwhile.
   */
  static void deleteTree(Path root) throws IOException {
    for (int attempt = 1; ; attempt++) {
      try {
        run("rm", "-rf", "--", root.toString());
        return;
      } catch (IOException e) {
        if (attempt == 3) {
          throw e;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while deleting " + root, e);
      }
    }
  }
}
