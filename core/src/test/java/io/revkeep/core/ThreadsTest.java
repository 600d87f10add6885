package io.revkeep.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ThreadsTest {

  @Test
  void made_threads_are_named_daemons() throws Exception {
    Thread t = Threads.daemon("revkeep-test").newThread(() -> { });
    assertThat(t.getName()).isEqualTo("revkeep-test");
    assertThat(t.isDaemon()).isTrue();
    ScheduledExecutorService s = Threads.scheduler("revkeep-test-timer");
    try {
      Thread runner = s.submit(Thread::currentThread).get(10, TimeUnit.SECONDS);
      assertThat(runner.getName()).isEqualTo("revkeep-test-timer");
      assertThat(runner.isDaemon()).isTrue();
    } finally {
      assertThat(Threads.shutdownNow(s, Duration.ofSeconds(10))).isTrue();
    }
  }

  @Test
  void shutdown_now_interrupts_the_task_in_progress_and_waits_for_it() {
    ScheduledExecutorService s = Threads.scheduler("revkeep-test-blocked");
    CountDownLatch started = new CountDownLatch(1);
    s.execute(() -> {
      started.countDown();
      try {
        new CountDownLatch(1).await(); // until interrupted
      } catch (InterruptedException e) {
        // the point
      }
    });
    assertThat(awaitQuietly(started)).isTrue();
    assertThat(Threads.shutdownNow(s, Duration.ofSeconds(10))).isTrue();
    assertThat(s.isTerminated()).isTrue();
  }

  @Test
  void shutdown_lets_queued_tasks_run() {
    ExecutorService s = Threads.scheduler("revkeep-test-queue");
    CountDownLatch ran = new CountDownLatch(3);
    for (int i = 0; i < 3; i++) {
      s.execute(ran::countDown);
    }
    assertThat(Threads.shutdown(s, Duration.ofSeconds(10))).isTrue();
    assertThat(ran.getCount()).isZero();
  }

  @Test
  void join_is_bounded_and_keeps_the_callers_interrupt() {
    CountDownLatch release = new CountDownLatch(1);
    Thread t = Threads.daemon("revkeep-test-join").newThread(() -> awaitQuietly(release));
    t.start();
    assertThat(Threads.join(t, Duration.ofMillis(50))).isFalse();
    Thread.currentThread().interrupt();
    assertThat(Threads.join(t, Duration.ofSeconds(10))).isFalse();
    assertThat(Thread.interrupted()).isTrue(); // kept (and cleared here)
    release.countDown();
    assertThat(Threads.join(t, Duration.ofSeconds(10))).isTrue();
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      return false;
    }
  }
}
