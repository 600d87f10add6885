package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A web server with no listener behind it: health says which parts are down (503). */
class DegradedHealthIT {
  @TempDir Path tmp;

  @Test
  void health_is_503_naming_the_feed_and_the_listener_when_no_listener_runs() throws Exception {
    int deadPort = Http.unusedPort();
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Path data = Files.createDirectories(tmp.resolve("data"));
    try (SqliteStore store = SqliteStore.open(data.resolve("revkeep.db"));
        WebDaemon web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1024, false, shared,
            data, List.of(), "127.0.0.1", deadPort, "t"), store, new Vault(data.resolve("vault")),
            new PrintStream(new ByteArrayOutputStream()),
            // the web's start-up is over: a listener not running is refused at once
            // (ListenerStartupWaitIT: the wait while it starts)
            new ListenerWait.Tuning(java.time.Duration.ofSeconds(10), java.time.Duration.ZERO,
                java.time.Duration.ofMillis(100)))) {
      HttpResponse<String> r = new Http("http://127.0.0.1:" + web.port()).get("/api/health");
      assertThat(r.statusCode()).isEqualTo(503);
      JsonNode body = Http.json(r);
      assertThat(body.get("status").asText()).isEqualTo("degraded");
      assertThat(body.get("parts").get("store").asText()).isEqualTo("ok");
      assertThat(body.get("parts").get("feed").asText()).startsWith("down");
      assertThat(body.get("parts").get("listener").asText()).startsWith("down");

      // writes nobody would record are refused, and change nothing
      store.addUser(new io.revkeep.core.model.User("ed", io.revkeep.core.Passwords.hash(
          "ed-password".toCharArray()), io.revkeep.core.model.Role.EDITOR));
      Http ed = new Http("http://127.0.0.1:" + web.port());
      assertThat(ed.login("ed", "ed-password").statusCode()).isEqualTo(200);
      HttpResponse<String> up = ed.upload("new.txt", "nobody would record this\n");
      assertThat(up.statusCode()).isEqualTo(503);
      assertThat(Http.json(up).get("error").asText()).contains("the listener is not running")
          .contains("nothing was changed");
      assertThat(ed.post("/api/restore-folder", java.util.Map.of("dir", "", "at", "1s"))
          .statusCode()).isIn(404, 503);
      try (var files = Files.list(shared)) {
        assertThat(files.filter(f -> !f.getFileName().toString().startsWith(".revkeep-tmp-"))
            .toList()).isEmpty();
      }

      // a listener that captures while its store is unavailable (its pending journal) shows
      java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
      details.put("watcher_alive", true);
      details.put("journal_pending", 42);
      details.put("journal_full", false);
      details.put("store_unavailable_since", "2026-11-25T06:00:00Z");
      new io.revkeep.core.status.StatusBoard(data).write(io.revkeep.core.status.StatusBoard.now(
          "listener", java.time.Instant.now(), true, details));
      JsonNode catching = Http.json(ed.get("/api/health")); // the details need a session
      assertThat(catching.get("parts").get("listener").asText()).isEqualTo("degraded: the store"
          + " is unavailable to it since 2026-11-25T06:00:00Z; 42 changes kept in <data>/pending");
      assertThat(catching.get("details").get("journal_pending").asLong()).isEqualTo(42);
    }
  }
}
