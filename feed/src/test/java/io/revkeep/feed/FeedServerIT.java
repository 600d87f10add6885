package io.revkeep.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.revkeep.core.model.Event;
import java.io.File;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The feed server over real sockets on 127.0.0.1. */
class FeedServerIT {
  static final String TOKEN = "s3cret";

  private final MemoryEventLog log = new MemoryEventLog();
  private final List<AutoCloseable> closeAtEnd = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = closeAtEnd.size() - 1; i >= 0; i--) {
      closeAtEnd.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    closeAtEnd.add(c);
    return c;
  }

  static FeedServerSettings.Builder settings() {
    return FeedServerSettings.builder(TOKEN).port(0).workerThreads(2).replayThreads(2);
  }

  private FeedServer start(FeedServerSettings.Builder settings) throws IOException {
    FeedServer server = closing(new FeedServer(settings.build(), log, hash -> Optional.empty()));
    server.start();
    return server;
  }

  private void publish(FeedServer server, int n) {
    for (int i = 0; i < n; i++) {
      server.publish(log.append());
    }
  }

  private FeedClient client(FeedServer server, Recorder recorder, long since) {
    FeedClient c = closing(FeedClient.builder("127.0.0.1", server.port(), TOKEN)
        .startAfter(since).handler(recorder).build());
    c.start();
    return c;
  }

  @Test
  void a_subscriber_gets_the_log_after_its_since_then_live_events_without_gap() throws Exception {
    for (int i = 0; i < 100; i++) {
      log.append();
    }
    FeedServer server = start(settings().ringSize(16));
    publish(server, 50);
    try (RawClient raw = RawClient.connect(server.port())) {
      raw.hello(TOKEN, 20);
      assertThat(raw.readLine()).isEqualTo("{\"op\":\"welcome\",\"last\":150}");
      for (long seq = 21; seq <= 150; seq++) {
        FeedMessage m = FeedCodec.decode(raw.readLine());
        assertThat(m).isEqualTo(new FeedMessage.EventLine(MemoryEventLog.event(seq)));
      }
      publish(server, 1);
      assertThat(FeedCodec.decode(raw.readLine())).isEqualTo(new FeedMessage.EventLine(MemoryEventLog.event(151)));
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(server.subscribers())
          .singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(SubscriberInfo.State.LIVE);
            assertThat(s.lastSent()).isEqualTo(151);
            assertThat(s.lag()).isEqualTo(131);
          }));
      raw.send("{\"op\":\"ack\",\"seq\":151}");
      await().atMost(Duration.ofSeconds(5)).until(() -> server.subscribers().get(0).lag() == 0);
    }
  }

  @Test
  void events_committed_but_never_published_are_read_from_the_log_and_a_duplicate_publish_is_ignored()
      throws Exception {
    FeedServer server = start(settings().ringSize(16));
    Recorder recorder = new Recorder(0);
    client(server, recorder, 0);
    publish(server, 5);
    for (int i = 0; i < 40; i++) {
      log.append(); // committed, but the recorder crashed before publishing them
    }
    Event next = log.append();
    server.publish(next); // seq 46: a gap of 40 for the ring
    server.publish(next); // and once more: ignored
    await().atMost(Duration.ofSeconds(5)).until(() -> recorder.last() == 46);
    publish(server, 3);
    await().atMost(Duration.ofSeconds(5)).until(() -> recorder.last() == 49);
    assertThat(recorder.problems).isEmpty();
    assertThat(recorder.count()).isEqualTo(49);
  }

  @Test
  void a_subscriber_that_never_reads_is_cut_off_while_the_others_receive_everything() throws Exception {
    FeedServer server = start(settings()
        .outboundLimitBytes(128 * 1024).stallTimeout(Duration.ofSeconds(2))
        .heartbeatInterval(Duration.ofSeconds(10)).idleTimeout(Duration.ofSeconds(60)));
    List<Recorder> recorders = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Recorder r = new Recorder(0);
      recorders.add(r);
      client(server, r, 0);
    }
    RawClient stuck = closing(RawClient.connect(server.port(), 4096));
    stuck.hello(TOKEN, 0);
    await().atMost(Duration.ofSeconds(10)).until(() -> server.subscribers().size() == 21
        && server.subscribers().stream().noneMatch(s -> s.state() == SubscriberInfo.State.HANDSHAKE));

    boolean othersServedWhileItWasStalled = false;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (server.subscribers().size() > 20) {
      assertThat(System.nanoTime()).as("the stuck subscriber is cut off within 60 s").isLessThan(deadline);
      boolean stalledBefore = server.subscribers().stream()
          .anyMatch(s -> s.state() == SubscriberInfo.State.STALLED);
      publish(server, 1000);
      long last = log.lastSeq();
      await().atMost(Duration.ofSeconds(10))
          .until(() -> recorders.stream().allMatch(r -> r.last() == last));
      if (stalledBefore && server.subscribers().stream().anyMatch(s -> s.state() == SubscriberInfo.State.STALLED)) {
        othersServedWhileItWasStalled = true;
      }
    }
    assertThat(othersServedWhileItWasStalled).as("the others got a whole batch while one was stalled").isTrue();
    assertThat(stuck.closedByServer()).isTrue();
    publish(server, 10);
    await().atMost(Duration.ofSeconds(10))
        .until(() -> recorders.stream().allMatch(r -> r.last() == log.lastSeq()));
    for (Recorder r : recorders) {
      assertThat(r.problems).isEmpty();
      assertThat(r.count()).isEqualTo(log.lastSeq());
    }
  }

  @Test
  void garbage_a_huge_line_a_line_before_hello_and_a_wrong_token_each_close_only_their_own_connection()
      throws Exception {
    FeedServer server = start(settings());
    Recorder good = new Recorder(0);
    FeedClient client = client(server, good, 0);
    await().atMost(Duration.ofSeconds(5)).until(client::isConnected);
    publish(server, 10);

    try (RawClient garbage = RawClient.connect(server.port())) {
      garbage.hello(TOKEN, 10);
      assertThat(garbage.readLine()).startsWith("{\"op\":\"welcome\"");
      garbage.send("this is not JSON {");
      assertThat(garbage.closedByServer()).isTrue();
    }
    publish(server, 10);
    try (RawClient huge = RawClient.connect(server.port())) {
      huge.hello(TOKEN, 20);
      assertThat(huge.readLine()).startsWith("{\"op\":\"welcome\"");
      try {
        huge.send("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(1024 * 1024) + "\"}");
      } catch (SocketException e) {
        // the server may close before the whole megabyte is written
      }
      assertThat(huge.closedByServer()).isTrue();
    }
    publish(server, 10);
    try (RawClient early = RawClient.connect(server.port())) {
      early.send("{\"op\":\"ack\",\"seq\":3}");
      assertThat(early.closedByServer()).isTrue();
    }
    try (RawClient unknown = RawClient.connect(server.port())) {
      unknown.hello(TOKEN, 30);
      assertThat(unknown.readLine()).startsWith("{\"op\":\"welcome\"");
      unknown.send("{\"op\":\"dance\"}");
      assertThat(unknown.closedByServer()).isTrue();
    }
    try (RawClient wrong = RawClient.connect(server.port())) {
      wrong.hello("guess", 0);
      assertThat(wrong.readLine()).isEqualTo("{\"op\":\"error\",\"message\":\"wrong token\"}");
      assertThat(wrong.closedByServer()).isTrue();
    }
    publish(server, 10);
    await().atMost(Duration.ofSeconds(5)).until(() -> good.last() == 40);
    assertThat(good.problems).isEmpty();
    assertThat(client.welcomes()).as("the good client was never disconnected").isEqualTo(1);
    await().atMost(Duration.ofSeconds(5)).until(() -> server.subscribers().size() == 1);
  }

  @Test
  void ten_thousand_connect_disconnect_cycles_leave_no_threads_descriptors_or_subscribers() throws Exception {
    FeedServer server = start(settings());
    publish(server, 100);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      runCycles(server, pool, 200); // warm up: every event loop thread started, classes loaded
      await().atMost(Duration.ofSeconds(10)).until(() -> server.subscribers().isEmpty());
      int threads = threadCount();
      int fds = openDescriptors();

      long start = System.nanoTime();
      runCycles(server, pool, 10_000);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      System.out.printf("10,000 connect/hello/welcome/close cycles took %d ms%n", millis);

      await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
        assertThat(server.subscribers()).isEmpty();
        assertThat(openDescriptors()).isLessThanOrEqualTo(fds);
        assertThat(threadCount()).isLessThanOrEqualTo(threads);
      });
    } finally {
      pool.shutdownNow();
    }
    server.close();
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(serverThreads()).isEmpty());
  }

  /** Names of the live threads a FeedServer starts. */
  static List<String> serverThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("revkeep-feed-boss") || n.startsWith("revkeep-feed-worker")
            || n.startsWith("revkeep-feed-replay"))
        .toList();
  }

  /** Names of the live threads a FeedClient starts. */
  static List<String> clientThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith("revkeep-feed-client")).toList();
  }

  /** Each cycle: connect, and by turns: hello and welcome; nothing; garbage; wrong token. */
  private static void runCycles(FeedServer server, ExecutorService pool, int cycles) throws Exception {
    List<Future<?>> futures = new ArrayList<>();
    int perWorker = cycles / 4;
    for (int w = 0; w < 4; w++) {
      futures.add(pool.submit(() -> {
        for (int i = 0; i < perWorker; i++) {
          try (RawClient c = RawClient.connect(server.port())) {
            switch (i % 4) {
              case 0, 1 -> {
                c.hello(TOKEN, 100);
                assertThat(c.readLine()).startsWith("{\"op\":\"welcome\"");
              }
              case 2 -> c.send("not json");
              default -> { }
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
  }

  /** Live threads of this JVM, but Awaitility's pollers (one per await, coming and going). */
  private static int threadCount() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.getName().startsWith("awaitility")).count();
  }

  private static int openDescriptors() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  @Test
  void a_peer_that_stops_talking_is_closed_after_the_idle_timeout_while_a_client_with_heartbeats_stays()
      throws Exception {
    FeedServer server = start(settings()
        .heartbeatInterval(Duration.ofMillis(100)).idleTimeout(Duration.ofMillis(1000)));
    FeedClient alive = closing(FeedClient.builder("127.0.0.1", server.port(), TOKEN)
        .heartbeatInterval(Duration.ofMillis(100)).idleTimeout(Duration.ofMillis(1000))
        .handler(new Recorder(0)).build());
    alive.start();
    try (RawClient silent = RawClient.connect(server.port());
         RawClient mute = RawClient.connect(server.port())) {
      silent.hello(TOKEN, 0);
      long start = System.nanoTime();
      assertThat(silent.readLine()).startsWith("{\"op\":\"welcome\"");
      assertThat(silent.readLine()).as("the server pings").isEqualTo("{\"op\":\"ping\"}");
      assertThat(silent.closedByServer()).isTrue();
      assertThat(mute.closedByServer()).as("a peer that never says hello is closed too").isTrue();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }
    await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(5)).until(alive::isConnected);
    assertThat(alive.welcomes()).isEqualTo(1);
  }

  @Test
  void close_releases_every_thread_and_connection() throws Exception {
    FeedServer server = new FeedServer(settings().build(), log, hash -> Optional.empty());
    server.start();
    publish(server, 5);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Recorder r = new Recorder(0);
      FeedClient c = FeedClient.builder("127.0.0.1", server.port(), TOKEN).reconnect(false)
          .eventLoopGroup(group).handler(r).build();
      c.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> r.last() == 5);
      server.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> !c.isConnected());
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(serverThreads()).isEmpty());
      c.close();
      await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(clientThreads()).isEmpty());
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
    }
  }

  static Event event(long seq) {
    return MemoryEventLog.event(seq);
  }
}
