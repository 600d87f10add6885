package io.revkeep.core.write;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListenerCheckTest {
  @TempDir Path data;
  private final Instant t0 = Instant.parse("2026-11-30T10:00:00Z");

  private void publish(boolean healthy) throws Exception {
    publish(healthy, Map.of());
  }

  private void publish(boolean healthy, Map<String, Object> details) throws Exception {
    new StatusBoard(data).write(new ServiceStatus("listener", 1, "host", t0, t0, healthy,
        details));
  }

  @Test
  void no_listener_means_no_write() {
    assertThatThrownBy(() -> ListenerCheck.statusBoard(data, Clock.fixed(t0, ZoneOffset.UTC))
        .require("the upload")).isInstanceOf(WriteRefusedException.class)
        .hasMessageStartingWith("the listener is not running: start it with 'revkeep up'")
        .hasMessageContaining("the upload would not be recorded");
  }

  @Test
  void a_fresh_healthy_status_lets_writes_through_until_it_goes_stale() throws Exception {
    publish(true);
    assertThatCode(() -> ListenerCheck.statusBoard(data, Clock.fixed(t0, ZoneOffset.UTC))
        .require("the upload")).doesNotThrowAnyException();
    Clock later = Clock.fixed(t0.plus(StatusBoard.STALE_AFTER).plus(Duration.ofSeconds(1)),
        ZoneOffset.UTC);
    assertThatThrownBy(() -> ListenerCheck.statusBoard(data, later).require("the upload"))
        .hasMessageStartingWith("the listener is not running");
  }

  @Test
  void an_unhealthy_listener_refuses_too() throws Exception {
    publish(false);
    assertThatThrownBy(() -> ListenerCheck.statusBoard(data, Clock.fixed(t0, ZoneOffset.UTC))
        .require("the restore")).hasMessageStartingWith("the listener is running but unhealthy");
  }

  @Test
  void the_refusal_names_the_threads_that_stopped() throws Exception {
    ListenerCheck check = ListenerCheck.statusBoard(data, Clock.fixed(t0, ZoneOffset.UTC));
    publish(false, Map.of("watcher_alive", false, "settler_alive", true));
    assertThatThrownBy(() -> check.require("the restore")).hasMessageStartingWith(
        "the listener is running but unhealthy: its watch thread has stopped (see 'revkeep");
    publish(false, Map.of("watcher_alive", false, "settler_alive", false));
    assertThatThrownBy(() -> check.require("the restore")).hasMessageStartingWith(
        "the listener is running but unhealthy: its watch and settle threads have stopped");
  }
}
