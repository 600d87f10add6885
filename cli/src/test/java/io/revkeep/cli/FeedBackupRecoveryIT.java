package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.backup.BackupRecord;
import io.revkeep.cli.DisasterScenario.Snapshot;
import io.revkeep.core.store.HistoryScenario;
import io.revkeep.core.vault.Vault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup on another host ({@code [backup] source = feed}, its own config and folders, fed only
 * by the listener's feed) keeps the same record as the backup beside the vault, and alone
 * rebuilds revkeep when the server's data disk and its local backup are both gone (issue 16).
 */
class FeedBackupRecoveryIT {
  static final int CHANGES = 1_000;

  @TempDir Path dir;
  RecoveryRig rig;
  Process remote;

  @AfterEach
  void stop() throws Exception {
    RecoveryRig.stop(remote);
    if (rig != null) {
      rig.close();
    }
  }

  @Test
  void a_feed_backup_alone_rebuilds_the_history_after_the_server_is_lost() throws Exception {
    rig = new RecoveryRig(dir, false);
    HistoryScenario.Played played = DisasterScenario.seed(rig, CHANGES);
    rig.startUp();
    Path feedBackup = dir.resolve("remote-backup");
    startRemoteBackup(feedBackup);
    rig.awaitBackupDurable();
    rig.awaitDurable(feedBackup);
    rig.ok("prune"); // the server's retention: the remote backup keeps what it holds
    DisasterScenario.liveChanges(rig);
    rig.awaitBackupDurable();
    rig.awaitDurable(feedBackup);
    rig.stopUp();
    RecoveryRig.stop(remote);
    remote = null;

    BackupRecord local = BackupRecord.read(rig.backup);
    BackupRecord fed = BackupRecord.read(feedBackup);
    assertThat(fed.versions()).as("the same record on both hosts")
        .isEqualTo(local.versions());
    assertThat(fed.versions()).allSatisfy(v -> assertThat(v.hash() == null
        || fed.copyFile(v).isPresent()).as("a copy of %s", v).isTrue());
    Snapshot before = DisasterScenario.snapshot(rig.view(), rig.data,
        DisasterScenario.probes(played));

    // The server is lost: its data folder and the backup beside it.
    rig.closeView();
    RecoveryRig.deleteTree(rig.data);
    RecoveryRig.deleteTree(rig.backup);
    Revkeep.Result r = rig.recover(feedBackup);
    assertThat(r.exit()).as("recover\nstdout: %s\nstderr: %s", r.out(), r.err()).isZero();
    assertThat(r.out()).contains("recovered " + before.events().size() + " versions")
        .contains("0 damaged copies").contains("0 versions lost");

    Snapshot after = DisasterScenario.snapshot(rig.view(), rig.data,
        DisasterScenario.probes(played));
    assertThat(after.events()).isEqualTo(before.events());
    assertThat(after.histories()).isEqualTo(before.histories());
    assertThat(after.trees()).isEqualTo(before.trees());
    assertThat(after.retained()).as("the remote kept what the server's retention removed")
        .containsAll(before.retained()).hasSizeGreaterThan(before.retained().size());
    Vault vault = new Vault(rig.data.resolve("vault"));
    for (String hash : after.retained()) {
      assertThat(BackupSetup.sha256(vault.pathOf(hash))).as("bytes of %s", hash).isEqualTo(hash);
    }
    DisasterScenario.assertEveryOrigin(rig.view());
  }

  /** {@code revkeep backup} as on another host: its own config, fed by the listener's feed. */
  private void startRemoteBackup(Path folder) throws Exception {
    Path home = Files.createDirectories(dir.resolve("remote"));
    Path config = Files.writeString(home.resolve("revkeep.ini"), String.join("\n",
        "[paths]",
        "shared = " + home.resolve("shared"),
        "backup = " + folder,
        "data = " + home.resolve("data"),
        "[listener]",
        "token = test-token-0123456789",
        "[backup]",
        "source = feed",
        "listener = 127.0.0.1:" + rig.feedPort,
        "[logs]",
        "dir = " + home.resolve("logs"),
        ""));
    Path log = home.resolve("backup.out");
    remote = Revkeep.start(home, log, "backup", "--config", config.toString());
    await("the remote backup follows the feed").atMost(Duration.ofSeconds(60))
        .ignoreExceptions().until(() -> {
          assertThat(remote.isAlive()).as("backup exited: %s", Files.readString(log)).isTrue();
          return BackupSetup.cursor(folder) > 0;
        });
  }
}
