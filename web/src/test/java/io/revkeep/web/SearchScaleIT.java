package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.revkeep.core.Passwords;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/search} and {@code GET /api/deleted} over a store of 100,000 files (1,000
 * folders of 100, 1,000 of them deleted): each answers within a bound far above what it takes
 * (the figures are printed), holding only its limit of matches. The records are put in through
 * the store's own recording, as the listener would; no listener runs (both routes only read).
 */
class SearchScaleIT {
  private static final int FOLDERS = 1000;
  private static final int PER_FOLDER = 100;

  @TempDir Path tmp;

  /** File f of folder d; the 100 of folder 500 have "Budget" in their names. */
  private static String path(int d, int f) {
    return "dept-" + d + "/file-" + f + (d == 500 ? "-Budget" : "") + ".txt";
  }

  @Test
  void search_and_the_trash_answer_quickly_over_100_000_files() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
    try (SqliteStore store = SqliteStore.open(data.resolve("revkeep.db"))) {
      List<Change> batch = new ArrayList<>();
      for (int d = 0; d < FOLDERS; d++) {
        for (int f = 0; f < PER_FOLDER; f++) {
          batch.add(Change.content(path(d, f), String.format("%064x", (long) d * PER_FOLDER + f),
              10, 1, t0.plusSeconds(d), "os", "test"));
        }
        batch.add(Change.delete(path(d, 7), t0.plusSeconds(d + 5000), "os", "test"));
        if (batch.size() >= 10_000) {
          store.recordAll(batch); // few transactions: filling the store is not what is measured
          batch.clear();
        }
      }
      store.recordAll(batch);
      store.addUser(new User("ann", Passwords.hash("ann-password".toCharArray()), Role.VIEWER));
      try (WebDaemon web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1024, false,
          Files.createDirectories(tmp.resolve("shared")), data, List.of(), "127.0.0.1",
          Http.unusedPort(), "t"), store, new Vault(data.resolve("vault")),
          new PrintStream(new ByteArrayOutputStream()),
          new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC())) {
        await().atMost(Duration.ofSeconds(10))
            .until(() -> new StatusBoard(data).read("web").isPresent());
        Http ann = Http.as("http://127.0.0.1:" + web.port(), "ann", "ann-password");
        ann.get("/api/search?q=warm-up");

        long start = System.nanoTime();
        HttpResponse<String> r = ann.get("/api/search?q=budget");
        long searchMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode hits = Http.json(r).get("hits");
        assertThat(hits).hasSize(99); // file-7 of dept-500 is deleted
        assertThat(Http.json(r).get("truncated").asBoolean()).isFalse();

        start = System.nanoTime();
        JsonNode many = Http.json(ann.get("/api/search?q=file-1"));
        long manyMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(many.get("hits")).hasSize(SearchRoutes.DEFAULT_LIMIT);
        assertThat(many.get("truncated").asBoolean()).isTrue();

        start = System.nanoTime();
        JsonNode deleted = Http.json(ann.get("/api/deleted"));
        long deletedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(deleted.get("files")).hasSize(SearchRoutes.DEFAULT_LIMIT);
        assertThat(deleted.get("files").get(0).get("path").asText())
            .isEqualTo("dept-999/file-7.txt");
        assertThat(deleted.get("truncated").asBoolean()).isTrue();

        System.out.printf("100,000 files: search 'budget' %d ms, search 'file-1' (truncated)"
            + " %d ms, deleted %d ms%n", searchMs, manyMs, deletedMs);
        assertThat(searchMs).isLessThan(5_000);
        assertThat(manyMs).isLessThan(5_000);
        assertThat(deletedMs).isLessThan(5_000);
      }
    }
  }
}
