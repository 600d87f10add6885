package io.revkeep.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.revkeep.backup.BackupDaemon;
import io.revkeep.config.TlsConfig;
import io.revkeep.core.Passwords;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServerSettings;
import io.revkeep.feed.FeedTls;
import io.revkeep.feed.RecordingRelay;
import io.revkeep.feed.ThrowawayCa;
import io.revkeep.listener.ListenerDaemon;
import io.revkeep.web.WebDaemon;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
  private static final String TOKEN = "e2e-tls-feed-token-0123456789";
  private static final String PASSWORD = "admin-password-for-tls";

  @TempDir Path base;
  private SqliteStore store;
  private ListenerDaemon listener;
  private WebDaemon web;
  private BackupDaemon backup;
  private RecordingRelay backupRelay;
  private RecordingRelay webRelay;

  @AfterEach
  void closeEverything() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {backup, web, backupRelay, webRelay, listener, store}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void a_backup_and_a_web_follow_a_tls_feed_and_the_web_answers_https_only() throws Exception {
    ThrowawayCa ca = ThrowawayCa.create(base.resolve("pki"), "revkeep e2e CA");
    ThrowawayCa.Issued server = ca.issue("server", "localhost", "127.0.0.1");
    TlsConfig tls = new TlsConfig(Optional.of(server.cert()), Optional.of(server.key()),
        Optional.of(ca.caFile()));
    Path shared = Files.createDirectories(base.resolve("shared"));
    Path data = Files.createDirectories(base.resolve("data"));
    store = SqliteStore.open(data.resolve("revkeep.db"));
    Vault vault = new Vault(data.resolve("vault"));
    store.addUser(new User("admin", Passwords.hash(PASSWORD.toCharArray()), Role.ADMIN));

    FeedServerSettings feed = FeedServerSettings.builder(TOKEN).bindAddress("127.0.0.1").port(0)
        .tls(FeedTls.server(server.cert(), server.key())).build();
    listener = ListenerDaemon.start(new ListenerDaemon.Settings(shared, data, List.of(),
        List.of("*.swp"), Duration.ofMillis(100), feed), store, vault);
    backupRelay = new RecordingRelay(listener.feedPort());
    webRelay = new RecordingRelay(listener.feedPort());

    backup = BackupDaemon.start(BackupDaemon.Settings.of(base.resolve("backup"), ".rev",
            BackupDaemon.Source.FEED, "localhost", backupRelay.port(), TOKEN, null)
        .withFeedTls(FeedTls.client(ca.caFile())), null, null, null);
    web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1 << 20, false, shared, data,
        List.of("*.swp"), "localhost", webRelay.port(), TOKEN, tls), store, vault,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    await().atMost(Duration.ofSeconds(15)).until(() -> backup.connected() && web.feedConnected());
    Files.writeString(shared.resolve("report.txt"), "quarterly figures\n");
    await().atMost(Duration.ofSeconds(20)).until(() -> backedUp(base.resolve("backup"), "report.txt"));
    await().atMost(Duration.ofSeconds(10)).until(() -> web.health() != null);

    // neither feed connection carried the token (nor any event) in clear
    for (RecordingRelay relay : List.of(backupRelay, webRelay)) {
      assertThat(relay.recordedBytes()).isGreaterThan(500);
      assertThat(relay.sawBytes(TOKEN)).isFalse();
      assertThat(relay.sawBytes("report.txt")).isFalse();
    }

    // the web over HTTPS: health with HSTS, login with a Secure session cookie
    HttpClient https = HttpClient.newBuilder().sslContext(trusting(ca.caFile())).build();
    String origin = "https://localhost:" + web.port();
    HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create(origin + "/api/health"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.headers().firstValue("Strict-Transport-Security")).hasValueSatisfying(
        v -> assertThat(v).startsWith("max-age=31536000"));
    HttpResponse<String> login = https.send(HttpRequest.newBuilder(URI.create(origin + "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"admin\",\"password\":\"" + PASSWORD + "\"}"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(200);
    assertThat(login.headers().firstValue("Set-Cookie")).hasValueSatisfying(
        v -> assertThat(v).startsWith("revkeep_session=").contains("HttpOnly").endsWith("; Secure"));

    // plain HTTP on the same port gets no answer from the application
    HttpClient plain = HttpClient.newHttpClient();
    HttpRequest clear = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.port()
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
