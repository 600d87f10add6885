package io.revkeep.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.FileSystemSync;
import io.revkeep.core.Sha256;
import io.revkeep.core.model.Event;
import io.revkeep.feed.SubscriberInfo;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup's group commit ({@link CopyGroup}) against a real feed server, SQLite store and
 * vault on 127.0.0.1: a burst's copies are made durable in groups, durableSeq and the feed's ack
 * never claim a copy that is not in place, a failing copy holds back only what follows it, and
 * what a kill leaves of a group is cleaned and written again.
 */
class GroupCommitIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);

  @TempDir Path dir;
  private FeedHarness listener;
  private Path backup;

  @BeforeEach
  void start() throws IOException {
    listener = new FeedHarness(dir.resolve("data"));
    backup = dir.resolve("backup");
  }

  @AfterEach
  void stop() {
    listener.close();
  }

  /** Records {@code n} new files {@code <folder>/f<i>} in one transaction. */
  private List<Event> burst(String folder, int from, int n) throws IOException {
    List<String> paths = new ArrayList<>();
    List<String> contents = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      paths.add(folder + "/f" + i);
      contents.add("content of " + folder + " " + i);
    }
    return listener.putAll(paths, contents);
  }

  /** The expected copies of the events up to {@code seq}. */
  private Map<String, String> expectedUpTo(long seq) {
    Map<String, String> out = new TreeMap<>();
    BackupDaemonIT.expectedTree(listener).forEach((name, hash) -> {
      if (Long.parseLong(name.substring(name.lastIndexOf(".s") + 2, name.length() - 4)) <= seq) {
        out.put(name, hash);
      }
    });
    return out;
  }

  /**
   * The copies in the backup folder → their SHA-256, leaving out temporary files (a group's, which
   * may be renamed while this reads) and the state folder.
   */
  private Map<String, String> copies() throws IOException {
    Map<String, String> out = new TreeMap<>();
    List<Path> found = new ArrayList<>();
    Files.walkFileTree(backup, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path p, BasicFileAttributes attrs) {
        if (attrs.isRegularFile()) {
          found.add(p);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path p, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
          return FileVisitResult.CONTINUE; // a temp renamed while the walk read its folder
        }
        throw e;
      }
    });
    for (Path p : found) {
      String rel = backup.relativize(p).toString();
      if (!rel.startsWith(BackupFolder.STATE + "/") && !rel.equals("blocked")
          && !p.getFileName().toString().startsWith(BackupFolder.TEMP_PREFIX)) {
        out.put(rel, Sha256.ofFile(p).orElseThrow());
      }
    }
    return out;
  }

  /** What the feed server was last told is durable (0 with no subscriber). */
  private long acked() {
    return listener.feed.subscribers().stream().mapToLong(SubscriberInfo::lastAcked).max()
        .orElse(0);
  }

  @Test
  void a_burst_is_committed_in_groups_and_durable_and_the_ack_never_pass_a_missing_copy()
      throws Exception {
    burst("a", 0, 700);
    burst("b", 0, 300);
    try (BackupDaemon daemon = listener.startVault(backup)) {
      // while it catches up: whatever durableSeq and the ack claim is in place, with its bytes
      long[] seen = {0};
      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(20)).until(() -> {
        long ack = acked();
        long d = daemon.durableSeq();
        assertThat(d).isGreaterThanOrEqualTo(seen[0]).isGreaterThanOrEqualTo(ack);
        seen[0] = d;
        assertThat(copies()).containsAllEntriesOf(expectedUpTo(d));
        return d == 1000;
      });
      assertThat(copies()).isEqualTo(BackupDaemonIT.expectedTree(listener));
      assertThat(daemon.copiesWritten()).isEqualTo(1000);
      long groups = daemon.copyGroups();
      assertThat(groups).as("groups of at most %d", CopyGroup.MAX_COPIES)
          .isBetween(1000L / CopyGroup.MAX_COPIES, 500L);
      // a group of BatchSync.SYNCFS_FROM copies or more: one syncfs before its renames and one
      // after (where the kernel's syncfs reports errors); a smaller group: one fsync per copy,
      // and one per touched folder (at most two each)
      assertThat(daemon.copyFsyncs()).isBetween(2 * groups, 1000 + 2 * groups);
      if (FileSystemSync.available()) {
        assertThat(daemon.copyFsyncs()).isLessThan(1000);
      }
      await().atMost(DEADLINE).until(() -> acked() == 1000);
      // the record holds every event, in order, once
      await().atMost(DEADLINE).until(() -> daemon.folder().readCursor() == 1000);
    }
    List<RecordedVersion> recorded = BackupRecord.read(backup).versions();
    assertThat(recorded).extracting(RecordedVersion::seq)
        .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 1000).boxed()
            .toList());
  }

  @Test
  void a_lone_event_is_committed_at_once_in_its_own_group() throws Exception {
    try (BackupDaemon daemon = listener.startVault(backup)) {
      listener.put("x/one", "1");
      listener.awaitCaughtUp(daemon);
      assertThat(daemon.copyGroups()).isEqualTo(1);
      assertThat(daemon.copyFsyncs()).isEqualTo(2); // the copy and its folder
      listener.put("x/two", "2");
      listener.awaitCaughtUp(daemon);
      assertThat(daemon.copyGroups()).isEqualTo(2);
    }
  }

  @Test
  void a_copy_failing_in_the_middle_of_a_group_holds_back_only_itself_and_what_follows()
      throws Exception {
    burst("a", 0, 50); // seqs 1..50
    listener.put("blocked/x", "cannot be written yet"); // seq 51
    burst("c", 0, 49); // seqs 52..100
    Files.createDirectories(backup);
    Files.writeString(backup.resolve("blocked"), "a file where the copy's folder belongs");
    try (BackupDaemon daemon = listener.startVault(backup)) {
      // the copies before the failing one are made durable and acknowledged; nothing after
      await().atMost(DEADLINE).until(() -> daemon.durableSeq() == 50 && acked() == 50);
      await().during(Duration.ofMillis(500)).atMost(DEADLINE)
          .until(() -> daemon.durableSeq() == 50 && acked() == 50);
      assertThat(copies()).isEqualTo(expectedUpTo(50));
      assertThat(backup.resolve("c")).doesNotExist();

      Files.delete(backup.resolve("blocked"));
      listener.awaitCaughtUp(daemon);
      assertThat(copies()).isEqualTo(BackupDaemonIT.expectedTree(listener));
      await().atMost(DEADLINE).until(() -> acked() == 100);
    }
  }

  @Test
  void what_a_kill_leaves_of_a_group_is_removed_and_written_again_once() throws Exception {
    List<Event> events = burst("k", 0, 6);
    // a group staged and then killed: temps written (not fsynced), one renamed into place
    BackupFolder folder = new BackupFolder(backup, ".rev");
    Files.createDirectories(folder.stateDir());
    CopyWriter writer = new CopyWriter(folder, Migration.of(folder, Clock.systemUTC()),
        Clock.systemUTC(), CopyWriter.fromVault(listener.vault));
    List<CopyGroup.Staged> staged = new ArrayList<>();
    for (Event e : events) {
      staged.add(writer.stage(e));
    }
    Files.move(staged.get(2).temp(), staged.get(2).target());
    assertThat(Files.list(backup.resolve("k")).filter(p -> p.getFileName().toString()
        .startsWith(BackupFolder.TEMP_PREFIX))).hasSize(5);

    try (BackupDaemon daemon = listener.startVault(backup)) {
      listener.awaitCaughtUp(daemon);
      assertThat(daemon.copiesAlreadyPresent()).isEqualTo(1);
      assertThat(daemon.copiesWritten()).isEqualTo(5);
    }
    assertThat(copies()).isEqualTo(BackupDaemonIT.expectedTree(listener));
  }
}
