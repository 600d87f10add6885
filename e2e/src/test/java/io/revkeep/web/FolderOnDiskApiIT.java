package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/folder} and the icons against a real web server: a new folder made through
 * {@code POST /api/mkdir} is seen, a mistyped folder is told apart, a link never leads out, bad
 * paths are refused in one line, and a session is needed (any role).
 */
class FolderOnDiskApiIT {
  @TempDir Path tmp;
  WebHarness h;

  @BeforeEach
  void start() throws Exception {
    h = new WebHarness(tmp.resolve("rk"), 1 << 20, false);
  }

  @AfterEach
  void stop() {
    if (h != null) {
      h.close();
    }
  }

  @Test
  void a_new_empty_folder_is_seen_a_missing_one_is_told_apart_and_links_stay_closed()
      throws Exception {
    Http editor = h.loggedInAs("editor");
    assertThat(editor.post("/api/mkdir", Map.of("path", "docs/new <one>")).statusCode())
        .isEqualTo(200);
    Files.createSymbolicLink(h.shared.resolve("outside"), Files.createDirectories(
        tmp.resolve("elsewhere/secret")).getParent());
    Http viewer = h.loggedInAs("viewer");

    JsonNode docs = Http.json(viewer.get("/api/folder?dir=docs"));
    assertThat(docs.get("exists").asBoolean()).isTrue();
    assertThat(docs.get("folders").toString()).isEqualTo("[\"new <one>\"]");
    assertThat(Http.json(viewer.get("/api/folder?dir=")).get("folders").toString())
        .isEqualTo("[\"docs\"]"); // not the link, not revkeep's staging folder
    assertThat(Http.json(viewer.get("/api/folder?dir=does%2Fnot%2Fexist")).get("exists")
        .asBoolean()).isFalse();
    assertThat(Http.json(viewer.get("/api/folder?dir=outside%2Fsecret")).get("exists")
        .asBoolean()).isFalse();

    HttpResponse<String> bad = viewer.get("/api/folder?dir=..%2Fetc");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Http.json(bad).get("error").asText()).doesNotContain("Exception")
        .doesNotContain(h.shared.toString());
    assertThat(new Http(h.base()).get("/api/folder?dir=docs").statusCode()).isEqualTo(401);

    // the icons and the favicon: served from the jar, no login needed for /static/
    assertThat(new Http(h.base()).get("/static/icons/folder-fill.svg").statusCode())
        .isEqualTo(200);
    assertThat(new Http(h.base()).get("/static/icons/..%2F..%2FLICENSE").statusCode())
        .isEqualTo(404);
    assertThat(new Http(h.base()).get("/static/icons/no-such-icon.svg").statusCode())
        .isEqualTo(404);
    assertThat(viewer.get("/favicon.ico").statusCode()).isEqualTo(200);
  }
}
