package io.revkeep.core.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The attacker of the symbolic-link races: on its own thread, again and again, moves a folder of
 * the shared tree aside, puts a symbolic link to a folder outside in its place, then puts the
 * folder back — until closed. Shared by the writer's race test and the web's (in e2e).
 */
public final class LinkFlipper implements AutoCloseable {
  private final AtomicBoolean stop = new AtomicBoolean();
  private final AtomicInteger flips = new AtomicInteger();
  private final Thread thread;

  /**
   * Starts flipping {@code folder} (moved to {@code aside}) and a link to {@code outside}.
   *
   * @param pauseNanos how long each state stands (0: as fast as the file system goes)
   */
  public LinkFlipper(Path folder, Path aside, Path outside, long pauseNanos) {
    thread = new Thread(() -> {
      while (!stop.get()) {
        quietly(() -> Files.move(folder, aside, StandardCopyOption.ATOMIC_MOVE));
        quietly(() -> Files.createSymbolicLink(folder, outside));
        LockSupport.parkNanos(pauseNanos);
        quietly(() -> Files.delete(folder));
        quietly(() -> Files.move(aside, folder, StandardCopyOption.ATOMIC_MOVE));
        flips.incrementAndGet();
        LockSupport.parkNanos(pauseNanos);
      }
    }, "link-flipper");
    thread.start();
  }

  /** How many times the folder was swapped so far. */
  public int flips() {
    return flips.get();
  }

  /** Stops flipping and waits for the thread to end. */
  @Override
  public void close() throws InterruptedException {
    stop.set(true);
    thread.join();
  }

  private interface Step {
    void run() throws Exception;
  }

  private static void quietly(Step step) {
    try {
      step.run();
    } catch (Exception e) {
      // the writers' folder creation races the flipper: every state is a legal one
    }
  }
}
