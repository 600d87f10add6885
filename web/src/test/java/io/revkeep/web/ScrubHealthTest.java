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

/** /api/health's backup_scrub part, read from the backup's status file as the backup writes it. */
class ScrubHealthTest {
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
}
