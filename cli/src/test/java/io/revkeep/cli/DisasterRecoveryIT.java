package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.backup.BackupRecord;
import io.revkeep.backup.RecordedVersion;
import io.revkeep.cli.DisasterScenario.Snapshot;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.HistoryScenario;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The day the data disk dies (issue 16, Must-show 2), with the real executable: a long history
 * ({@link DisasterScenario}: creates, edits, renames, a new file at a path a rename freed,
 * deletes and re-creates, office-style saves, uploads with change sets), then {@code revkeep up}
 * backs it all up, {@code revkeep prune} applies a count policy, and more changes go through the
 * running revkeep (the file system, uploads and a folder restore over HTTP, a CLI restore and
 * folder restore). Once the backup is durable the whole data folder is deleted (on Couchbase the
 * bucket is lost too: a fresh mock), {@code revkeep recover --from-backup} rebuilds it, and every
 * file's history, every event, the tree at 10 instants and every retained version's bytes are
 * compared with what they were. Then {@code revkeep up} runs on the recovered data: reconcile
 * records nothing, a new edit is the next version with the next seq, and the backup copies it
 * without rewriting a copy.
 */
class DisasterRecoveryIT {
  /** Changes recorded in-process before revkeep starts. */
  static final int CHANGES = 5_000;
  /**
   * The same on Couchbase: fewer, since every change there is several round trips to the mock
   * (5,000 took 48 s to record and 33 s to recover, a tenth of the suite's cli module); the
   * history's kinds of change are the same, and its scale is the SQLite run's.
   */
  static final int COUCHBASE_CHANGES = 1_500;

  @TempDir Path dir;
  RecoveryRig rig;
  private final long t0 = System.nanoTime();

  @AfterEach
  void stop() throws Exception {
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void sqlite_data_folder_lost_and_recovered() throws Exception {
    rig = new RecoveryRig(dir, false);
    run(CHANGES);
  }

  @Test
  void couchbase_bucket_and_data_folder_lost_and_recovered() throws Exception {
    rig = new RecoveryRig(dir, true);
    run(COUCHBASE_CHANGES);
  }

  /**
   * A backup with a damaged and a missing copy: recover names both, tells them from what
   * retention removed, and exits 1; and every refusal changes nothing.
   */
  @Test
  void damaged_and_missing_copies_are_reported_and_refusals_change_nothing() throws Exception {
    rig = new RecoveryRig(dir, false);
    DisasterScenario.seed(rig, 60);
    rig.startUp();
    rig.ok("prune");
    rig.awaitBackupDurable();
    rig.stopUp();
    rig.closeView();
    BackupRecord record = BackupRecord.read(rig.backup);
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
    RecoveryRig.deleteTree(rig.data);
    refusals();

    Revkeep.Result r = rig.recover(rig.backup);
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
    try (Store store = rig.openStore()) {
      assertThat(store.lastSeq()).isEqualTo(record.lastSeq());
    }
  }

  /** Prints how long the test took to reach a stage (the figures of the report). */
  private void stage(String what) {
    System.out.printf("%s: %.1f s %s%n", rig.name(), (System.nanoTime() - t0) / 1e9, what);
  }

  private void run(int changes) throws Exception {
    // 1. A long history, recorded in-process; the shared folder holds its live files.
    HistoryScenario.Played played = DisasterScenario.seed(rig, changes);
    long recorded = rig.lastSeq();
    stage("history recorded in-process");
    // 2. revkeep backs it up; retention (count = 3) removes old copies; more changes live.
    rig.startUp();
    assertThat(rig.awaitBackupDurable())
        .as("the start's reconcile records no version of unchanged files").isEqualTo(recorded);
    stage("backup caught up");
    rig.ok("prune");
    stage("pruned");
    DisasterScenario.liveChanges(rig);
    rig.awaitBackupDurable();
    stage("live changes backed up");
    rig.stopUp();

    Snapshot before = DisasterScenario.snapshot(rig.view(), rig.data,
        DisasterScenario.probes(played));
    DisasterScenario.assertEveryOrigin(rig.view());
    Map<String, String> backupTree = BackupSetup.tree(rig.backup);
    BackupRecord record = BackupRecord.read(rig.backup);
    assertThat(record.removals()).as("retention removed copies").isNotEmpty();
    assertThat(before.events()).hasSizeGreaterThan(changes);

    stage("captured");
    // 3. The disk dies.
    rig.closeView();
    RecoveryRig.deleteTree(rig.data);
    if (rig.mock != null) {
      assertRefused(rig.backup, "already holds files or events"); // the bucket survived
      assertThat(rig.data).satisfiesAnyOf(d -> assertThat(d).doesNotExist(),
          d -> assertThat(d).isEmptyDirectory());
      rig.newBucket();
    }
    // 4. recover --from-backup
    long started = System.nanoTime();
    Revkeep.Result r = rig.recover(rig.backup);
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    System.out.printf("recover (%s): %d versions in %d ms%n", rig.name(),
        before.events().size(), ms);
    assertThat(r.exit()).as("recover\nstdout: %s\nstderr: %s", r.out(), r.err()).isZero();
    assertThat(r.out()).contains("recovered " + before.events().size() + " versions")
        .contains("0 damaged copies").contains("0 versions lost")
        .contains("users are not in the backup").doesNotContain("lost:");
    long retentionLines = r.out().lines().filter(l -> l.startsWith("removed by retention: "))
        .count();
    assertThat(retentionLines).as("a line per version retention removed").isPositive();

    Snapshot after = DisasterScenario.snapshot(rig.view(), rig.data,
        DisasterScenario.probes(played));
    assertThat(after.events()).isEqualTo(before.events());
    assertThat(after.histories()).isEqualTo(before.histories());
    assertThat(after.trees()).isEqualTo(before.trees());
    assertThat(after.retained()).containsExactlyInAnyOrderElementsOf(before.retained());
    Vault vault = new Vault(rig.data.resolve("vault"));
    for (String hash : before.retained()) {
      assertThat(BackupSetup.sha256(vault.pathOf(hash))).as("bytes of %s", hash).isEqualTo(hash);
    }
    Revkeep.Result again = rig.recover(rig.backup);
    assertThat(again.exit()).as("a second recover over the recovered data").isEqualTo(2);

    stage("compared");
    // 5. revkeep up on the recovered data.
    long last = before.events().get(before.events().size() - 1).seq();
    rig.startUp();
    await("the first admin, created as on a new install").atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(rig.data.resolve("initial-admin-password")));
    rig.awaitBackupDurable();
    String path = before.events().stream().filter(e -> e.hash() != null)
        .map(Event::name).filter(p -> Files.isRegularFile(rig.shared.resolve(p))).findFirst()
        .orElseThrow();
    int versions = rig.view().history(path).size();
    Files.writeString(rig.shared.resolve(path), "after the recovery");
    await("the edit after the recovery recorded").atMost(Duration.ofSeconds(30))
        .until(() -> rig.lastSeq() > last);
    long durable = rig.awaitBackupDurable();
    assertThat(durable).as("reconcile recorded nothing; the edit is the next seq")
        .isEqualTo(last + 1);
    List<VersionRecord> h = rig.view().history(path);
    assertThat(h).hasSize(versions + 1);
    assertThat(h.get(versions).hash()).isEqualTo(HistoryScenario.hash("after the recovery"));
    // A restore from the recovered vault: the version before the edit comes back as the next.
    String previous = Files.readString(rig.shared.resolve(path));
    rig.ok("restore", path, "--version", String.valueOf(versions));
    assertThat(Files.readString(rig.shared.resolve(path))).isNotEqualTo(previous);
    h = rig.view().history(path);
    assertThat(h).hasSize(versions + 2);
    assertThat(h.get(versions + 1).hash()).isEqualTo(h.get(versions - 1).hash());
    rig.awaitBackupDurable();
    BackupRecord continued = BackupRecord.read(rig.backup);
    RecordedVersion newest = continued.versions().get(continued.versions().size() - 1);
    assertThat(newest.seq()).isEqualTo(last + 2);
    RecordedVersion edit = continued.versions().get(continued.versions().size() - 2);
    assertThat(edit.seq()).isEqualTo(last + 1);
    assertThat(BackupSetup.sha256(continued.copyFile(edit).orElseThrow()))
        .isEqualTo(HistoryScenario.hash("after the recovery"));
    Map<String, String> treeAfter = BackupSetup.tree(rig.backup);
    assertThat(treeAfter).as("no copy rewritten or removed").containsAllEntriesOf(backupTree)
        .hasSize(backupTree.size() + 2);
    assertThat(rig.backup.resolve(".revkeep-backup/quarantine")).satisfiesAnyOf(
        q -> assertThat(q).doesNotExist(), q -> assertThat(q).isEmptyDirectory());
  }

  /** Every refusal leaves everything as it was: exit 2, one line. */
  private void refusals() throws Exception {
    Path notBackup = Files.createDirectories(dir.resolve("not-a-backup"));
    assertRefused(notBackup, "is not a revkeep backup folder");

    Path damaged = Files.createDirectories(dir.resolve("damaged/.revkeep-backup/record"));
    Files.writeString(damaged.resolve("1-1.jsonl"), "{not json\n");
    assertRefused(dir.resolve("damaged"), "1-1.jsonl, line 1");

    Files.createDirectories(rig.shared.resolve("old-backup/.revkeep-backup/record"));
    assertRefused(rig.shared.resolve("old-backup"), "inside the shared folder");
    RecoveryRig.deleteTree(rig.shared.resolve("old-backup"));

    Files.createDirectories(rig.data);
    Files.writeString(rig.data.resolve("left-over"), "x");
    assertRefused(rig.backup, "is not empty");
    try (Stream<Path> left = Files.list(rig.data)) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("left-over");
    }
    RecoveryRig.deleteTree(rig.data);
    Files.createDirectories(rig.data);
  }

  private void assertRefused(Path from, String says) throws Exception {
    Revkeep.Result r = rig.recover(from);
    assertThat(r.exit()).as("stdout: %s\nstderr: %s", r.out(), r.err()).isEqualTo(2);
    assertThat(r.err().strip()).startsWith("revkeep: recover refused: ").contains(says)
        .contains("nothing was changed").doesNotContain("\n").doesNotContain("Exception");
    assertThat(r.out()).isEmpty();
    if (!from.equals(rig.backup)) {
      assertThat(rig.data).as("nothing written in the data folder").satisfiesAnyOf(
          d -> assertThat(d).doesNotExist(), d -> assertThat(d).isEmptyDirectory());
    }
  }
}
