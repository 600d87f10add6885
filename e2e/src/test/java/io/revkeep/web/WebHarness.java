package io.revkeep.web;

import static org.awaitility.Awaitility.await;

import io.revkeep.core.Passwords;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import io.revkeep.feed.FeedServerSettings;
import io.revkeep.listener.ListenerDaemon;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

/**
 * A real listener and a real web server on real folders, a real SQLite file and loopback ports,
 * with three users: admin, editor and viewer (password = name + "-password").
 */
final class WebHarness implements AutoCloseable {
  static final String TOKEN = "test-token";

  final Path shared;
  final Path data;
  final SqliteStore store;
  final Vault vault;
  final ListenerDaemon listener;
  final WebDaemon web;

  /**
   * Writes a file into the shared folder as most editors save (folders made as needed): into an
   * ignored temporary name ("*~"), then renamed over the file. Written in place, a loaded
   * machine can pause between the truncation and the bytes for longer than the settle time,
   * and the listener then rightly records the empty file as a version of its own: a test that
   * counts versions would see one too many.
   */
  Path writeShared(String rel, String content) throws IOException {
    return writeShared(rel, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** {@link #writeShared(String, String)} with bytes. */
  Path writeShared(String rel, byte[] content) throws IOException {
    Path p = shared.resolve(rel);
    Files.createDirectories(p.getParent());
    Path tmp = p.resolveSibling(p.getFileName() + "~");
    Files.write(tmp, content);
    return Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  WebHarness(Path base, long maxUpload, boolean lockFiles) throws IOException {
    this(base, maxUpload, lockFiles, true, System.out);
  }

  WebHarness(Path base, long maxUpload, boolean lockFiles, boolean users, PrintStream out)
      throws IOException {
    this.shared = Files.createDirectories(base.resolve("shared"));
    this.data = Files.createDirectories(base.resolve("data"));
    this.store = SqliteStore.open(data.resolve("revkeep.db"));
    this.vault = new Vault(data.resolve("vault"));
    if (users) {
      for (Role r : Role.values()) {
        String name = r.wire();
        store.addUser(new User(name, Passwords.hash(password(name).toCharArray()), r));
      }
    }
    FeedServerSettings feed = FeedServerSettings.builder(TOKEN).bindAddress("127.0.0.1").port(0)
        .build();
    this.listener = ListenerDaemon.start(new ListenerDaemon.Settings(shared, data, List.of(),
        List.of("*.swp", "*~"), Duration.ofMillis(100), feed), store, vault);
    this.web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, maxUpload, lockFiles,
        shared, data, List.of("*.swp", "*~"), "127.0.0.1", listener.feedPort(), TOKEN), store,
        vault, out);
    await().atMost(Duration.ofSeconds(10)).until(web::feedConnected);
    // uploads and restores need a listener that says it is healthy (core ListenerCheck)
    await().atMost(Duration.ofSeconds(10)).until(() -> new io.revkeep.core.status.StatusBoard(data)
        .read("listener").map(st -> st.healthy() && st.aliveAt(java.time.Instant.now()))
        .orElse(false));
  }

  static String password(String user) {
    return user + "-password";
  }

  String base() {
    return "http://127.0.0.1:" + web.port();
  }

  /** A client logged in as one of the three users. */
  Http loggedInAs(String user) throws Exception {
    return Http.as(base(), user, password(user));
  }

  List<VersionRecord> awaitVersions(String path, int n) {
    await().atMost(Duration.ofSeconds(20)).until(() -> store.history(path).size() >= n);
    return store.history(path);
  }

  @Override
  public void close() {
    web.close();
    listener.close();
    store.close();
  }
}
