package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LoopThreadTest {

  @Test
  void stop_wakes_a_blocked_loop_with_an_interrupt_and_joins_it() {
    BlockingQueue<String> queue = new LinkedBlockingQueue<>();
    AtomicInteger turns = new AtomicInteger();
    LoopThread[] holder = new LoopThread[1];
    LoopThread t = new LoopThread("revkeep-test-loop", () -> {
      while (!holder[0].stopping()) {
        try {
          queue.take();
          turns.incrementAndGet();
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    holder[0] = t;
    assertThat(t.alive()).isFalse();
    assertThat(t.ended()).as("not started is not ended").isFalse();
    t.start();
    assertThat(t.alive()).isTrue();
    assertThat(t.ended()).isFalse();
    t.stop();
    assertThat(t.stopping()).isTrue();
    assertThat(t.alive()).isFalse();
    assertThat(t.ended()).isTrue();
    assertThat(turns).hasValue(0);
  }

  @Test
  void stop_with_a_wake_runs_it_after_marking_the_loop_stopping() {
    LoopThread[] holder = new LoopThread[1];
    Object monitor = new Object();
    boolean[] sawStopping = new boolean[1];
    LoopThread t = new LoopThread("revkeep-test-wake", () -> {
      synchronized (monitor) {
        while (!holder[0].stopping()) {
          try {
            monitor.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    });
    holder[0] = t;
    t.start();
    t.stop(() -> {
      sawStopping[0] = holder[0].stopping();
      synchronized (monitor) {
        monitor.notifyAll();
      }
    });
    assertThat(sawStopping[0]).isTrue();
    assertThat(t.alive()).isFalse();
  }
}
