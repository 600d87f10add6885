package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revkeep.core.store.Store;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * {@code GET /metrics}: every meter of this process in the Prometheus text format, and the
 * web's own meters (uploads, restores, event streams, sessions, feed, store) bound to the
 * process's registry. Micrometer holds a gauge's object weakly, so the suppliers are kept here,
 * as long as the web keeps this.
 *
 * @param eventStreams how many {@code /api/events} streams are open
 * @param sessions how many sessions are logged in
 * @param feedConnected whether the web's feed subscription is connected
 */
record MetricsRoutes(PrometheusMeterRegistry registry, IntSupplier eventStreams,
    IntSupplier sessions, BooleanSupplier feedConnected) {
  void register(RoutesConfig routes) {
    routes.get("/metrics", this::metrics);
  }

  /** Registers the web's own meters: these counters, the store's last seq, the suppliers. */
  void bind(Uploads uploads, AtomicLong restores, Store store) {
    FunctionCounter.builder("revkeep.web.uploaded.files", uploads.filesWritten, AtomicLong::get)
        .description("Files written by uploads.").register(registry);
    FunctionCounter.builder("revkeep.web.uploaded.bytes", uploads.bytesWritten, AtomicLong::get)
        .description("Bytes written by uploads.").register(registry);
    FunctionCounter.builder("revkeep.web.restores", restores, AtomicLong::get)
        .description("Versions restored.").register(registry);
    Gauge.builder("revkeep.web.event.streams", eventStreams, IntSupplier::getAsInt)
        .description("Open /api/events streams.").register(registry);
    Gauge.builder("revkeep.web.sessions", sessions, IntSupplier::getAsInt)
        .description("Logged-in sessions.").register(registry);
    Gauge.builder("revkeep.web.feed.connected", feedConnected, f -> f.getAsBoolean() ? 1 : 0)
        .description("1 while the feed is connected.").register(registry);
    Gauge.builder("revkeep.store.last.seq", store, s -> {
      try {
        return s.lastSeq();
      } catch (RuntimeException e) {
        return Double.NaN;
      }
    }).description("The newest event's seq.").register(registry);
  }

  /**
   * Registers the connection meters: open HTTP connections, the limit, and the connections
   * closed because they sent no request in time ({@link HeaderDeadline}, which the web keeps).
   */
  static void bindConnections(PrometheusMeterRegistry registry, HeaderDeadline deadline,
      int maxConnections) {
    Gauge.builder("revkeep.web.connections", deadline, HeaderDeadline::open)
        .description("Open HTTP connections.").register(registry);
    Gauge.builder("revkeep.web.connections.max", () -> maxConnections)
        .description("The most open connections ([web] max_connections).").register(registry);
    FunctionCounter.builder("revkeep.web.connections.late", deadline,
            HeaderDeadline::closedLate)
        .description("Connections closed for sending no request within [web] header_timeout.")
        .register(registry);
  }

  private void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape());
  }
}
