package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slow-header attack (issue 15): connections that send a request line and then one header
 * byte at a time, never finishing their headers. Jetty's idle timeout is reset by every byte, so
 * each stayed open as long as its client liked (500 of them, dripping every 500 ms: none closed
 * after 40 s). Now a connection that sends no complete request within the header timeout is
 * closed (HeaderDeadline), and at most [web] max_connections are open at once.
 */
class SlowHeaderFloodIT {
  static final int SLOW_CLIENTS = 500;
  static final Duration DRIP = Duration.ofMillis(500);

  @TempDir Path tmp;

  private WebDaemon start(ConnectionLimits limits, PrometheusMeterRegistry registry,
      SqliteStore store) throws Exception {
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Path data = tmp.resolve("data");
    return WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1024, false, shared, data,
            List.of(), "127.0.0.1", Http.unusedPort(), "t").withConnections(limits), store,
        new Vault(data.resolve("vault")), new PrintStream(new ByteArrayOutputStream()), registry);
  }

  private SqliteStore store() throws Exception {
    return SqliteStore.open(Files.createDirectories(tmp.resolve("data")).resolve("revkeep.db"));
  }

  @Test
  void five_hundred_slow_header_connections_are_closed_at_the_deadline_and_health_answers()
      throws Exception {
    Duration deadline = Duration.ofSeconds(5); // 10 s in production; short, so the test is
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (SqliteStore store = store();
        WebDaemon web = start(new ConnectionLimits(1000, deadline), registry, store);
        SlowHeaderClients slow = new SlowHeaderClients(web.port(), SLOW_CLIENTS, DRIP)) {
      // health answers while they are all open
      Http client = new Http("http://127.0.0.1:" + web.port());
      for (int i = 0; i < 3; i++) {
        assertThat(client.get("/api/health").statusCode()).isIn(200, 503);
      }
      assertThat(slow.closed()).isZero();
      assertThat(registry.get("revkeep.web.connections").gauge().value())
          .isGreaterThanOrEqualTo(SLOW_CLIENTS);

      // each is closed by the server once it is late, not before
      try {
        await().atMost(deadline.plusSeconds(4)).pollInterval(Duration.ofMillis(100))
            .until(() -> slow.closed() == SLOW_CLIENTS);
      } finally {
        System.out.printf("slow-header connections closed by the server within %d s: %d of %d%n",
            deadline.plusSeconds(4).toSeconds(), slow.closed(), SLOW_CLIENTS);
      }
      System.out.printf("closed after %d to %d ms (header timeout %d ms)%n",
          slow.shortest().toMillis(), slow.longest().toMillis(), deadline.toMillis());
      assertThat(slow.shortest()).isGreaterThanOrEqualTo(deadline);
      // a sweep every second: the one after the deadline, or the next when a drip had just
      // come and was not read yet at that one (HeaderDeadline.waitingForClient), and a second
      // for the client to notice
      assertThat(slow.longest()).isLessThanOrEqualTo(deadline.plusSeconds(3));
      assertThat(registry.get("revkeep.web.connections.late").functionCounter().count())
          .isGreaterThanOrEqualTo(SLOW_CLIENTS);

      // an ordinary client is served as before, keep-alive included
      for (int i = 0; i < 3; i++) {
        assertThat(client.get("/api/health").statusCode()).isIn(200, 503);
      }
    }
  }

  @Test
  void connections_beyond_the_limit_wait_and_are_served_once_the_late_ones_are_closed()
      throws Exception {
    Duration deadline = Duration.ofSeconds(2);
    int limit = 40;
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try (SqliteStore store = store();
        WebDaemon web = start(new ConnectionLimits(limit, deadline), registry, store);
        SlowHeaderClients slow = new SlowHeaderClients(web.port(), limit + 20, DRIP)) {
      // the server holds at most the limit, however many connect
      AtomicInteger most = new AtomicInteger();
      await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
        int open = (int) registry.get("revkeep.web.connections").gauge().value();
        most.accumulateAndGet(open, Math::max);
        return open == limit;
      });

      // a request made now waits for a free place, which the late ones give up
      Http client = new Http("http://127.0.0.1:" + web.port());
      long asked = System.nanoTime();
      CompletableFuture<HttpResponse<String>> health = CompletableFuture.supplyAsync(() -> {
        try {
          return client.get("/api/health");
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
        most.accumulateAndGet((int) registry.get("revkeep.web.connections").gauge().value(),
            Math::max);
        return health.isDone();
      });
      assertThat(health.get(10, TimeUnit.SECONDS).statusCode()).isIn(200, 503);
      Duration waited = Duration.ofNanos(System.nanoTime() - asked);
      System.out.printf("with %d slow connections open (limit %d), health answered after %d ms%n",
          limit, limit, waited.toMillis());
      assertThat(most.get()).isEqualTo(limit);
      assertThat(waited).isLessThan(deadline.multipliedBy(2).plusSeconds(2));

      await().atMost(deadline.multipliedBy(2).plusSeconds(3)).pollInterval(Duration.ofMillis(100))
          .until(() -> slow.closed() == limit + 20);
    }
  }
}
