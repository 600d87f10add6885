package io.revkeep.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feed over TLS (issue 15: the token crossed the network in clear). Certificates are made at
 * run time by a throwaway CA; nothing is committed.
 */
class FeedTlsIT {
  private static final String TOKEN = "tls-feed-token-0123456789";

  @TempDir Path pki;
  private final MemoryEventLog log = new MemoryEventLog();
  private final List<AutoCloseable> closeAtEnd = new ArrayList<>();
  private ThrowawayCa ca;
  private ThrowawayCa.Issued serverFiles;

  @BeforeEach
  void makeCertificates() {
    ca = ThrowawayCa.create(pki.resolve("ca"), "revkeep test CA");
    serverFiles = ca.issue("listener", "localhost", "127.0.0.1");
  }

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

  private FeedServer server(SslContext tls) throws IOException {
    FeedServer s = closing(new FeedServer(FeedServerSettings.builder(TOKEN).port(0).workerThreads(1)
        .replayThreads(1).tls(tls).build(), log, hash -> Optional.empty()));
    s.start();
    return s;
  }

  private FeedClient client(String host, int port, SslContext tls, Recorder recorder) {
    FeedClient c = closing(FeedClient.builder(host, port, TOKEN).tls(tls).handler(recorder)
        .backoff(Duration.ofMillis(50), Duration.ofMillis(200)).build());
    c.start();
    return c;
  }

  @Test
  void a_client_that_trusts_the_ca_receives_events_and_the_token_never_crosses_the_wire_in_clear()
      throws Exception {
    FeedServer server = server(FeedTls.server(serverFiles.cert(), serverFiles.key()));
    RecordingRelay relay = closing(new RecordingRelay(server.port()));
    Recorder recorder = new Recorder(0);
    FeedClient client = client("localhost", relay.port(), FeedTls.client(ca.caFile()), recorder);

    await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
    for (int i = 0; i < 20; i++) {
      server.publish(log.append());
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> recorder.last() == 20);
    assertThat(recorder.problems).isEmpty();

    assertThat(relay.recordedBytes()).isGreaterThan(1000);
    assertThat(relay.sawBytes(TOKEN)).isFalse();
    assertThat(relay.sawBytes("\"op\":\"hello\"")).isFalse();
    assertThat(relay.sawBytes("\"op\":\"event\"")).isFalse();
  }

  @Test
  void without_tls_the_relay_does_see_the_token_so_the_check_above_means_something() throws Exception {
    FeedServer server = server(null);
    RecordingRelay relay = closing(new RecordingRelay(server.port()));
    FeedClient client = client("127.0.0.1", relay.port(), null, new Recorder(0));
    await().atMost(Duration.ofSeconds(10)).until(client::isConnected);
    await().atMost(Duration.ofSeconds(5)).until(() -> relay.sawBytes(TOKEN));
  }

  @Test
  void a_client_with_another_ca_is_refused_with_one_clear_reason_and_never_says_hello() throws Exception {
    FeedServer server = server(FeedTls.server(serverFiles.cert(), serverFiles.key()));
    ThrowawayCa stranger = ThrowawayCa.create(pki.resolve("other"), "someone else's CA");
    RecordingRelay relay = closing(new RecordingRelay(server.port()));
    FeedClient client = client("localhost", relay.port(), FeedTls.client(stranger.caFile()), new Recorder(0));

    await().atMost(Duration.ofSeconds(10)).until(() -> client.lastFailure().isPresent());
    await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() ->
        client.lastFailure().equals(Optional.of("the server's certificate is not signed by a"
            + " trusted CA ([tls] ca, or the system's CAs when it is empty)")));
    assertThat(client.isConnected()).isFalse();
    assertThat(client.welcomes()).isZero();
    assertThat(relay.sawBytes(TOKEN)).isFalse();
  }

  @Test
  void a_certificate_for_another_host_is_refused() throws Exception {
    ThrowawayCa.Issued elsewhere = ca.issue("elsewhere", "files.example.org");
    FeedServer server = server(FeedTls.server(elsewhere.cert(), elsewhere.key()));
    FeedClient client = client("localhost", server.port(), FeedTls.client(ca.caFile()), new Recorder(0));

    await().atMost(Duration.ofSeconds(10)).until(() -> client.lastFailure().isPresent());
    assertThat(client.lastFailure().get()).startsWith("the server's certificate does not name this host");
    assertThat(client.welcomes()).isZero();
  }

  @Test
  void a_plain_client_gets_nothing_from_a_tls_feed() throws Exception {
    FeedServer server = server(FeedTls.server(serverFiles.cert(), serverFiles.key()));
    try (RawClient raw = RawClient.connect(server.port())) {
      raw.hello(TOKEN, 0);
      assertThat(raw.closedByServer()).isTrue();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> server.subscribers().isEmpty());
  }

  @Test
  void a_tls_client_on_a_plain_feed_says_so() throws Exception {
    FeedServer server = server(null);
    FeedClient client = client("localhost", server.port(), FeedTls.client(ca.caFile()), new Recorder(0));
    await().atMost(Duration.ofSeconds(10)).until(() -> client.lastFailure().isPresent());
    assertThat(client.lastFailure()).contains(
        "the connection closed during the TLS handshake (does the other end speak TLS?)");
    assertThat(client.welcomes()).isZero();
  }
}
