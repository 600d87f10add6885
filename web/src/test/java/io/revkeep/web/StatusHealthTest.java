package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /api/health's parts read from the status files the backup and the listener write: the
 * backup_scrub part, and a listener still in its start-up reconcile.
 */
class StatusHealthTest {
  @TempDir Path tmp;

  private Map<String, String> partsWith(Map<String, Object> scrub) throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("behind", 0);
    details.put("scrub", scrub);
    new StatusBoard(data).write(StatusBoard.now("backup", Instant.now(), true, details));
    try (SqliteStore store = SqliteStore.open(data.resolve("revkeep.db"))) {
      return new HealthRoutes(store, Files.createDirectories(tmp.resolve("shared")), data,
          () -> true, Clock.systemUTC(), ctx -> true).report().parts();
    }
  }

  @Test
  void damage_the_last_pass_left_makes_the_scrub_part_degraded() throws Exception {
    Map<String, Object> scrub = new LinkedHashMap<>();
    scrub.put("last_pass_end", "2026-11-30T12:00:00Z");
    scrub.put("repaired", 3);
    scrub.put("unrepaired", 2);
    assertThat(partsWith(scrub).get("backup_scrub")).isEqualTo("degraded: the last scrub pass"
        + " found 2 damaged or missing copies or vault objects it could not repair (revkeep"
        + " verify lists them)");

    scrub.put("unrepaired", 0);
    assertThat(partsWith(scrub).get("backup_scrub")).isEqualTo("ok: the last scrub pass ended"
        + " at 2026-11-30T12:00:00Z, 3 repaired since the backup started");
  }

  @Test
  void without_the_scrub_there_is_no_scrub_part() throws Exception {
    assertThat(partsWith(null)).doesNotContainKey("backup_scrub").containsKey("backup");
  }

  @Test
  void a_listener_in_its_start_up_reconcile_is_starting_not_down() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("starting", true);
    details.put("watcher_alive", true);
    details.put("journal_pending", 0);
    details.put("subscribers", java.util.List.of());
    new StatusBoard(data).write(StatusBoard.now("listener", Instant.now(), true, details));
    try (SqliteStore store = SqliteStore.open(data.resolve("revkeep.db"))) {
      HealthRoutes health = new HealthRoutes(store, Files.createDirectories(
          tmp.resolve("shared")), data, () -> true, Clock.systemUTC(), ctx -> true);
      var report = health.report();
      assertThat(report.parts().get("listener")).startsWith("starting: ");
      assertThat(report.parts().get("watcher")).isEqualTo("ok");
      assertThat(report.summary().parts().get("listener")).isEqualTo("starting");
      assertThat(report.status()).isEqualTo("starting");
      assertThat(report.ok()).as("not ready: 503").isFalse();
      // a store that does not answer at start is said first
      details.put("store_unavailable_since", "2026-11-30T12:00:00Z");
      new StatusBoard(data).write(StatusBoard.now("listener", Instant.now(), true, details));
      assertThat(health.report().parts().get("listener")).startsWith("degraded: the store is"
          + " unavailable to it since 2026-11-30T12:00:00Z");
      details.remove("store_unavailable_since");
      details.put("starting", false);
      new StatusBoard(data).write(StatusBoard.now("listener", Instant.now(), true, details));
      assertThat(health.report().parts().get("listener")).isEqualTo("ok");
    }
  }
}
