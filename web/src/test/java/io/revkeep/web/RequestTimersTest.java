package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RequestTimersTest {
  @Test
  void requests_recorded_at_once_by_many_threads_each_count_under_their_own_route_and_status()
      throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    RequestTimers timers = new RequestTimers(registry);
    int threads = 8;
    int each = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String route = "/api/route-" + t;
        int status = t % 2 == 0 ? 200 : 404;
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < each; i++) {
            timers.record("GET", route, status, 1.5);
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    for (int t = 0; t < threads; t++) {
      assertThat(registry.get("revkeep.http.requests").tags("method", "GET",
          "route", "/api/route-" + t, "status", t % 2 == 0 ? "200" : "404").timer().count())
          .as("route %d", t).isEqualTo(each);
    }
    assertThat(registry.get("revkeep.http.requests").timers()).hasSize(threads);
  }
}
