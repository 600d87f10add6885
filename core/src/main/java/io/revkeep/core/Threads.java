package io.revkeep.core;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * How revkeep's services make and stop their own threads: named daemon threads (so a JVM whose
 * main thread ends is never held up by a forgotten one) and a bounded wait at close, which keeps
 * the caller's interrupt status when the wait is interrupted.
 */
public final class Threads {
  private Threads() {}

  /** Makes daemon threads all named {@code name} (one thread per factory in revkeep's uses). */
  public static ThreadFactory daemon(String name) {
    return body -> {
      Thread t = new Thread(body, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** A single-thread scheduler on a daemon thread named {@code name}. */
  public static ScheduledExecutorService scheduler(String name) {
    return Executors.newSingleThreadScheduledExecutor(daemon(name));
  }

  /**
   * Waits up to {@code timeout} for {@code thread} to end. An interrupt of the waiting thread ends
   * the wait and is kept (its interrupt status is set again).
   *
   * @return whether the thread has ended
   */
  public static boolean join(Thread thread, Duration timeout) {
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  /**
   * Lets the queued tasks of {@code executor} run ({@link ExecutorService#shutdown()}) and waits up
   * to {@code timeout} for them to end; an interrupt of the waiting thread is kept.
   *
   * @return whether every thread of the executor has ended
   */
  public static boolean shutdown(ExecutorService executor, Duration timeout) {
    executor.shutdown();
    return await(executor, timeout);
  }

  /**
   * Interrupts the tasks of {@code executor} ({@link ExecutorService#shutdownNow()}) and waits up
   * to {@code timeout} for the one in progress to end; an interrupt of the waiting thread is kept.
   *
   * @return whether every thread of the executor has ended
   */
  public static boolean shutdownNow(ExecutorService executor, Duration timeout) {
    executor.shutdownNow();
    return await(executor, timeout);
  }

  private static boolean await(ExecutorService executor, Duration timeout) {
    try {
      return executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
