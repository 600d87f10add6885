package io.revkeep.web;

import static org.awaitility.Awaitility.await;

import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServer;
import io.revkeep.feed.FeedServerSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real SQLite store, a feed server on it and a web server following that feed, on loopback
 * ports the kernel picks: the tests publish what they record, as the listener does. Started
 * with the web's subscription connected; close() stops the web, the feed and the store.
 */
final class WebOnFeed implements AutoCloseable {
  static final String TOKEN = "a-feed-token-0123";

  final SqliteStore store;
  final FeedServer feed;
  final WebDaemon web;

  WebOnFeed(Path tmp) throws Exception {
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Path data = Files.createDirectories(tmp.resolve("data"));
    store = SqliteStore.open(data.resolve("revkeep.db"));
    Vault vault = new Vault(data.resolve("vault"));
    feed = new FeedServer(FeedServerSettings.builder(TOKEN).bindAddress("127.0.0.1").port(0)
        .build(), store, vault);
    feed.start();
    web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1024, false, shared, data,
        List.of(), "127.0.0.1", feed.port(), TOKEN), store, vault,
        new PrintStream(new ByteArrayOutputStream()));
    await().atMost(Duration.ofSeconds(10)).until(web::feedConnected);
  }

  String base() {
    return "http://127.0.0.1:" + web.port();
  }

  @Override
  public void close() {
    web.close();
    feed.close();
    store.close();
  }
}
