package io.revkeep.feed;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** Runs tasks one at a time, in submission order, on threads borrowed from a delegate. */
final class SerialExecutor implements Executor {
  /*
   * Threads:    any thread calls execute(); at most one delegate thread runs tasks at a time.
   * State:      queue (lock-free) and pending, the count of tasks queued or running.
   * Invariants: a task is queued before pending is incremented, so pending > 0 implies the
   *             queue holds a task; exactly the thread that moves pending 0 -> 1 submits a runner,
   *             and a runner only ends when it moves pending to 0 or hands over to a new runner:
   *             so there is never more than one runner, and no task is left behind.
   * Fairness:   a runner runs at most BATCH tasks, then resubmits itself (shared delegates).
   * Shutdown:   owned by whoever owns the delegate.
   * Testing:    through FeedClient (events delivered in order, never concurrently).
   */
  private static final Logger LOG = LogManager.getLogger(SerialExecutor.class);
  /** Tasks per turn on a shared delegate thread. */
  private static final int BATCH = 64;

  private final Executor delegate;
  private final ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();

  SerialExecutor(Executor delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  @Override
  public void execute(Runnable task) {
    queue.add(Objects.requireNonNull(task, "task"));
    if (pending.getAndIncrement() == 0) {
      delegate.execute(this::run);
    }
  }

  private void run() {
    for (int n = 1; ; n++) {
      Runnable task = queue.poll();
      try {
        task.run();
      } catch (Throwable t) {
        LOG.error("task failed", t);
      }
      if (pending.decrementAndGet() == 0) {
        return;
      }
      if (n >= BATCH) {
        delegate.execute(this::run);
        return;
      }
    }
  }
}
