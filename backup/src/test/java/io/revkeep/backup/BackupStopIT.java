package io.revkeep.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.testing.WarningCapture;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup stopped while it catches up with a burst (as {@code systemctl stop} during a busy
 * day): each stop saves a cursor no later than what is durable and logs no failure, and the
 * next start goes on from there until every copy is in place. The stop used to interrupt the
 * cursor's scheduler in the middle of its write (ClosedByInterruptException, logged as "cannot
 * write the record or the cursor"); it now lets that write end.
 */
class BackupStopIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final int EVENTS = 3_000;
  private static final int STOPS = 8;

  @RegisterExtension final WarningCapture log = WarningCapture.of(BackupDaemon.class);
  @TempDir Path dir;
  private FeedHarness listener;
  private Path backup;

  @BeforeEach
  void start() throws IOException {
    listener = new FeedHarness(dir.resolve("data"));
    backup = dir.resolve("backup");
    List<String> paths = new ArrayList<>();
    List<String> contents = new ArrayList<>();
    for (int i = 0; i < EVENTS; i++) {
      paths.add("burst/f" + i);
      contents.add("content " + i);
    }
    listener.putAll(paths, contents);
  }

  @AfterEach
  void stop() {
    listener.close();
  }

  @Test
  void stops_in_the_middle_of_a_catch_up_save_the_cursor_and_log_no_failure() throws Exception {
    long before = 0;
    for (int i = 0; i < STOPS; i++) {
      long from = before;
      long durable;
      try (BackupDaemon daemon = listener.startVault(backup)) {
        // stopped while copies are being made and the cursor is written every 200 ms
        await().atMost(DEADLINE).until(() -> daemon.durableSeq() > from);
        durable = daemon.durableSeq();
      }
      long cursor = new BackupFolder(backup, ".rev").readCursor();
      assertThat(cursor).as("stop %d: the cursor saved at the stop", i)
          .isGreaterThanOrEqualTo(durable).isLessThanOrEqualTo(EVENTS);
      assertThat(log.warnings()).as("stop %d", i).isEmpty();
      before = cursor;
      if (cursor == EVENTS) {
        break;
      }
    }
    try (BackupDaemon daemon = listener.startVault(backup)) {
      listener.awaitCaughtUp(daemon);
    }
    assertThat(new BackupFolder(backup, ".rev").readCursor()).isEqualTo(EVENTS);
    assertThat(log.warnings()).isEmpty();
  }
}
