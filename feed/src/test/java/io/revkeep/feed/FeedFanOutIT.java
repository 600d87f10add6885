package io.revkeep.feed;

import static io.revkeep.feed.FeedServerIT.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.store.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One server on a real SQLite event log, a thousand subscribers on loopback sharing two I/O
 * threads.
 */
class FeedFanOutIT {
  private static final int SUBSCRIBERS = 1000;
  private static final int EVENTS = 2000;
  /** Events recorded per store transaction, then published one by one, as the listener does. */
  private static final int BATCH = 20;

  @TempDir Path dir;
  private final Map<Long, Event> published = new ConcurrentHashMap<>();
  private int files;

  /** Records the next {@code n} events (new files dir/file-SEQ.txt) in one transaction. */
  private List<Event> record(SqliteStore store, int n) {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      files++;
      changes.add(Change.content("dir/file-" + files + ".txt", "%064x".formatted(files), files,
          files, Instant.parse("2026-11-25T10:00:00Z").plusMillis(files), "alice", "host1:/srv"));
    }
    List<Event> events = store.recordAll(changes).stream().map(Optional::orElseThrow).toList();
    events.forEach(e -> published.put(e.seq(), e));
    return events;
  }

  @Test
  void a_thousand_subscribers_joining_at_various_since_each_get_every_event_in_order_once() throws Exception {
    SqliteStore log = SqliteStore.open(dir.resolve("revkeep.db"));
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2,
        new DefaultThreadFactory("test-clients", true), NioIoHandler.newFactory());
    ExecutorService handlers = Executors.newFixedThreadPool(2);
    List<FeedClient> clients = new ArrayList<>();
    List<Recorder> recorders = new ArrayList<>();
    List<Long> sinces = new ArrayList<>();
    // a small ring: subscribers far behind read from the event log, the others from memory
    try (FeedServer server = new FeedServer(FeedServerIT.settings().ringSize(256).build(), log,
        h -> Optional.empty())) {
      server.start();
      Thread recorder = new Thread(() -> {
        for (int i = 0; i < EVENTS; i += BATCH) {
          record(log, BATCH).forEach(server::publish);
        }
      }, "test-recorder");
      recorder.start();
      for (int i = 0; i < SUBSCRIBERS; i++) {
        long last = log.lastSeq();
        long since = switch (i % 4) {
          case 0 -> 0;                        // everything from the log
          case 1 -> last;                     // right at the head: the seam
          case 2 -> Math.max(0, last - 300);  // just out of the ring
          default -> last / 2;
        };
        Recorder r = new Recorder(since, published::get);
        FeedClient c = FeedClient.builder("127.0.0.1", server.port(), TOKEN)
            .startAfter(since).eventLoopGroup(group).deliveryExecutor(handlers).handler(r).build();
        c.start();
        clients.add(c);
        recorders.add(r);
        sinces.add(since);
      }
      recorder.join(60_000);
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> recorders.stream().allMatch(r -> r.last() == EVENTS));
      for (int i = 0; i < SUBSCRIBERS; i++) {
        assertThat(recorders.get(i).problems).as("subscriber %d", i).isEmpty();
        assertThat(recorders.get(i).count()).as("subscriber %d", i).isEqualTo(EVENTS - sinces.get(i));
      }
      assertThat(server.subscribers()).hasSize(SUBSCRIBERS)
          .allSatisfy(s -> assertThat(s.lastSent()).isEqualTo(EVENTS));
      assertThat(clients).allMatch(c -> c.welcomes() == 1);

      // live fan-out throughput: everyone at the head
      List<Event> next = record(log, EVENTS);
      long start = System.nanoTime();
      next.forEach(server::publish);
      long published = System.nanoTime();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
          .until(() -> recorders.stream().allMatch(r -> r.last() == 2L * EVENTS));
      long done = System.nanoTime();
      double seconds = (done - start) / 1e9;
      System.out.printf("live: %d events to %d subscribers in %.2f s (publish %.1f ms): %.0f deliveries/s%n",
          EVENTS, SUBSCRIBERS, seconds, (published - start) / 1e6, EVENTS * (double) SUBSCRIBERS / seconds);
      for (Recorder r : recorders) {
        assertThat(r.problems).isEmpty();
      }
    } finally {
      for (FeedClient c : clients) {
        c.close();
      }
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
      handlers.shutdownNow();
      log.close();
    }
  }
}
