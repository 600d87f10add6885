package io.revkeep.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A tmpfs mounted for a test: where creating a file costs microseconds (so the JDK's watch
 * queue overflows under a burst), fsync costs nothing, or a small size fills up. Mounting needs
 * root; where it cannot be mounted the test is skipped (an assumption), never failed. As an
 * extension ({@code @RegisterExtension final Tmpfs tmpfs = new Tmpfs("256m")}) it mounts a new
 * temporary folder before each test and unmounts it after; {@link #mount} mounts one on a given
 * folder for a test that needs it at a set place.
 */
public final class Tmpfs implements BeforeEachCallback, AfterEachCallback {
  private final String size;
  private Mounted mounted;

  /** @param size tmpfs's {@code size=} option, e.g. "256m" */
  public Tmpfs(String size) {
    this.size = size;
  }

  /** The mounted folder of the running test. */
  public Path path() {
    if (mounted == null) {
      throw new IllegalStateException("no tmpfs is mounted outside a test");
    }
    return mounted.path();
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    mounted = mount(Files.createTempDirectory("revkeep-tmpfs-"), size);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    if (mounted != null) {
      mounted.close();
      Files.deleteIfExists(mounted.path());
      mounted = null;
    }
  }

  /** A mounted tmpfs; closing unmounts it (lazily: a process still inside does not stop it). */
  public record Mounted(Path path) implements AutoCloseable {
    @Override
    public void close() throws IOException, InterruptedException {
      new ProcessBuilder("umount", "-l", path.toString()).inheritIO().start()
          .waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Mounts a tmpfs of this size on {@code where} (an existing folder), or skips the test. */
  public static Mounted mount(Path where, String size) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs",
        where.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean ok = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    Assumptions.assumeTrue(ok, "cannot mount a tmpfs on " + where + " (needs root): "
        + out.strip());
    return new Mounted(where);
  }
}
