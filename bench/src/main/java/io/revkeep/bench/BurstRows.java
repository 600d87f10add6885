package io.revkeep.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * bench/run's burst and backup parts: the same 10,000 files written into a watched folder,
 * recorded (by a thread of this JVM and by cp -r), then recorded and backed up, each repetition
 * beside cp -r + sync and the git auto-commit loop.
 */
final class BurstRows {
  private final int files;
  private final int reps;
  private final boolean burstRows;
  private final boolean backupRows;

  BurstRows(int files, int reps, boolean burstRows, boolean backupRows) {
    this.files = files;
    this.reps = reps;
    this.burstRows = burstRows;
    this.backupRows = backupRows;
  }

  void run(Path base, Path log, Report report, BenchMain.Peers tools) throws Exception {
    System.out.printf("burst: preparing %,d files of 4 KiB…%n", files);
    BurstBench burst = new BurstBench(base.resolve("burst-source"), files);
    // Each repetition's folders are deleted at the end, not between rows: ext4 without a
    // journal (this machine's root) skips inodes freed in the last 30 s one by one when it
    // allocates (find_inode_bit → recently_deleted), so the row after a 10,000-file delete paid
    // for the delete (bench/RESULTS.md, "the burst, 2026-12-02 afternoon").
    List<Path> used = new ArrayList<>();
    if (burstRows) {
      List<BurstBench.Peer> peers = new ArrayList<>();
      List<BurstBench.Git> gits = new ArrayList<>();
      List<BurstBench.Ours> ours = new ArrayList<>();
      List<BurstBench.Ours> oursByCp = new ArrayList<>();
      for (int r = 0; r < reps; r++) {
        Path cp = base.resolve("burst-cp-" + r);
        BurstBench.Peer p = burst.peer(cp);
        System.out.printf("  burst %d/%d: cp -r + sync %.2f s (cp %.2f s)%n", r + 1, reps,
            p.seconds(), p.cpSeconds());
        peers.add(p);
        used.add(cp);
        if (tools.git()) {
          Path repo = base.resolve("burst-git-" + r);
          BurstBench.Git g = burst.git(repo);
          System.out.printf("  burst %d/%d: cp -r + git add -A + git commit + sync %.2f s (cp %.2f,"
              + " add %.2f, commit %.2f, sync %.2f)%n", r + 1, reps, g.seconds(), g.cpSeconds(),
              g.addSeconds(), g.commitSeconds(), g.syncSeconds());
          gits.add(g);
          used.add(repo);
        }
        Path dir = base.resolve("burst-ours-" + r);
        BurstBench.Ours o = burst.ours(dir, BenchMain.DEFAULT_SETTLE, log);
        System.out.printf("  burst %d/%d: listener %.2f s (writes %.2f s, first version at %.2f s,"
            + " %d overflows, %d rescans)%n", r + 1, reps, o.seconds(), o.writeSeconds(),
            o.firstVersionSeconds(), o.overflows(), o.rescans());
        ours.add(o);
        used.add(dir);
        Path byCp = base.resolve("burst-ours-cp-" + r);
        BurstBench.Ours c = burst.oursByCp(byCp, BenchMain.DEFAULT_SETTLE, log);
        System.out.printf("  burst %d/%d: listener, cp -r as the writer %.2f s (cp %.2f s,"
            + " %d overflows, %d rescans)%n", r + 1, reps, c.seconds(), c.writeSeconds(),
            c.overflows(), c.rescans());
        oursByCp.add(c);
        used.add(byCp);
      }
      report.burst(files, peers, gits, ours, oursByCp);
    }
    if (backupRows) {
      List<BurstBench.Peer> backupPeers = new ArrayList<>();
      List<BurstBench.Git> backupGits = new ArrayList<>();
      List<BackupBench.Ours> backups = new ArrayList<>();
      for (int r = 0; r < reps; r++) {
        Path cp = base.resolve("backup-cp-" + r);
        BurstBench.Peer p = burst.peer(cp);
        backupPeers.add(p);
        used.add(cp);
        if (tools.git()) {
          Path repo = base.resolve("backup-git-" + r);
          backupGits.add(burst.git(repo));
          used.add(repo);
        }
        Path dir = base.resolve("backup-ours-" + r);
        BackupBench.Ours o = BackupBench.run(burst, dir, BenchMain.DEFAULT_SETTLE);
        System.out.printf("  backup burst %d/%d: every copy durable %.2f s (store had every version"
            + " at %.2f s, writes %.2f s); cp -r + sync %.2f s%n", r + 1, reps, o.seconds(),
            o.recordedSeconds(), o.writeSeconds(), p.seconds());
        backups.add(o);
        used.add(dir);
      }
      report.backup(files, backupPeers, backupGits, backups);
    }
    for (Path dir : used) {
      Shell.deleteTree(dir);
    }
    Shell.deleteTree(base.resolve("burst-source"));
  }
}
