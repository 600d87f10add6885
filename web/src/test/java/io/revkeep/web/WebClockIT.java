package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revkeep.core.Passwords;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The web reads time from the Clock it is started with, not from the wall. */
class WebClockIT {
  @TempDir Path tmp;

  @Test
  void the_start_time_and_relative_moments_come_from_the_clock_given() throws Exception {
    int deadPort = Http.unusedPort();
    Instant then = Instant.parse("2026-01-05T10:00:00Z");
    Clock clock = Clock.fixed(then, ZoneOffset.UTC);
    Path data = Files.createDirectories(tmp.resolve("data"));
    try (SqliteStore store = SqliteStore.open(data.resolve("revkeep.db"));
        WebDaemon web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1024, false,
            Files.createDirectories(tmp.resolve("shared")), data, List.of(), "127.0.0.1",
            deadPort, "t"), store, new Vault(data.resolve("vault")),
            new PrintStream(new ByteArrayOutputStream()),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock)) {
      await().atMost(Duration.ofSeconds(10))
          .until(() -> new StatusBoard(data).read("web").isPresent());
      assertThat(new StatusBoard(data).read("web").orElseThrow().started()).isEqualTo(then);

      store.addUser(new User("ann", Passwords.hash("ann-password".toCharArray()), Role.VIEWER));
      Http ann = new Http("http://127.0.0.1:" + web.port());
      assertThat(ann.login("ann", "ann-password").statusCode()).isEqualTo(200);
      assertThat(Http.json(ann.get("/api/files?at=1h")).get("at").asText())
          .isEqualTo("2026-01-05T09:00:00Z");
    }
  }
}
