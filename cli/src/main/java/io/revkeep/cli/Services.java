package io.revkeep.cli;

import io.netty.handler.ssl.SslContext;
import io.revkeep.config.Config;
import io.revkeep.config.TlsConfig;
import io.revkeep.core.FeedToken;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServerSettings;
import io.revkeep.feed.FeedTls;
import io.revkeep.listener.ListenerDaemon;
import io.revkeep.store.couchbase.CouchbaseSettings;
import io.revkeep.store.couchbase.CouchbaseStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Builds the parts from a {@link Config}: the one place that knows every module. */
final class Services {
  /**
   * The one wall clock of the executable: every daemon, store and writer the commands start
   * gets its time from it (they read no clock themselves, so tests pass a fake one).
   */
  static final Clock CLOCK = Clock.systemUTC();

  private Services() {}

  /** The SQLite database file under the data folder. */
  static Path databaseFile(Config config) {
    return config.paths().data().resolve("revkeep.db");
  }

  /**
   * Opens the store for a short command: an unreachable Couchbase is retried for
   * {@link CouchbaseSettings#DEFAULT_CONNECT_FOR}, then the command fails with one line.
   */
  static Store openStore(Config config) {
    return openStore(config, CouchbaseSettings.DEFAULT_CONNECT_FOR);
  }

  /**
   * Opens the store for a service (up, listener, backup, web): an unreachable Couchbase is not
   * waited for — the service starts, says so in one line, its health reports the store down, the
   * listener keeps changes in its pending journal, and the client keeps trying in the background
   * until the cluster answers. A wrong password or bucket still stops it at once.
   */
  static Store openStoreForService(Config config) {
    return openStore(config, Duration.ZERO);
  }

  private static Store openStore(Config config, Duration patience) {
    return switch (config.store().type()) {
      case SQLITE -> SqliteStore.open(databaseFile(config));
      case COUCHBASE -> CouchbaseStore.open(CouchbaseSettings.of(config.store())
          .withConnectFor(patience), CLOCK);
    };
  }

  static Vault openVault(Config config) {
    return new Vault(config.paths().data().resolve("vault"));
  }

  static ListenerDaemon.Settings listenerSettings(Config config) throws IOException {
    Config.Listener l = config.listener();
    FeedServerSettings feed = FeedServerSettings.builder(
            FeedToken.resolve(l.token(), config.paths().data()))
        .bindAddress(l.bind())
        .port(l.port())
        .tls(feedServerTls(config.tls()))
        .build();
    return new ListenerDaemon.Settings(config.paths().shared(), config.paths().data(),
        List.of(config.paths().backup()), l.ignore(), l.settle(), feed);
  }

  /** The listener's side of the feed's TLS: with {@code [tls]} cert and key, else null (plain). */
  private static SslContext feedServerTls(TlsConfig tls) throws IOException {
    return tls.enabled() ? FeedTls.server(tls.cert().get(), tls.key().get()) : null;
  }

  /**
   * How this host's feed clients (backup, and any command that follows the feed) speak to the
   * listener: TLS checked against {@code [tls] ca} (or the system's CAs) when [tls] has a
   * certificate or a ca, else null (plain).
   */
  static SslContext feedClientTls(Config config) throws IOException {
    TlsConfig tls = config.tls();
    return tls.clientsUseTls() ? FeedTls.client(tls.ca().orElse(null)) : null;
  }
}
