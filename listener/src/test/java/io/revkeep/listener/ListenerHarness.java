package io.revkeep.listener;

import static org.awaitility.Awaitility.await;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real listener on real folders, a real SQLite file and a real feed socket, for tests. */
final class ListenerHarness implements AutoCloseable {
  static final String TOKEN = "test-token";

  final Path shared;
  final Path data;
  final SqliteStore store;
  final Vault vault;
  final ListenerDaemon daemon;

  ListenerHarness(Path shared, Path data, Duration settle) throws IOException {
    this(shared, data, settle, 10_000, ListenerDaemon.Tuning.DEFAULT);
  }

  /**
   * A listener whose store gives up on a locked database after {@code busyTimeoutMs}, with the
   * given journal bound and backoff (tests of an unavailable store).
   */
  ListenerHarness(Path shared, Path data, Duration settle, int busyTimeoutMs,
      ListenerDaemon.Tuning tuning) throws IOException {
    this.shared = Files.createDirectories(shared);
    this.data = Files.createDirectories(data);
    this.store = SqliteStore.open(data.resolve("revkeep.db"), busyTimeoutMs);
    this.vault = new Vault(data.resolve("vault"));
    FeedServerSettings feed = FeedServerSettings.builder(TOKEN).port(0).build();
    try {
      this.daemon = ListenerDaemon.start(new ListenerDaemon.Settings(shared, data, List.of(),
          List.of("*.swp", "*~"), settle, feed), store, vault, tuning);
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  Path file(String rel) {
    return shared.resolve(rel);
  }

  Path write(String rel, String content) throws IOException {
    Path p = file(rel);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, content);
  }

  List<Action> actions(String rel) {
    return store.history(rel).stream().map(VersionRecord::action).toList();
  }

  /** Waits until the file at {@code rel} has exactly {@code n} versions. */
  List<VersionRecord> awaitVersions(String rel, int n) {
    await().atMost(Duration.ofSeconds(20)).until(() -> store.history(rel).size() >= n);
    return store.history(rel);
  }

  @Override
  public void close() {
    daemon.close();
    store.close();
  }
}
