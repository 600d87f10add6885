package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.backup.BackupRecord;
import io.revkeep.backup.RecordedVersion;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.HistoryScenario;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import io.revkeep.store.couchbase.CouchbaseMockServer;
import io.revkeep.store.couchbase.CouchbaseStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The day the data disk dies (issue 16, Must-show 2), with the real executable: a long history —
 * most of it recorded in this JVM through the store and vault API ({@link HistoryScenario}:
 * creates, edits, renames, a new file at a path a rename freed, deletes and re-creates,
 * office-style saves, uploads with change sets; thousands of changes through the file system
 * would take many minutes), then {@code revkeep up} backs it all up, {@code revkeep prune}
 * applies a count policy, and more changes go through the running listener (edits, a rename and
 * a path reused, a delete, a CLI restore, a folder restore). Once the backup is durable the whole
 * data folder is deleted (on Couchbase the bucket is lost too: a fresh mock), {@code revkeep
 * recover --from-backup} rebuilds it, and every file's history, every event, the tree at 10
 * instants and every retained version's bytes are compared with what they were. Then {@code
 * revkeep up} runs on the recovered data: reconcile records nothing, a new edit is the next
 * version with the next seq, and the backup copies it without rewriting a copy.
 */
class DisasterRecoveryIT {
  /** Changes recorded in-process before revkeep starts. */
  static final int SQLITE_CHANGES = 5_000;
  static final int COUCHBASE_CHANGES = 2_000;

  @TempDir Path dir;
  Path shared;
  Path backup;
  Path data;
  Path config;
  CouchbaseMockServer mock;
  Process up;
  Store view;

  @AfterEach
  void stop() throws InterruptedException {
    stopUp();
    closeView();
    if (mock != null) {
      mock.close();
    }
  }

  @Test
  void sqlite_data_folder_lost_and_recovered() throws Exception {
    run(SQLITE_CHANGES);
  }

  @Test
  void couchbase_bucket_and_data_folder_lost_and_recovered() throws Exception {
    mock = CouchbaseMockServer.start();
    run(COUCHBASE_CHANGES);
  }

  /**
   * A backup with a damaged and a missing copy: recover names both, tells them from what
   * retention removed, and exits 1; and every refusal changes nothing.
   */
  @Test
  void damaged_and_missing_copies_are_reported_and_refusals_change_nothing() throws Exception {
    folders();
    seed(60);
    startUp();
    ok("prune");
    awaitBackupDurable();
    stopUp();
    closeView();
    BackupRecord record = BackupRecord.read(backup);
    Map<String, Long> users = new TreeMap<>(); // copies per hash: pick contents with one copy
    record.versions().stream().filter(v -> v.copy() != null)
        .forEach(v -> users.merge(v.hash(), 1L, Long::sum));
    List<RecordedVersion> single = record.versions().stream()
        .filter(v -> v.copy() != null && users.get(v.hash()) == 1
            && record.removal(v.seq()).isEmpty())
        .toList();
    RecordedVersion rotten = single.get(0);
    RecordedVersion gone = single.get(1);
    Path rottenFile = record.copyFile(rotten).orElseThrow();
    rottenFile.toFile().setWritable(true);
    byte[] bytes = Files.readAllBytes(rottenFile);
    bytes[0] ^= 1;
    Files.write(rottenFile, bytes);
    Files.delete(record.copyFile(gone).orElseThrow());
    deleteTree(data);
    refusals();

    Revkeep.Result r = Revkeep.run(dir, "recover", "--from-backup", backup.toString(),
        "--config", config.toString());
    assertThat(r.exit()).as("stdout: %s\nstderr: %s", r.out(), r.err()).isEqualTo(1);
    List<String> lines = r.out().lines().toList();
    assertThat(lines).anyMatch(l -> l.startsWith("damaged copy: seq " + rotten.seq() + " "));
    assertThat(lines).anyMatch(l -> l.startsWith("lost: seq " + rotten.seq() + " ")
        && l.contains("damaged"));
    assertThat(lines).anyMatch(l -> l.startsWith("lost: seq " + gone.seq() + " ")
        && l.contains("missing"));
    assertThat(lines.stream().filter(l -> l.startsWith("lost: "))).hasSize(2);
    assertThat(lines.stream().filter(l -> l.startsWith("removed by retention: ")))
        .hasSize((int) record.versions().stream().filter(v -> v.hash() != null
            && (v.copy() == null || record.removal(v.seq()).isPresent())
            && record.versions().stream().noneMatch(o -> v.hash().equals(o.hash())
                && o.copy() != null && record.removal(o.seq()).isEmpty()))
            .count());
    assertThat(r.out()).contains("1 damaged copies").contains("2 versions lost");
    try (Store store = openStore()) {
      assertThat(store.lastSeq()).isEqualTo(record.lastSeq());
    }
  }

  /** What a store said, to compare before and after. */
  record Snapshot(List<Event> events, Map<String, List<String>> histories,
      Map<Instant, List<String>> trees, List<String> retained) {}

  private long t0 = System.nanoTime();

  /** Prints how long the test took to reach a stage (the figures of the report). */
  private void stage(String what) {
    System.out.printf("%s: %.1f s %s%n", mock == null ? "sqlite" : "couchbase",
        (System.nanoTime() - t0) / 1e9, what);
  }

  private void folders() throws IOException {
    shared = Files.createDirectories(dir.resolve("shared"));
    backup = dir.resolve("backup");
    data = dir.resolve("data");
    writeConfig();
  }

  /** Records a history in-process; the shared folder then holds its live files. */
  private HistoryScenario.Played seed(int changes) throws IOException {
    Store store = view();
    HistoryScenario.Played played = HistoryScenario.play(store, changes, 16);
    Vault vault = new Vault(data.resolve("vault"));
    for (String content : played.contents().values()) {
      vault.put(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
    }
    for (FileRecord f : store.files("", true, false)) {
      Path file = shared.resolve(f.path());
      Files.createDirectories(file.getParent());
      Files.writeString(file, played.contents().get(f.hash()));
    }
    return played;
  }

  private void run(int changes) throws Exception {
    folders();
    // 1. A long history, recorded in-process; the shared folder holds its live files.
    HistoryScenario.Played played = seed(changes);
    long recorded = lastSeq();
    stage("history recorded in-process");
    // 2. revkeep backs it up; retention (count = 3) removes old copies; more changes live.
    startUp();
    assertThat(awaitBackupDurable())
        .as("the start's reconcile records no version of unchanged files").isEqualTo(recorded);
    stage("backup caught up");
    ok("prune");
    stage("pruned");
    liveChanges();
    awaitBackupDurable();
    stage("live changes backed up");
    stopUp();

    Snapshot before;
    {
      Store store = view();
      before = snapshot(store, probes(played));
    }
    Map<String, String> backupTree = BackupSetup.tree(backup);
    BackupRecord record = BackupRecord.read(backup);
    assertThat(record.removals()).as("retention removed copies").isNotEmpty();
    assertThat(before.events()).hasSizeGreaterThan(changes);

    stage("captured");
    // 3. The disk dies.
    closeView();
    deleteTree(data);
    if (mock != null) {
      assertRefused(backup, "already holds files or events"); // the bucket survived
      assertThat(data).isEmptyDirectory();
      mock.close();
      mock = CouchbaseMockServer.start(); // a new, empty bucket
      writeConfig();
    }
    // 4. recover --from-backup
    long started = System.nanoTime();
    Revkeep.Result r = Revkeep.run(dir, "recover", "--from-backup", backup.toString(),
        "--config", config.toString());
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.printf("recover (%s): %d versions in %d ms%n", mock == null ? "sqlite"
        : "couchbase", before.events().size(), ms);
    assertThat(r.exit()).as("recover\nstdout: %s\nstderr: %s", r.out(), r.err()).isZero();
    assertThat(r.out()).contains("recovered " + before.events().size() + " versions")
        .contains("0 damaged copies").contains("0 versions lost")
        .contains("users are not in the backup").doesNotContain("lost:");
    long retentionLines = r.out().lines().filter(l -> l.startsWith("removed by retention: "))
        .count();
    assertThat(retentionLines).as("a line per version retention removed").isPositive();

    {
      Store store = view();
      Snapshot after = snapshot(store, probes(played));
      assertThat(after.events()).isEqualTo(before.events());
      assertThat(after.histories()).isEqualTo(before.histories());
      assertThat(after.trees()).isEqualTo(before.trees());
      assertThat(after.retained()).containsExactlyInAnyOrderElementsOf(before.retained());
    }
    Vault vault = new Vault(data.resolve("vault"));
    for (String hash : before.retained()) {
      assertThat(BackupSetup.sha256(vault.pathOf(hash))).as("bytes of %s", hash).isEqualTo(hash);
    }
    Revkeep.Result again = Revkeep.run(dir, "recover", "--from-backup", backup.toString(),
        "--config", config.toString());
    assertThat(again.exit()).as("a second recover over the recovered data").isEqualTo(2);

    stage("compared");
    // 5. revkeep up on the recovered data.
    long last = before.events().get(before.events().size() - 1).seq();
    startUp();
    await("the first admin, created as on a new install").atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(data.resolve("initial-admin-password")));
    awaitBackupDurable();
    String path = before.events().stream().filter(e -> e.hash() != null)
        .map(Event::name).filter(p -> Files.isRegularFile(shared.resolve(p))).findFirst()
        .orElseThrow();
    int versions;
    {
      Store store = view();
      versions = store.history(path).size();
    }
    Files.writeString(shared.resolve(path), "after the recovery");
    await("the edit after the recovery recorded").atMost(Duration.ofSeconds(30))
        .until(() -> lastSeq() > last);
    long durable = awaitBackupDurable();
    assertThat(durable).as("reconcile recorded nothing; the edit is the next seq")
        .isEqualTo(last + 1);
    {
      Store store = view();
      List<VersionRecord> h = store.history(path);
      assertThat(h).hasSize(versions + 1);
      assertThat(h.get(versions).hash()).isEqualTo(HistoryScenario.hash("after the recovery"));
    }
    // A restore from the recovered vault: the version before the edit comes back as the next.
    String previous = Files.readString(shared.resolve(path));
    ok("restore", path, "--version", String.valueOf(versions));
    assertThat(Files.readString(shared.resolve(path))).isNotEqualTo(previous);
    {
      Store store = view();
      List<VersionRecord> h = store.history(path);
      assertThat(h).hasSize(versions + 2);
      assertThat(h.get(versions + 1).hash()).isEqualTo(h.get(versions - 1).hash());
    }
    awaitBackupDurable();
    BackupRecord continued = BackupRecord.read(backup);
    RecordedVersion newest = continued.versions().get(continued.versions().size() - 1);
    assertThat(newest.seq()).isEqualTo(last + 2);
    RecordedVersion edit = continued.versions().get(continued.versions().size() - 2);
    assertThat(edit.seq()).isEqualTo(last + 1);
    assertThat(BackupSetup.sha256(continued.copyFile(edit).orElseThrow()))
        .isEqualTo(HistoryScenario.hash("after the recovery"));
    Map<String, String> treeAfter = BackupSetup.tree(backup);
    assertThat(treeAfter).as("no copy rewritten or removed").containsAllEntriesOf(backupTree)
        .hasSize(backupTree.size() + 2);
    assertThat(backup.resolve(".revkeep-backup/quarantine")).satisfiesAnyOf(
        q -> assertThat(q).doesNotExist(), q -> assertThat(q).isEmptyDirectory());
  }

  /**
   * Changes through the running listener: edits, a rename and the path reused, a delete and a
   * re-create, a CLI restore, a folder restore.
   */
  private void liveChanges() throws Exception {
    edit("live/a.txt", "a one");
    edit("live/a.txt", "a two");
    long seq = lastSeq();
    Files.move(shared.resolve("live/a.txt"), shared.resolve("live/b.txt"));
    awaitSeq(seq + 1);
    edit("live/a.txt", "a new file where a was");
    Instant t1 = Instant.now(); // a: "a new file where a was", b: "a two"
    seq = lastSeq();
    Files.delete(shared.resolve("live/b.txt"));
    awaitSeq(seq + 1);
    edit("live/b.txt", "b again");
    edit("live/a.txt", "a edited");
    ok("restore", "live/b.txt", "--version", "1"); // "a one", origin cli
    ok("restore", "live", "--at", t1.toString()); // a folder restore: both files change
    assertThat(Files.readString(shared.resolve("live/a.txt"))).isEqualTo("a new file where a was");
    assertThat(Files.readString(shared.resolve("live/b.txt"))).isEqualTo("a two");
    seq = lastSeq();
    edit("live/c.txt", "the last change before the disk died");
    assertThat(lastSeq()).isEqualTo(seq + 1);
  }

  /** The 10 instants the tree is compared at: 9 in the recorded history, and now. */
  private static List<Instant> probes(HistoryScenario.Played played) {
    List<Instant> out = new ArrayList<>(played.probes().subList(0, 9));
    out.add(Instant.parse("2100-01-01T00:00:00Z"));
    return out;
  }

  private Snapshot snapshot(Store store, List<Instant> probes) {
    List<Event> events = store.eventsAfter(0, Integer.MAX_VALUE);
    Map<String, List<String>> histories = new TreeMap<>();
    for (FileRecord f : store.files("", true, true)) {
      histories.put(f.path(), store.history(f.path()).stream().map(DisasterRecoveryIT::row)
          .toList());
    }
    Map<Instant, List<String>> trees = new LinkedHashMap<>();
    for (Instant at : probes) {
      trees.put(at, store.filesAt("", at).stream().map(DisasterRecoveryIT::row).toList());
    }
    Vault vault = new Vault(data.resolve("vault"));
    List<String> retained = events.stream().map(Event::hash).filter(h -> h != null)
        .distinct().filter(vault::contains).sorted().toList();
    return new Snapshot(events, histories, trees, retained);
  }

  private static String row(VersionRecord v) {
    return v.path() + " v" + v.version() + " " + v.hash() + " " + v.size() + " " + v.user()
        + " " + v.origin() + " " + v.action() + " " + v.changeSet() + " " + v.time();
  }

  /** Every refusal leaves everything as it was: exit 2, one line. */
  private void refusals() throws Exception {
    Path notBackup = Files.createDirectories(dir.resolve("not-a-backup"));
    assertRefused(notBackup, "is not a revkeep backup folder");

    Path damaged = Files.createDirectories(dir.resolve("damaged/.revkeep-backup/record"));
    Files.writeString(damaged.resolve("1-1.jsonl"), "{not json\n");
    assertRefused(dir.resolve("damaged"), "1-1.jsonl, line 1");

    Files.createDirectories(shared.resolve("old-backup/.revkeep-backup/record"));
    assertRefused(shared.resolve("old-backup"), "inside the shared folder");
    deleteTree(shared.resolve("old-backup"));

    Files.createDirectories(data);
    Files.writeString(data.resolve("left-over"), "x");
    assertRefused(backup, "is not empty");
    try (Stream<Path> left = Files.list(data)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("left-over");
    }
    deleteTree(data);
    Files.createDirectories(data);
  }

  private void assertRefused(Path from, String says) throws Exception {
    Revkeep.Result r = Revkeep.run(dir, "recover", "--from-backup", from.toString(),
        "--config", config.toString());
    assertThat(r.exit()).as("stdout: %s\nstderr: %s", r.out(), r.err()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("revkeep: recover refused: ").contains(says)
        .contains("nothing was changed").doesNotContain("\n").doesNotContain("Exception");
    assertThat(r.out()).isEmpty();
    if (!from.equals(backup)) {
      // Loading the configuration makes its missing folders, for every command: empty
      assertThat(data).isEmptyDirectory();
    }
  }

  // ---- the running revkeep and its store -----------------------------------------------------

  private void writeConfig() throws IOException {
    config = Revkeep.config(dir, 50);
    Files.writeString(config, Files.readString(config) + "[revisions]\ncount = 3\n"
        + (mock == null ? "" : mock.storeSection()));
  }

  private Store openStore() {
    return mock == null ? SqliteStore.open(data.resolve("revkeep.db"))
        : CouchbaseStore.open(mock.settings());
  }

  /** This test's own open store, to wait on without opening one per poll. */
  private Store view() {
    if (view == null) {
      view = openStore();
    }
    return view;
  }

  private void closeView() {
    if (view != null) {
      view.close();
      view = null;
    }
  }

  private long lastSeq() {
    return view().lastSeq();
  }

  private void startUp() throws IOException {
    Path log = dir.resolve("up.out");
    Files.deleteIfExists(log);
    up = Revkeep.start(dir, log, "up", "--config", config.toString());
    await("revkeep up").atMost(Duration.ofSeconds(60)).until(() -> {
      assertThat(up.isAlive()).as("up exited: %s", Files.readString(log)).isTrue();
      return Files.exists(log) && Files.readString(log).contains("revkeep is up");
    });
  }

  private void stopUp() throws InterruptedException {
    if (up != null) {
      up.destroy();
      if (!up.waitFor(30, TimeUnit.SECONDS)) {
        up.destroyForcibly();
      }
      up = null;
    }
  }

  /** Waits until the backup's cursor and record reach the store's last seq; returns it. */
  private long awaitBackupDurable() {
    long[] at = {-1};
    await("backup durable").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
        .ignoreExceptions().until(() -> {
          long last = lastSeq();
          boolean done = BackupSetup.cursor(backup) == last
              && BackupRecord.read(backup).lastSeq() == last;
          at[0] = last;
          return done;
        });
    return at[0];
  }

  private void awaitSeq(long seq) {
    await("seq " + seq).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .until(() -> lastSeq() >= seq);
  }

  private void edit(String path, String content) throws IOException {
    long seq = lastSeq();
    Path file = shared.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    awaitSeq(seq + 1);
  }

  private String ok(String... args) throws Exception {
    List<String> full = new ArrayList<>(List.of(args));
    full.addAll(List.of("--config", config.toString()));
    Revkeep.Result r = Revkeep.run(dir, full.toArray(String[]::new));
    assertThat(r.exit()).as("revkeep %s\nstdout: %s\nstderr: %s", String.join(" ", args),
        r.out(), r.err()).isZero();
    return r.out();
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
