package io.revkeep.bench;

import io.revkeep.config.EditorFiles;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServerSettings;
import io.revkeep.listener.ListenerDaemon;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real listener, started in this JVM the way {@code revkeep listener} starts it: a SQLite file
 * and a vault under {@code data}, watching {@code shared}, its feed on a free loopback port.
 */
final class BenchListener implements AutoCloseable {
  static final String TOKEN = "bench-token";

  final Path shared;
  final SqliteStore store;
  final ListenerDaemon daemon;
  final Vault vault;

  BenchListener(Path shared, Path data, Duration settle) throws IOException {
    this.shared = Files.createDirectories(shared);
    Files.createDirectories(data);
    store = SqliteStore.open(data.resolve("revkeep.db"));
    vault = new Vault(data.resolve("vault"));
    FeedServerSettings feed = FeedServerSettings.builder(TOKEN).port(0).build();
    try {
      daemon = ListenerDaemon.start(new ListenerDaemon.Settings(shared, data, List.of(),
          EditorFiles.IGNORE, settle, feed), store, vault);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  int feedPort() {
    return daemon.feedPort();
  }

  @Override
  public void close() {
    daemon.close();
    store.close();
  }
}
