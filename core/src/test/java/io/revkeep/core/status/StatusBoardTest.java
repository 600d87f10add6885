package io.revkeep.core.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusBoardTest {
  @TempDir Path data;

  @Test
  void a_written_status_reads_back_equal() throws Exception {
    StatusBoard board = new StatusBoard(data);
    ServiceStatus s = new ServiceStatus("listener", 42, "host1", Instant.parse("2026-11-25T10:00:00Z"),
        Instant.parse("2026-11-25T10:00:02Z"), true, Map.of("pending", 3));
    board.write(s);
    assertThat(board.read("listener")).contains(s);
    assertThat(board.readAll()).containsExactly(s);
    assertThat(board.read("backup")).isEmpty();
  }

  @Test
  void a_status_not_renewed_for_three_intervals_is_stale() {
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    ServiceStatus s = new ServiceStatus("backup", 1, "h", t, t, true, Map.of());
    assertThat(s.aliveAt(t.plus(StatusBoard.INTERVAL))).isTrue();
    assertThat(s.aliveAt(t.plus(StatusBoard.STALE_AFTER))).isFalse();
  }

  @Test
  void a_status_made_now_is_updated_at_the_clocks_instant() {
    Instant t = Instant.parse("2026-11-25T10:00:00Z");
    Clock clock = Clock.fixed(t.plusSeconds(7), ZoneOffset.UTC);
    ServiceStatus s = StatusBoard.now("backup", t, false, Map.of("error", "disk full"), clock);
    assertThat(s.updated()).isEqualTo(t.plusSeconds(7));
    assertThat(s.started()).isEqualTo(t);
    assertThat(s.pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(s.healthy()).isFalse();
  }

  @Test
  void publishing_renews_the_file_and_closing_removes_it() throws Exception {
    StatusBoard board = new StatusBoard(data);
    Instant started = Instant.now();
    AutoCloseable handle = board.publish("web", () -> StatusBoard.now("web", started, true,
        Map.of("port", 8080)));
    await().atMost(Duration.ofSeconds(5)).until(() -> board.read("web").isPresent());
    assertThat(board.read("web").get().pid()).isEqualTo(ProcessHandle.current().pid());
    handle.close();
    assertThat(board.read("web")).isEmpty();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(th -> th.getName().equals("revkeep-status-web") && th.isAlive());
  }
}
