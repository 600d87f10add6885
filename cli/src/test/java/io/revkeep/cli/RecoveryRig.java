package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.backup.BackupRecord;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.store.Store;
import io.revkeep.store.couchbase.CouchbaseMockServer;
import io.revkeep.store.couchbase.CouchbaseStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A test's revkeep for the disaster-recovery tests: its folders and config (retention keeps 3
 * versions; on Couchbase a {@link CouchbaseMockServer}), a {@code revkeep up} child, the test's
 * own open store to wait on, and the short commands run against them. One per test; {@link
 * #close} stops the child and closes the store and the mock.
 */
final class RecoveryRig implements AutoCloseable {
  private static final Pattern WEB = Pattern.compile("web on http://127\\.0\\.0\\.1:(\\d+)/");

  final Path dir;
  final Path shared;
  final Path backup;
  final Path data;
  final int feedPort;
  Path config;
  CouchbaseMockServer mock;
  private Process up;
  private Store view;

  /** Folders under {@code dir}, on SQLite or (with {@code couchbase}) a new mock bucket. */
  RecoveryRig(Path dir, boolean couchbase) throws IOException {
    this.dir = dir;
    this.shared = Files.createDirectories(dir.resolve("shared"));
    this.backup = dir.resolve("backup");
    this.data = dir.resolve("data");
    this.feedPort = BackupSetup.freePort();
    if (couchbase) {
      mock = CouchbaseMockServer.start();
    }
    writeConfig();
  }

  String name() {
    return mock == null ? "sqlite" : "couchbase";
  }

  /** The bucket is lost with the disk: a new, empty mock, and the config pointed at it. */
  void newBucket() throws IOException {
    mock.close();
    mock = CouchbaseMockServer.start();
    writeConfig();
  }

  private void writeConfig() throws IOException {
    config = Revkeep.config(dir, 50);
    Files.writeString(config, Files.readString(config)
        .replace("[listener]\nport = 0", "[listener]\nport = " + feedPort)
        + "[revisions]\ncount = 3\n" + (mock == null ? "" : mock.storeSection()));
  }

  Store openStore() {
    return mock == null ? SqliteStore.open(data.resolve("revkeep.db"))
        : CouchbaseStore.open(mock.settings());
  }

  /** This test's own open store, to wait on without opening one per poll. */
  Store view() {
    if (view == null) {
      view = openStore();
    }
    return view;
  }

  void closeView() {
    if (view != null) {
      view.close();
      view = null;
    }
  }

  long lastSeq() {
    return view().lastSeq();
  }

  void startUp() throws IOException {
    Path log = dir.resolve("up.out");
    Files.deleteIfExists(log);
    up = Revkeep.start(dir, log, "up", "--config", config.toString());
    await("revkeep up").atMost(Duration.ofSeconds(60)).until(() -> {
      assertThat(up.isAlive()).as("up exited: %s", Files.readString(log)).isTrue();
      return Files.exists(log) && Files.readString(log).contains("revkeep is up");
    });
  }

  /** The running web's address, as {@code revkeep up} printed it. */
  String webBase() throws IOException {
    Matcher m = WEB.matcher(Files.readString(dir.resolve("up.out")));
    assertThat(m.find()).as("up printed the web's address").isTrue();
    return "http://127.0.0.1:" + m.group(1);
  }

  void stopUp() throws InterruptedException {
    stop(up);
    up = null;
  }

  static void stop(Process p) throws InterruptedException {
    if (p != null) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  /** Waits until the backup's cursor and record reach the store's last seq; returns it. */
  long awaitBackupDurable() {
    return awaitDurable(backup);
  }

  /** Waits until {@code folder}'s cursor and record reach the store's last seq; returns it. */
  long awaitDurable(Path folder) {
    long[] at = {-1};
    await("backup durable in " + folder.getFileName()).atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
          long last = lastSeq();
          boolean done = BackupSetup.cursor(folder) == last
              && BackupRecord.read(folder).lastSeq() == last;
          at[0] = last;
          return done;
        });
    return at[0];
  }

  void awaitSeq(long seq) {
    await("seq " + seq).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> lastSeq() >= seq);
  }

  /** Writes a file in the shared folder and waits until the listener recorded it. */
  void edit(String path, String content) throws IOException {
    long seq = lastSeq();
    Path file = shared.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    awaitSeq(seq + 1);
  }

  /** Runs a short command with this config; fails the test unless it exits 0. */
  String ok(String... args) throws Exception {
    Revkeep.Result r = Revkeep.runWith(dir, config, args);
    assertThat(r.exit()).as("revkeep %s\nstdout: %s\nstderr: %s%s", String.join(" ", args),
        r.out(), r.err(), r.exit() == 0 ? "" : upState()).isZero();
    return r.out();
  }

  /**
   * What the running {@code revkeep up} said and published, for a failure's message: a refusal
   * that names the listener (down, unhealthy) can only be understood from its log and status.
   */
  private String upState() throws IOException {
    if (up == null) {
      return "";
    }
    Path log = dir.resolve("up.out");
    List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
    Path status = data.resolve("status/listener.json");
    return "\nrevkeep up, alive " + up.isAlive() + ", its last lines:\n"
        + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()))
        + "\nlistener status: " + (Files.exists(status) ? Files.readString(status) : "none");
  }

  Revkeep.Result recover(Path from) throws Exception {
    return Revkeep.runWith(dir, config, "recover", "--from-backup", from.toString());
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @Override
  public void close() throws Exception {
    stopUp();
    closeView();
    if (mock != null) {
      mock.close();
    }
  }
}
