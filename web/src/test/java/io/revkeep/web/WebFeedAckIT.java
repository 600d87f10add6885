package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.feed.SubscriberInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    try (WebOnFeed w = new WebOnFeed(tmp)) {
      for (int i = 1; i <= 300; i++) {
        Event e = w.store.record(Change.content("f" + i + ".txt", "%064x".formatted(i), 1, i,
            Instant.ofEpochSecond(i), "alice", "here")).orElseThrow();
        w.feed.publish(e);
      }
      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(w.feed.subscribers()).singleElement().satisfies(s -> {
          assertThat(s.lastAcked()).isEqualTo(300);
          assertThat(s.lag()).isZero();
        });
      });
      SubscriberInfo web1 = w.feed.subscribers().get(0);
      assertThat(web1.lastSent()).isEqualTo(300);
    }
  }
}
