package io.revkeep.backup;

import static org.awaitility.Awaitility.await;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServer;
import io.revkeep.feed.FeedServerSettings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plays the listener for backup tests without depending on it (the module rule): a real SQLite
 * store, a real vault, and a real {@link FeedServer} on 127.0.0.1 that serves replays from the
 * store, live events, and fetches from the vault.
 */
final class FeedHarness implements AutoCloseable {
  static final String TOKEN = "backup-test-token";
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  final Path data;
  final SqliteStore store;
  final Vault vault;
  final FeedServer feed;
  private long tick;

  FeedHarness(Path data) throws IOException {
    this.data = data;
    this.store = SqliteStore.open(data.resolve("revkeep.db"));
    this.vault = new Vault(data.resolve("vault"));
    this.feed = new FeedServer(FeedServerSettings.builder(TOKEN).bindAddress("127.0.0.1").port(0)
        .heartbeatInterval(Duration.ofSeconds(1)).idleTimeout(Duration.ofSeconds(5)).build(),
        store, vault);
    feed.start();
  }

  int port() {
    return feed.port();
  }

  private Instant now() {
    return T0.plusSeconds(tick++);
  }

  /** The content of a path is now this: bytes into the vault, a version into the store. */
  Optional<Event> put(String path, String content) throws IOException {
    return put(path, content.getBytes(StandardCharsets.UTF_8));
  }

  Optional<Event> put(String path, byte[] content) throws IOException {
    String hash = vault.put(new ByteArrayInputStream(content));
    return publish(store.record(Change.content(path, hash, content.length, tick, now(), "alice",
        "test:/shared")));
  }

  /** Many changes in one store transaction (bytes first), then their events in order. */
  List<Event> putAll(List<String> paths, List<String> contents) throws IOException {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      byte[] b = contents.get(i).getBytes(StandardCharsets.UTF_8);
      String hash = vault.put(new ByteArrayInputStream(b));
      changes.add(Change.content(paths.get(i), hash, b.length, tick, now(), "alice", "test"));
    }
    List<Event> events = new ArrayList<>();
    for (Optional<Event> e : store.recordAll(changes)) {
      publish(e).ifPresent(events::add);
    }
    return events;
  }

  Optional<Event> delete(String path) {
    return publish(store.record(Change.delete(path, now(), "bob", "test:/shared")));
  }

  Optional<Event> rename(String from, String to, String content) throws IOException {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    String hash = vault.put(new ByteArrayInputStream(b));
    return publish(store.record(Change.rename(from, to, hash, b.length, tick, now(), "carol",
        "test:/shared")));
  }

  /**
   * A file moved on disk from {@code from} to {@code to}, recorded as the listener's Recorder
   * records it: one RENAME (the history follows the file) when {@code to} has no record, else the
   * content at {@code to} (continuing the history of the record there) and a DELETE of {@code from}.
   */
  List<Event> move(String from, String to) {
    var source = store.file(from).orElseThrow();
    List<Event> out = new ArrayList<>();
    if (store.file(to).isEmpty()) {
      publish(store.record(Change.rename(from, to, source.hash(), source.size(), tick, now(),
          "carol", "test:/shared"))).ifPresent(out::add);
    } else {
      publish(store.record(Change.content(to, source.hash(), source.size(), tick, now(), "carol",
          "test:/shared"))).ifPresent(out::add);
      delete(from).ifPresent(out::add);
    }
    return out;
  }

  private Optional<Event> publish(Optional<Event> e) {
    e.ifPresent(feed::publish);
    return e;
  }

  /** Settings for a daemon on this feed with short retry waits and no automatic prune. */
  BackupSettings settings(Path backup, BackupSettings.Source source) {
    return new BackupSettings(backup, ".rev", source, "127.0.0.1", port(), TOKEN,
        source == BackupSettings.Source.VAULT ? data : null, Duration.ofMillis(50),
        Duration.ofMillis(500), Duration.ZERO);
  }

  BackupDaemon startVault(Path backup) throws IOException {
    return BackupDaemon.start(settings(backup, BackupSettings.Source.VAULT), store, vault, null);
  }

  BackupDaemon startFeed(Path backup) throws IOException {
    return BackupDaemon.start(settings(backup, BackupSettings.Source.FEED), null, null, null);
  }

  /** Waits (60 s at most) until {@code daemon} holds every event of the store, migration done. */
  void awaitCaughtUp(BackupDaemon daemon) {
    await().atMost(Duration.ofSeconds(60)).until(() -> daemon.durableSeq() == store.lastSeq()
        && !daemon.migrating());
  }

  @Override
  public void close() {
    feed.close();
    store.close();
  }
}
