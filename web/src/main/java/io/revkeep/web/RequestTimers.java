package io.revkeep.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code revkeep.http.requests} timers, one per method, route and status, each registered
 * once and then only recorded into: every request's log line ends here, so it neither builds a
 * meter nor shares a mutable builder with the other request threads.
 *
 * <p>Threads: Jetty's request threads at once. State: a concurrent map of timers (a route is
 * the matched route's pattern, or "unmatched", so the map stays as small as the routes).
 */
final class RequestTimers {
  private record Key(String method, String route, int status) {}

  private final MeterRegistry registry;
  private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

  RequestTimers(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Records one request's time. */
  void record(String method, String route, int status, double millis) {
    timers.computeIfAbsent(new Key(method, route, status), k -> Timer
            .builder("revkeep.http.requests")
            .description("HTTP requests by method, route and status.")
            .tags("method", k.method(), "route", k.route(), "status", Integer.toString(k.status()))
            .register(registry))
        .record(Math.round(millis * 1000), TimeUnit.MICROSECONDS);
  }
}
