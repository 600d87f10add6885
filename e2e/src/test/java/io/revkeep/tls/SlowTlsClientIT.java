package io.revkeep.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.config.TlsConfig;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.ThrowawayCa;
import io.revkeep.web.ConnectionLimits;
import io.revkeep.web.WebDaemon;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slow-header attack over HTTPS: a client that trickles its TLS handshake, and one that
 * completes it and then trickles its request headers, are both closed at the web's header
 * timeout (HeaderDeadline watches the HTTP connection from the socket's opening, under TLS too).
 */
class SlowTlsClientIT {
  static final Duration DEADLINE = Duration.ofSeconds(2);
  static final Duration DRIP = Duration.ofMillis(400);

  @TempDir Path tmp;

  /** A client socket, dripped to by the test, and when the server closed it. */
  private static final class Dripping {
    final Socket socket;
    final long openedNanos;
    volatile long closedNanos = -1;
    /** What is sent, one byte per drip, after the first bytes. */
    final byte[] trickle;
    int next;

    /** {@code openedNanos}: before the connection was made (the handshake counts). */
    Dripping(Socket socket, long openedNanos, byte[] trickle) {
      this.socket = socket;
      this.openedNanos = openedNanos;
      this.trickle = trickle;
    }

    synchronized void drip() {
      if (closedNanos >= 0 || next >= trickle.length) {
        return;
      }
      try {
        socket.getOutputStream().write(trickle[next++]);
        socket.getOutputStream().flush();
      } catch (IOException e) {
        closed();
      }
    }

    /** Blocks reading until the server closes the connection. */
    void awaitClose() {
      try {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[1024];
        while (in.read(buf) >= 0) {
          // an answer would do; there is none: the request never completes
        }
      } catch (IOException e) {
        // reset or closed
      }
      closed();
    }

    private synchronized void closed() {
      if (closedNanos < 0) {
        closedNanos = System.nanoTime();
      }
    }

    Duration openFor() {
      return Duration.ofNanos(closedNanos - openedNanos);
    }
  }

  @Test
  void trickled_handshakes_and_trickled_headers_over_tls_are_closed_at_the_deadline()
      throws Exception {
    ThrowawayCa ca = ThrowawayCa.create(tmp.resolve("pki"), "revkeep slow-tls CA");
    ThrowawayCa.Issued server = ca.issue("server", "localhost", "127.0.0.1");
    TlsConfig tls = new TlsConfig(Optional.of(server.cert()), Optional.of(server.key()),
        Optional.of(ca.caFile()));
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Path data = Files.createDirectories(tmp.resolve("data"));
    int deadFeed;
    try (ServerSocket s = new ServerSocket(0)) {
      deadFeed = s.getLocalPort();
    }
    ScheduledExecutorService dripper = Executors.newSingleThreadScheduledExecutor();
    ExecutorService readers = Executors.newCachedThreadPool();
    List<Dripping> clients = new ArrayList<>();
    try (SqliteStore store = SqliteStore.open(data.resolve("revkeep.db"));
        WebDaemon web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1024, false,
                shared, data, List.of(), "localhost", deadFeed, "t", tls)
            .withConnections(new ConnectionLimits(1000, DEADLINE)), store,
            new Vault(data.resolve("vault")), new PrintStream(new ByteArrayOutputStream()))) {
      // a ClientHello's record header, then one byte at a time of anything
      for (int i = 0; i < 10; i++) {
        long opened = System.nanoTime();
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", web.port()), 5_000);
        s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00});
        clients.add(new Dripping(s, opened, new byte[512]));
      }
      // a handshake done at once, then a request line and headers one byte at a time
      SSLContext trusting = trusting(ca.caFile());
      for (int i = 0; i < 10; i++) {
        long opened = System.nanoTime();
        SSLSocket s = (SSLSocket) trusting.getSocketFactory().createSocket("127.0.0.1",
            web.port());
        s.startHandshake();
        s.getOutputStream().write("GET /api/health HTTP/1.1\r\nHost: localhost\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        clients.add(new Dripping(s, opened, "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            .getBytes(StandardCharsets.US_ASCII)));
      }
      clients.forEach(c -> readers.execute(c::awaitClose));
      dripper.scheduleWithFixedDelay(() -> clients.forEach(Dripping::drip), DRIP.toMillis(),
          DRIP.toMillis(), TimeUnit.MILLISECONDS);

      await().atMost(DEADLINE.plusSeconds(4)).pollInterval(Duration.ofMillis(100))
          .until(() -> clients.stream().allMatch(c -> c.closedNanos >= 0));
      for (Dripping c : clients) {
        assertThat(c.openFor()).isGreaterThanOrEqualTo(DEADLINE)
            .isLessThanOrEqualTo(DEADLINE.plusSeconds(3));
      }
    } finally {
      dripper.shutdownNow();
      for (Dripping c : clients) {
        c.socket.close();
      }
      readers.shutdownNow();
    }
  }

  private static SSLContext trusting(Path caFile) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      trust.setCertificateEntry("ca",
          CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }
}
