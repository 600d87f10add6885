package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.VersionRecord;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/move} and {@code /api/delete} of whole folders over real HTTP, through core's
 * one writer, recorded by a real listener: every file below moves (one RENAME each, its history
 * following it) or is deleted in one change set by the web user, empty folders go with them,
 * one {@code POST /api/undo} takes it all back, and the refusals (into itself, onto something,
 * a missing source) are one line each and change nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FolderOpsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  Path tmp;
  WebHarness h;
  Http editor;
  Http viewer;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    h = new WebHarness(tmp, 1 << 20, false);
    editor = h.loggedInAs("editor");
    viewer = h.loggedInAs("viewer");
  }

  @AfterAll
  void stop() {
    h.close();
  }

  private String refused(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    String error = Http.json(r).get("error").asText();
    assertThat(error).doesNotContain("Exception").doesNotContain(tmp.toString())
        .doesNotContain("\n");
    return error;
  }

  private void seed(String... paths) throws Exception {
    for (String p : paths) {
      h.writeShared(p, "content of " + p + "\n");
    }
    for (String p : paths) {
      h.awaitVersions(p, 1);
    }
  }

  @Test
  void a_folder_moves_with_every_file_in_one_change_set_and_one_undo_moves_it_back()
      throws Exception {
    seed("proj/a.txt", "proj/deep/b.txt", "proj/deep/er/c.txt");
    Files.createDirectories(h.shared.resolve("proj/empty/inside"));

    HttpResponse<String> r = editor.post("/api/move", Map.of("from", "proj", "to",
        "archive/proj-2026"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = Http.json(r);
    assertThat(body.get("folder").asBoolean()).isTrue();
    assertThat(body.get("files").asInt()).isEqualTo(3);
    String changeSet = body.get("change_set").asText();

    assertThat(h.shared.resolve("proj")).doesNotExist();
    assertThat(h.shared.resolve("archive/proj-2026/deep/er/c.txt"))
        .hasContent("content of proj/deep/er/c.txt");
    assertThat(h.shared.resolve("archive/proj-2026/empty/inside")).isEmptyDirectory();
    for (String rel : List.of("a.txt", "deep/b.txt", "deep/er/c.txt")) {
      List<VersionRecord> history = h.awaitVersions("archive/proj-2026/" + rel, 2);
      assertThat(history).extracting(VersionRecord::path)
          .containsExactly("proj/" + rel, "archive/proj-2026/" + rel);
      VersionRecord moved = history.get(1);
      assertThat(moved.action()).isEqualTo(Action.RENAME);
      assertThat(moved.user()).isEqualTo("editor");
      assertThat(moved.origin()).isEqualTo(Origin.WEB);
      assertThat(moved.changeSet()).isEqualTo(changeSet);
    }
    assertThat(h.store.changeSet(changeSet)).hasSize(3);

    HttpResponse<String> undo = editor.post("/api/undo",
        Map.of("change_set", changeSet.substring(0, 8)));
    assertThat(undo.statusCode()).as(undo.body()).isEqualTo(200);
    assertThat(Http.json(undo).get("moved").asInt()).isEqualTo(3);
    for (String rel : List.of("a.txt", "deep/b.txt", "deep/er/c.txt")) {
      assertThat(h.shared.resolve("proj/" + rel)).hasContent("content of proj/" + rel);
      assertThat(h.awaitVersions("proj/" + rel, 3).get(2).action()).isEqualTo(Action.RENAME);
    }
    assertThat(h.shared.resolve("archive/proj-2026/a.txt")).doesNotExist();
  }

  @Test
  void a_folder_is_deleted_with_every_file_in_one_change_set_and_one_undo_brings_it_back()
      throws Exception {
    seed("old/x.txt", "old/sub/y.txt");
    Files.createDirectories(h.shared.resolve("old/sub/empty"));

    HttpResponse<String> r = editor.post("/api/delete", Map.of("path", "old"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = Http.json(r);
    assertThat(body.get("files").asInt()).isEqualTo(2);
    String changeSet = body.get("change_set").asText();
    assertThat(h.shared.resolve("old")).doesNotExist();
    for (String p : List.of("old/x.txt", "old/sub/y.txt")) {
      VersionRecord tombstone = h.awaitVersions(p, 2).get(1);
      assertThat(tombstone.action()).isEqualTo(Action.DELETE);
      assertThat(tombstone.user()).isEqualTo("editor");
      assertThat(tombstone.changeSet()).isEqualTo(changeSet);
    }
    // the trash lists both, one change set
    JsonNode deleted = Http.json(viewer.get("/api/deleted?dir=old"));
    assertThat(Http.strings(deleted.get("files"), "path"))
        .containsExactlyInAnyOrder("old/x.txt", "old/sub/y.txt");

    HttpResponse<String> undo = editor.post("/api/undo", Map.of("change_set", changeSet));
    assertThat(undo.statusCode()).as(undo.body()).isEqualTo(200);
    assertThat(h.shared.resolve("old/x.txt")).hasContent("content of old/x.txt");
    assertThat(h.shared.resolve("old/sub/y.txt")).hasContent("content of old/sub/y.txt");
    await().atMost(WAIT).until(() -> h.store.file("old/sub/y.txt")
        .map(f -> !f.deleted()).orElse(false));
  }

  @Test
  void into_itself_onto_something_or_from_nowhere_is_refused_and_nothing_changes()
      throws Exception {
    seed("src/f.txt", "src/in/g.txt", "taken/t.txt", "file.txt");
    Files.createDirectories(h.shared.resolve("emptydir"));
    long events = h.store.lastSeq();

    assertThat(refused(editor.post("/api/move", Map.of("from", "src", "to", "src/in/src")),
        400)).contains("cannot be moved into itself");
    assertThat(refused(editor.post("/api/move", Map.of("from", "src", "to", "src")), 400))
        .contains("already at that path");
    assertThat(refused(editor.post("/api/move", Map.of("from", "src", "to", "taken")), 409))
        .contains("exists already");
    assertThat(refused(editor.post("/api/move", Map.of("from", "src", "to", "emptydir")), 409))
        .contains("exists already");
    assertThat(refused(editor.post("/api/move", Map.of("from", "src", "to", "file.txt")), 409))
        .contains("exists already");
    assertThat(refused(editor.post("/api/move", Map.of("from", "nowhere", "to", "x")), 404))
        .contains("no file or folder 'nowhere'");
    assertThat(refused(editor.post("/api/delete", Map.of("path", "nowhere")), 404))
        .contains("no file or folder 'nowhere'");
    // a folder reached through a link is no folder of the share
    Path away = Files.createDirectories(tmp.resolve("away/inside"));
    Files.createSymbolicLink(h.shared.resolve("src/link"), away.getParent());
    refused(editor.post("/api/delete", Map.of("path", "src/link/inside")), 404);
    refused(editor.post("/api/move", Map.of("from", "src/link/inside", "to", "y")), 404);
    assertThat(away).isEmptyDirectory();
    Files.delete(h.shared.resolve("src/link"));
    // viewers may not
    assertThat(viewer.post("/api/move", Map.of("from", "src", "to", "elsewhere")).statusCode())
        .isEqualTo(403);
    assertThat(viewer.post("/api/delete", Map.of("path", "src")).statusCode()).isEqualTo(403);

    assertThat(h.shared.resolve("src/in/g.txt")).exists();
    assertThat(h.shared.resolve("taken/t.txt")).exists();
    assertThat(h.shared.resolve("emptydir")).isEmptyDirectory();
    assertThat(h.store.lastSeq()).isEqualTo(events);
  }
}
