package io.revkeep.web;

import java.time.Duration;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;

/**
 * The web server's request threads: Jetty's QueuedThreadPool with Javalin's sizes (at most
 * {@value #MAX}, at least {@value #MIN}), but idle threads above the minimum are let go
 * together once idle for {@link #IDLE}. Jetty's default lets one thread go per idle timeout (60
 * s), so after a burst of a thousand clients the server kept its 250 threads for hours (bench/soak
 * saw 51 threads before the load and 300 a minute after it).
 *
 * <p>The pool is the server's: Jetty starts and stops it with the server.
 */
final class WebThreads {
  /** Most threads serving requests at once (Javalin's default). */
  static final int MAX = 250;
  /** Threads kept when idle. */
  static final int MIN = 8;
  /** How long a thread above the minimum may idle before it ends. */
  static final Duration IDLE = Duration.ofSeconds(30);

  private WebThreads() {}

  static ThreadPool pool() {
    QueuedThreadPool pool = new QueuedThreadPool(MAX, MIN, (int) IDLE.toMillis());
    pool.setName("revkeep-web");
    // every idle thread above MIN may end in one idle period, not one per period
    pool.setMaxEvictCount(MAX);
    return pool;
  }
}
