package io.revkeep.feed;

import static io.revkeep.feed.FeedServerIT.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.vault.BlobSource;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The feed client against a real server on 127.0.0.1: fetch and reconnect. */
class FeedClientIT {

  @TempDir Path dir;
  private final MemoryEventLog log = new MemoryEventLog();

  @Test
  void a_fetched_multi_megabyte_blob_arrives_byte_exact_and_an_unknown_hash_fails_clearly() throws Exception {
    byte[] bytes = new byte[7 * 1024 * 1024 + 123];
    new Random(42).nextBytes(bytes);
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    Path vault = Files.write(dir.resolve("vault-object"), bytes);
    Map<String, Path> objects = Map.of(hash, vault);
    BlobSource blobs = h -> {
      Path p = objects.get(h);
      return p == null ? Optional.empty() : Optional.<InputStream>of(Files.newInputStream(p));
    };
    try (FeedServer server = new FeedServer(FeedServerIT.settings().build(), log, blobs)) {
      server.start();
      try (FeedClient client = FeedClient.builder("127.0.0.1", server.port(), TOKEN)
          .handler(new Recorder(0)).build()) {
        client.start();
        await().atMost(Duration.ofSeconds(5)).until(client::isConnected);

        Path dest = dir.resolve("copy.bin");
        long started = System.nanoTime();
        long size = client.fetch(hash, dest).get(30, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("fetched %d bytes in %d ms%n", size, millis);
        assertThat(size).isEqualTo(bytes.length);
        assertThat(Files.mismatch(vault, dest)).isEqualTo(-1L);
        assertThat(Files.list(dir)).as("no temporary file left").hasSize(2);

        CompletableFuture<Long> unknown = client.fetch("0".repeat(64), dir.resolve("nothing"));
        assertThat(unknown).failsWithin(Duration.ofSeconds(10))
            .withThrowableOfType(ExecutionException.class)
            .havingCause()
            .isInstanceOf(BlobMissingException.class)
            .withMessage("fetch " + "0".repeat(64) + ": the server does not have this blob");
        assertThat(dir.resolve("nothing")).doesNotExist();

        assertThat(client.fetch("not-a-hash", dest)).failsWithin(Duration.ofSeconds(1))
            .withThrowableOfType(ExecutionException.class)
            .havingCause().isInstanceOf(IllegalArgumentException.class)
            .withMessageContaining("64 lower-case hex digits");
        assertThat(client.welcomes()).isEqualTo(1);
      }
    }
  }

  @Test
  void after_a_server_restart_on_the_same_port_the_client_reconnects_and_resumes_after_its_cursor()
      throws Exception {
    Recorder recorder = new Recorder(0);
    int port;
    FeedServer first = new FeedServer(FeedServerIT.settings().build(), log, h -> Optional.empty());
    first.start();
    port = first.port();
    FeedClient client = FeedClient.builder("127.0.0.1", port, TOKEN)
        .backoff(Duration.ofMillis(50), Duration.ofMillis(500))
        .handler(recorder).build();
    try (client) {
      client.start();
      for (int i = 0; i < 100; i++) {
        first.publish(log.append());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> recorder.last() == 100);
      first.close();
      await().atMost(Duration.ofSeconds(5)).until(() -> !client.isConnected());

      for (int i = 0; i < 200; i++) {
        log.append(); // committed while the feed was down
      }
      try (FeedServer second = new FeedServer(FeedServerIT.settings().port(port).build(), log,
          h -> Optional.empty())) {
        second.start();
        for (int i = 0; i < 50; i++) {
          second.publish(log.append());
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> recorder.last() == 350);
        assertThat(client.welcomes()).isEqualTo(2);
        assertThat(recorder.count()).isEqualTo(350);
        assertThat(recorder.problems).isEmpty();
        assertThat(second.subscribers()).singleElement()
            .satisfies(s -> assertThat(s.lastSent()).isEqualTo(350));
      }
    }
  }

  @Test
  void the_since_supplier_is_asked_at_every_connect_and_a_failing_handler_gets_the_event_again()
      throws Exception {
    for (int i = 0; i < 30; i++) {
      log.append();
    }
    try (FeedServer server = new FeedServer(FeedServerIT.settings().build(), log, h -> Optional.empty())) {
      server.start();
      AtomicLong durable = new AtomicLong(10);
      AtomicBoolean failedOnce = new AtomicBoolean();
      Recorder recorder = new Recorder(10);
      try (FeedClient client = FeedClient.builder("127.0.0.1", server.port(), TOKEN)
          .since(durable::get)
          .backoff(Duration.ofMillis(20), Duration.ofMillis(100))
          .handler(e -> {
            if (e.seq() == 20 && failedOnce.compareAndSet(false, true)) {
              throw new IllegalStateException("disk full");
            }
            recorder.onEvent(e);
            durable.set(e.seq());
          }).build()) {
        client.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.last() == 30);
        assertThat(failedOnce).isTrue();
        assertThat(client.welcomes()).isEqualTo(2);
        assertThat(recorder.problems).isEmpty();
        assertThat(recorder.count()).isEqualTo(20);
      }
    }
  }

  @Test
  void a_subscriber_whose_handler_is_stuck_is_cut_off_without_slowing_the_others_and_resumes_without_gap()
      throws Exception {
    FeedServerSettings settings = FeedServerIT.settings()
        .outboundLimitBytes(128 * 1024).stallTimeout(Duration.ofSeconds(1)).build();
    try (FeedServer server = new FeedServer(settings, log, h -> Optional.empty())) {
      server.start();
      Recorder fast = new Recorder(0);
      Recorder slow = new Recorder(0);
      CountDownLatch gate = new CountDownLatch(1);
      try (FeedClient fastClient = FeedClient.builder("127.0.0.1", server.port(), TOKEN).handler(fast).build();
           FeedClient stuckClient = FeedClient.builder("127.0.0.1", server.port(), TOKEN)
               .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
               .handler(e -> {
                 gate.await();
                 slow.onEvent(e);
               }).build()) {
        fastClient.start();
        stuckClient.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> fastClient.isConnected() && stuckClient.isConnected());
        // publish until the server gives up on the stuck one: its backlog, then its socket
        // buffers, then its outbound buffer fill up; the fast one keeps up all the while
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.subscribers().size() > 1) {
          assertThat(System.nanoTime()).as("the stuck subscriber is cut off within 60 s").isLessThan(deadline);
          for (int i = 0; i < 2000; i++) {
            server.publish(log.append());
          }
          long last = log.lastSeq();
          await().atMost(Duration.ofSeconds(10)).until(() -> fast.last() == last);
        }
        // held back: it does not reconnect while its handler is 4,000 events behind
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
            .until(() -> server.subscribers().size() == 1);
        gate.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> slow.last() == log.lastSeq());
        assertThat(stuckClient.welcomes()).isEqualTo(2);
        assertThat(slow.problems).isEmpty();
        assertThat(slow.count()).isEqualTo(log.lastSeq());
        assertThat(fast.problems).isEmpty();
        assertThat(fastClient.welcomes()).isEqualTo(1);
        System.out.printf("stuck subscriber cut off after %d events%n", log.lastSeq());
      }
    }
  }
}
