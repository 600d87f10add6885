package io.revkeep.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The attack of issue 15: many connections that never say hello and trickle one byte now and
 * then, each byte once resetting the idle timer, so they stayed open for ever. Now they are closed
 * when the hello deadline passes, beyond the cap at once, while an authenticated subscriber keeps
 * receiving events; nothing is left open afterwards.
 */
class UnauthenticatedFloodIT {
  private static final String TOKEN = "s3cret-flood-token";

  private final MemoryEventLog log = new MemoryEventLog();
  private final List<SocketChannel> attackers = new ArrayList<>();
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
  private FeedServer server;
  private FeedClient client;

  @AfterEach
  void closeEverything() throws IOException {
    trickle.shutdownNow();
    for (SocketChannel a : attackers) {
      a.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private FeedServer start(FeedServerSettings.Builder settings) throws IOException {
    server = new FeedServer(settings.build(), log, hash -> Optional.empty());
    server.start();
    return server;
  }

  private void openAttackers(int n) throws IOException {
    for (int i = 0; i < n; i++) {
      SocketChannel s = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
      s.configureBlocking(false);
      attackers.add(s);
    }
  }

  /** One byte to every attacker that is still open; a garbage byte, never a whole line. */
  private void trickleOneByteEach() {
    for (SocketChannel a : attackers) {
      try {
        if (a.isOpen()) {
          a.write(ByteBuffer.wrap(new byte[] {'{'}));
        }
      } catch (IOException e) {
        // closed by the server: what the test waits for
      }
    }
  }

  /** Whether the server closed this attacker (end of stream or reset). */
  private static boolean closedByServer(SocketChannel a) {
    try {
      return a.read(ByteBuffer.allocate(256)) < 0;
    } catch (IOException e) {
      return true;
    }
  }

  private long closedCount() {
    return attackers.stream().filter(UnauthenticatedFloodIT::closedByServer).count();
  }

  private static int openFds() {
    String[] fds = new File("/proc/self/fd").list();
    return fds == null ? -1 : fds.length;
  }

  private static long feedThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("revkeep-feed")).count();
  }

  @Test
  void five_hundred_connections_trickling_garbage_without_hello_are_closed_while_a_subscriber_keeps_receiving()
      throws Exception {
    // defaults apart from the port: the hello deadline and the idle timeout as shipped
    start(FeedServerSettings.builder(TOKEN).port(0).workerThreads(2).replayThreads(1));
    Recorder recorder = new Recorder(0);
    client = FeedClient.builder("127.0.0.1", server.port(), TOKEN).handler(recorder).build();
    client.start();
    await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
    int fdsBefore = openFds();

    openAttackers(500);
    trickle.scheduleAtFixedRate(this::trickleOneByteEach, 0, 500, TimeUnit.MILLISECONDS);
    await().atMost(Duration.ofSeconds(5)).until(() -> server.subscribers().size() == 501);

    // the subscriber is served meanwhile
    server.publish(log.append());
    await().atMost(Duration.ofSeconds(5)).until(() -> recorder.last() >= 1);

    // the hello deadline (5 s by default) closes them all, although each sends a byte twice a second
    await().atMost(Duration.ofSeconds(15)).until(() -> closedCount() == attackers.size());
    server.publish(log.append());
    await().atMost(Duration.ofSeconds(5)).until(() -> recorder.last() >= 2);
    assertThat(client.isConnected()).isTrue();
    assertThat(server.subscribers()).hasSize(1);

    trickle.shutdownNow();
    for (SocketChannel a : attackers) {
      a.close();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> openFds() <= fdsBefore);
    // the server's pools as configured (1 boss, 2 workers, 1 replay) and the client's two threads
    assertThat(feedThreads()).isLessThanOrEqualTo(1 + 2 + 1 + 2);
  }

  @Test
  void connections_beyond_the_unauthenticated_cap_are_closed_at_once_and_a_hello_still_gets_in()
      throws Exception {
    start(FeedServerSettings.builder(TOKEN).port(0).workerThreads(1).replayThreads(1)
        .helloTimeout(Duration.ofSeconds(30)).maxUnauthenticated(20));
    openAttackers(50);
    // the 30 over the cap are closed at once (well before the 30-second hello deadline)
    await().atMost(Duration.ofSeconds(5)).until(() -> closedCount() == 30);
    await().atMost(Duration.ofSeconds(5)).until(() -> server.subscribers().size() == 20);
    assertThat(closedCount()).isEqualTo(30);

    // the ones that got in and do not say hello hold their slots; once one leaves, a subscriber
    // that says hello at once gets in
    attackers.remove(attackers.size() - 1).close();
    attackers.get(0).close();
    attackers.remove(0);
    await().atMost(Duration.ofSeconds(5)).until(() -> server.subscribers().size() < 20);
    Recorder recorder = new Recorder(0);
    client = FeedClient.builder("127.0.0.1", server.port(), TOKEN).handler(recorder).build();
    client.start();
    await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
    server.publish(log.append());
    await().atMost(Duration.ofSeconds(5)).until(() -> recorder.last() >= 1);
  }

  @Test
  void after_hello_garbage_without_a_line_end_does_not_keep_a_connection_open() throws Exception {
    start(FeedServerSettings.builder(TOKEN).port(0).workerThreads(1).replayThreads(1)
        .heartbeatInterval(Duration.ofMillis(200)).idleTimeout(Duration.ofMillis(1500)));
    SocketChannel s = SocketChannel.open(new InetSocketAddress("127.0.0.1", server.port()));
    attackers.add(s);
    s.write(ByteBuffer.wrap(("{\"op\":\"hello\",\"token\":\"" + TOKEN + "\",\"since\":0}\n").getBytes()));
    s.configureBlocking(false);
    trickle.scheduleAtFixedRate(this::trickleOneByteEach, 0, 200, TimeUnit.MILLISECONDS);
    // a byte every 200 ms, never a whole line: the 1.5 s idle timeout still closes it
    await().atMost(Duration.ofSeconds(6)).until(() -> closedByServer(s));
  }
}
