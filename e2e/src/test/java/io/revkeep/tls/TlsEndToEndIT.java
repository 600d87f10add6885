package io.revkeep.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.revkeep.feed.RecordingRelay;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With {@code [tls]} (issue 15: the feed token and every password crossed the network in
 * clear): a listener whose feed speaks TLS only, a backup (feed mode) and a web following it,
 * the web serving HTTPS only. Certificates from a throwaway CA made at run time; the backup's
 * and the web's feed connections go through recording relays, which must never see the token.
 */
class TlsEndToEndIT {
  @TempDir Path base;
  private TlsHarness h;

  @AfterEach
  void closeEverything() throws Exception {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void a_backup_and_a_web_follow_a_tls_feed_and_the_web_answers_https_only() throws Exception {
    h = new TlsHarness(base);
    Files.writeString(h.shared.resolve("report.txt"), "quarterly figures\n");
    await().atMost(Duration.ofSeconds(20)).until(() -> backedUp(h.backupRoot, "report.txt"));

    // neither feed connection carried the token (nor any event) in clear
    for (RecordingRelay relay : List.of(h.backupRelay, h.webRelay)) {
      assertThat(relay.recordedBytes()).isGreaterThan(500);
      assertThat(relay.sawBytes(TlsHarness.TOKEN)).isFalse();
      assertThat(relay.sawBytes("report.txt")).isFalse();
    }

    // the web over HTTPS: health with HSTS, login with a Secure session cookie
    HttpClient https = HttpClient.newBuilder().sslContext(trusting(h.ca.caFile())).build();
    String origin = h.origin();
    HttpRequest healthRequest = HttpRequest.newBuilder(URI.create(origin + "/api/health")).build();
    // 200 once the listener's status is published (503 before); both answers carry HSTS
    HttpResponse<String> health = await().atMost(Duration.ofSeconds(15)).until(
        () -> https.send(healthRequest, HttpResponse.BodyHandlers.ofString()),
        r -> r.statusCode() == 200);
    assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(
        v -> assertThat(v).startsWith("max-age=31536000"));
    HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(origin + "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"user\":\"admin\",\"password\":\"" + TlsHarness.PASSWORD + "\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(
        v -> assertThat(v).startsWith("revkeep_session=").contains("HttpOnly").endsWith("; Secure"));

    // plain HTTP on the same port gets no answer from the application
    HttpClient plain = HttpClient.newHttpClient();
    HttpRequest clear = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + h.web.port()
        + "/api/health")).timeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> r = plain.send(clear, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isNotEqualTo(200);
    } catch (java.io.IOException refused) {
      // closed without an answer: fine too
    }
    // and a client that does not trust the CA is refused
    assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(origin + "/api/health")).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
  }

  private static boolean backedUp(Path backupRoot, String name) throws Exception {
    if (!Files.isDirectory(backupRoot)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(backupRoot)) {
      return files.anyMatch(p -> p.getFileName().toString().startsWith(name));
    }
  }

  private static SSLContext trusting(Path caFile) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, tmf.getTrustManagers(), null);
    return ssl;
  }
}
