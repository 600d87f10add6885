package io.revkeep.store.couchbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.feed.FeedClient;
import io.revkeep.feed.FeedServer;
import io.revkeep.feed.FeedServerSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The feed over a Couchbase event log with a hole: a writer that died after taking its seq
 * leaves a number no event will ever have. Subscribers, live and replaying, get every event
 * around it, in order, on one connection, once the store has declared the hole.
 */
class CouchbaseFeedHoleIT {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final String TOKEN = "hole-test-token";
  private static TestCluster cluster;

  @BeforeAll
  static void startMock() {
    cluster = TestCluster.mock();
  }

  @AfterAll
  static void stopMock() {
    cluster.close();
  }

  private static Change put(String path, String hash, long second) {
    return Change.content(path, hash, 1, second, T0.plusSeconds(second), "alice", "host:/srv");
  }

  @Test
  void subscribers_skip_a_declared_hole_and_stay_connected() throws Exception {
    CouchbaseStore dying = cluster.newStore(TestCluster.FAST);
    String ns = dying.toString().replaceAll(".*couchbase test (\\S+)\\]$", "$1");
    try (dying; CouchbaseStore store = cluster.storeIn(ns, TestCluster.FAST);
        FeedServer server = new FeedServer(FeedServerSettings.builder(TOKEN).port(0)
            .bindAddress("127.0.0.1").build(), store, h -> Optional.empty())) {
      server.start();
      List<Long> live = new CopyOnWriteArrayList<>();
      try (FeedClient liveClient = FeedClient.builder("127.0.0.1", server.port(), TOKEN)
          .handler(e -> live.add(e.seq())).build()) {
        liveClient.start();
        await("live client connected").atMost(Duration.ofSeconds(10)).until(liveClient::isConnected);

        server.publish(store.record(put("a.txt", "a".repeat(64), 1)).orElseThrow());
        dying.crashAt(step -> {
          if (step.equals("seq")) {
            throw new Crash.CrashedForTest(step);
          }
        });
        assertThatThrownBy(() -> dying.record(put("lost.txt", "b".repeat(64), 2)))
            .isInstanceOf(Crash.CrashedForTest.class); // seq 2 handed out, never written
        Event third = store.record(put("c.txt", "c".repeat(64), 3)).orElseThrow();
        assertThat(third.seq()).isEqualTo(3);
        server.publish(third); // the ring jumps from 1 to 3

        await("live gets 1 and 3").atMost(Duration.ofSeconds(10)).until(() -> live.size() == 2);
        assertThat(live).containsExactly(1L, 3L);
        assertThat(store.isHole(2)).isTrue();
        assertThat(store.isHole(3)).isFalse();
        assertThat(liveClient.welcomes()).isEqualTo(1); // never cut off on the way

        // a subscriber that replays everything from the log meets the hole too
        List<Long> replayed = new CopyOnWriteArrayList<>();
        try (FeedClient late = FeedClient.builder("127.0.0.1", server.port(), TOKEN)
            .handler(e -> replayed.add(e.seq())).build()) {
          late.start();
          await("replay gets 1 and 3").atMost(Duration.ofSeconds(10)).until(() -> replayed.size() == 2);
          assertThat(replayed).containsExactly(1L, 3L);
          assertThat(late.welcomes()).isEqualTo(1);
        }
      }
    }
  }
}
