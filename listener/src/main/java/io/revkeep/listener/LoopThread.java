package io.revkeep.listener;

import io.revkeep.core.Threads;
import java.time.Duration;

/**
 * One of the listener's own threads (watch, settle, catch-up): a named daemon thread that runs
 * its owner's loop, and the one way each of them is stopped: note that it is stopping, wake the
 * loop (an interrupt, or closing what it blocks on), then wait a bounded time for it to end.
 */
final class LoopThread {
  /*
   * Threads:    start() and stop() are called by the daemon (its start and close); stopping() by
   *             the loop itself between turns, and by any thread; alive() by status.
   * State:      stopping, volatile, goes from false to true once.
   * Shutdown:   stop() sets stopping before it wakes the loop, so a loop that checks stopping()
   *             before each blocking wait and ends on the wake-up (InterruptedException,
   *             ClosedWatchServiceException) cannot miss it; the thread is then joined for at
   *             most JOIN, and an interrupt of the closing thread is kept.
   * Testing:    LoopThreadTest; through Settler, CatchUp and TreeWatcher in ListenerIT and
   *             StoreOutageIT.
   */

  /** How long stop() waits for the loop to end. */
  static final Duration JOIN = Duration.ofSeconds(10);

  private final Thread thread;
  private volatile boolean stopping;
  private volatile boolean started;

  /** A thread named {@code name} that runs {@code loop} once started. */
  LoopThread(String name, Runnable loop) {
    this.thread = Threads.daemon(name).newThread(loop);
  }

  void start() {
    thread.start();
    // after start(), not before: between the two, ended() would see a started thread not yet
    // alive and the status published then would call the listener unhealthy for a tick
    started = true;
  }

  /** Whether the loop is running (false before start, after it ended or failed). */
  boolean alive() {
    return thread.isAlive();
  }

  /** Whether the loop was started and has ended (not true before it starts). */
  boolean ended() {
    return started && !thread.isAlive();
  }

  /** Whether stop() was called: the loop should end. */
  boolean stopping() {
    return stopping;
  }

  /** Stops a loop that an interrupt wakes (a sleep, a blocking queue, a condition). */
  void stop() {
    stop(thread::interrupt);
  }

  /** Stops a loop that {@code wake} wakes (for example by closing what it blocks on). */
  void stop(Runnable wake) {
    stopping = true;
    wake.run();
    Threads.join(thread, JOIN);
  }
}
