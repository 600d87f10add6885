package io.revkeep.tls;

import static org.awaitility.Awaitility.await;

import io.revkeep.backup.BackupDaemon;
import io.revkeep.backup.BackupSettings;
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
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything with {@code [tls]} on loopback: a throwaway CA and a server certificate for
 * localhost and 127.0.0.1 (made at run time), a listener whose feed speaks TLS only, a backup
 * (feed mode) and a web following it through one recording relay each, the web on HTTPS only,
 * and a user {@code admin} with {@link #PASSWORD}.
 */
final class TlsHarness implements AutoCloseable {
  static final String TOKEN = "e2e-tls-feed-token-0123456789";
  static final String PASSWORD = "admin-password-for-tls";

  final ThrowawayCa ca;
  final Path shared;
  final Path backupRoot;
  final SqliteStore store;
  final ListenerDaemon listener;
  final RecordingRelay backupRelay;
  final RecordingRelay webRelay;
  final BackupDaemon backup;
  final WebDaemon web;

  TlsHarness(Path base) throws Exception {
    ca = ThrowawayCa.create(base.resolve("pki"), "revkeep e2e CA");
    ThrowawayCa.Issued server = ca.issue("server", "localhost", "127.0.0.1");
    TlsConfig tls = new TlsConfig(Optional.of(server.cert()), Optional.of(server.key()),
        Optional.of(ca.caFile()));
    shared = Files.createDirectories(base.resolve("shared"));
    Path data = Files.createDirectories(base.resolve("data"));
    backupRoot = base.resolve("backup");
    store = SqliteStore.open(data.resolve("revkeep.db"));
    Vault vault = new Vault(data.resolve("vault"));
    store.addUser(new User("admin", Passwords.hash(PASSWORD.toCharArray()), Role.ADMIN));

    FeedServerSettings feed = FeedServerSettings.builder(TOKEN).bindAddress("127.0.0.1").port(0)
        .tls(FeedTls.server(server.cert(), server.key())).build();
    listener = ListenerDaemon.start(new ListenerDaemon.Settings(shared, data, List.of(),
        List.of("*.swp"), Duration.ofMillis(100), feed), store, vault);
    backupRelay = new RecordingRelay(listener.feedPort());
    webRelay = new RecordingRelay(listener.feedPort());
    backup = BackupDaemon.start(BackupSettings.of(backupRoot, ".rev",
            BackupSettings.Source.FEED, "localhost", backupRelay.port(), TOKEN, null)
        .withFeedTls(FeedTls.client(ca.caFile())), null, null, null);
    web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1 << 20, false, shared, data,
        List.of("*.swp"), "localhost", webRelay.port(), TOKEN, tls), store, vault,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    await().atMost(Duration.ofSeconds(15)).until(() -> backup.connected() && web.feedConnected());
  }

  /** The web's address, by the name its certificate carries. */
  String origin() {
    return "https://localhost:" + web.port();
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {backup, web, backupRelay, webRelay, listener, store}) {
      if (c != null) {
        c.close();
      }
    }
  }
}
