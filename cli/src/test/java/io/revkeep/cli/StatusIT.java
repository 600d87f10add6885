package io.revkeep.cli;

import static io.revkeep.cli.RunningRevkeep.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code revkeep status}: each service up or down, exit 1 when something is down; and what
 * revert and restore do when the listener is not there to record their writes.
 */
class StatusIT {
  @TempDir Path dir;

  @Test
  void status_reports_each_service_and_exits_1_once_a_service_is_stopped() throws Exception {
    try (RunningRevkeep revkeep = RunningRevkeep.start(dir)) {
      revkeep.edit("kept.txt", "v1\n", 1);
      revkeep.edit("kept.txt", "v2\n", 2);
      // each service publishes its status every 2 s, and the web's says up once its feed
      // subscription has connected, a moment after 'up' printed that it is up
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        JsonNode now = RunningRevkeep.JSON.readTree(revkeep.run("status", "--json").out());
        return StatusCommand.EXPECTED.stream()
            .allMatch(name -> "up".equals(service(now, name).get("state").asText()));
      });

      Revkeep.Result running = revkeep.run("status", "--json");
      JsonNode json = RunningRevkeep.JSON.readTree(running.out());
      JsonNode listener = service(json, "listener");
      assertThat(listener.get("state").asText()).isEqualTo("up");
      assertThat(listener.get("details").get("watcher_alive").asBoolean()).isTrue();
      assertThat(listener.get("details").get("subscribers").isArray()).isTrue();
      assertThat(json.get("store").get("reachable").asBoolean()).isTrue();
      for (String folder : new String[] {"shared", "backup", "data"}) {
        assertThat(json.get("disks").get(folder).get("free_bytes").asLong()).as(folder).isPositive();
        assertThat(json.get("disks").get(folder).get("verdict").asText()).as(folder).startsWith("ok");
      }
      // 'up' runs every expected service: all up, exit 0
      for (String service : StatusCommand.EXPECTED) {
        assertThat(service(json, service).get("state").asText()).as(service).isEqualTo("up");
      }
      assertThat(json.get("ok").asBoolean()).isTrue();
      assertThat(running.exit()).as(running.out()).isZero();
      Revkeep.Result all = revkeep.run("status");
      assertThat(all.exit()).as(all.out()).isZero();
      assertThat(all.out()).containsPattern("(?m)^disk +shared +.*: ok: [0-9.]+% free");
      assertThat(all.out()).containsPattern("(?m)^listener +up ").containsPattern("(?m)^backup +up ")
          .containsPattern("(?m)^web +up ").contains("watcher_alive").contains("everything is up");

      revkeep.stopUp();

      Revkeep.Result stopped = revkeep.run("status");
      assertThat(stopped.exit()).isEqualTo(1);
      assertThat(stopped.out()).containsPattern("(?m)^listener +down +not running")
          .contains("something is down");
      JsonNode stoppedJson = RunningRevkeep.JSON.readTree(revkeep.run("status", "--json").out());
      assertThat(stoppedJson.get("ok").asBoolean()).isFalse();
      assertThat(service(stoppedJson, "listener").get("state").asText()).isEqualTo("down");

      // with no listener, nothing is written that would go unrecorded
      assertOneLineError(revkeep.run("revert", "-f", "kept.txt", "-r", "1"),
          "the listener is not running: start it with 'revkeep up'");
      assertOneLineError(revkeep.run("restore", "kept.txt", "--version", "1", "--to", "copy.txt"),
          "the listener is not running: start it with 'revkeep up'");
      assertThat(revkeep.read("kept.txt")).isEqualTo("v2\n");
      assertThat(Files.exists(revkeep.shared.resolve("copy.txt"))).isFalse();
    }
  }

  @Test
  void a_service_that_died_without_cleaning_up_is_down_and_an_unhealthy_one_fails()
      throws Exception {
    RunningRevkeep revkeep = RunningRevkeep.configured(dir);
    StatusBoard board = new StatusBoard(dir.resolve("data"));
    Instant longAgo = Instant.now().minus(Duration.ofMinutes(5));
    board.write(new ServiceStatus("listener", 1, "host", longAgo, longAgo, true, Map.of()));
    board.write(StatusBoard.now("backup", Instant.now(), false, Map.of("error", "disk full")));

    Revkeep.Result r = revkeep.run("status", "--json");
    assertThat(r.exit()).isEqualTo(1);
    JsonNode json = RunningRevkeep.JSON.readTree(r.out());
    assertThat(service(json, "listener").get("state").asText()).isEqualTo("down");
    assertThat(service(json, "listener").get("reason").asText()).contains("no news since");
    assertThat(service(json, "backup").get("state").asText()).isEqualTo("unhealthy");
  }

  @Test
  void an_unreachable_store_makes_status_fail() throws Exception {
    RunningRevkeep revkeep = RunningRevkeep.configured(dir);
    Files.createDirectories(dir.resolve("data").resolve("revkeep.db")); // not a database
    Revkeep.Result r = revkeep.run("status", "--json");
    assertThat(r.exit()).isEqualTo(1);
    JsonNode json = RunningRevkeep.JSON.readTree(r.out());
    assertThat(json.get("store").get("reachable").asBoolean()).isFalse();
    assertThat(json.get("store").get("error").asText()).contains("revkeep.db");
    Revkeep.Result human = revkeep.run("status");
    assertThat(human.out()).containsPattern("(?m)^store +down");
    assertThat(human.err()).doesNotContain("Exception");
  }

  private static JsonNode service(JsonNode status, String name) {
    for (JsonNode s : status.get("services")) {
      if (s.get("name").asText().equals(name)) {
        return s;
      }
    }
    throw new AssertionError("no service " + name + " in " + status);
  }
}
