package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServer;
import io.revkeep.feed.FeedServerSettings;
import io.revkeep.feed.SubscriberInfo;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: the web acknowledges every event it has handed to its streams, so its lag at the
 * listener stays 0 however many changes go by (it grew with each one, and after 10,000 the
 * health said "degraded" for good).
 */
class WebFeedAckIT {
  @TempDir Path tmp;

  @Test
  void the_webs_subscription_acknowledges_every_event_it_handled() throws Exception {
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Path data = Files.createDirectories(tmp.resolve("data"));
    try (SqliteStore store = SqliteStore.open(data.resolve("revkeep.db"))) {
      Vault vault = new Vault(data.resolve("vault"));
      FeedServer feed = new FeedServer(FeedServerSettings.builder("a-feed-token-0123")
          .bindAddress("127.0.0.1").port(0).build(), store, vault);
      feed.start();
      try (WebDaemon web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1024, false,
          shared, data, List.of(), "127.0.0.1", feed.port(), "a-feed-token-0123"), store, vault,
          new PrintStream(new ByteArrayOutputStream()))) {
        await().atMost(Duration.ofSeconds(10)).until(web::feedConnected);
        for (int i = 1; i <= 300; i++) {
          Event e = store.record(Change.content("f" + i + ".txt", "%064x".formatted(i), 1, i,
              Instant.ofEpochSecond(i), "alice", "here")).orElseThrow();
          feed.publish(e);
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
          assertThat(feed.subscribers()).singleElement().satisfies(s -> {
            assertThat(s.lastAcked()).isEqualTo(300);
            assertThat(s.lag()).isZero();
          });
        });
        SubscriberInfo web1 = feed.subscribers().get(0);
        assertThat(web1.lastSent()).isEqualTo(300);
      } finally {
        feed.close();
      }
    }
  }
}
