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
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/mkdir}, {@code /api/move}, {@code /api/delete} and {@code /api/undo} over real
 * HTTP, through core's one writer, recorded by a real listener: what they do, their change sets,
 * their refusals (each a 4xx with one line, changing nothing, leaking no server path), roles and
 * the CSRF token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileOpsIT {
  private static final String UUID_RE = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}"
      + "-[0-9a-f]{12}";
  /** Names no route takes: up and out, absolute, a control character, a temporary name. */
  private static final List<String> HOSTILE = List.of("../out.txt", "a/../../out.txt",
      "/etc/passwd", "bad\u0001name.txt", "line\nbreak.txt", ".revkeep-tmp-x/y.txt", "");

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

  /** A refusal: the status, a one-line error naming no server path, class or exception. */
  private String refused(HttpResponse<String> r, int status) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    String error = Http.json(r).get("error").asText();
    assertThat(error).isNotBlank().doesNotContain("Exception").doesNotContain("java.")
        .doesNotContain(tmp.toString()).doesNotContain("/tmp/");
    assertThat(r.body()).doesNotContain("\n");
    return error;
  }

  /** Everything under the test's folder: nothing appears outside the shared folder. */
  private List<Path> outside() throws Exception {
    try (Stream<Path> all = Files.walk(tmp)) {
      return all.filter(p -> !p.startsWith(h.shared) && !p.startsWith(h.data)
          && !p.equals(tmp)).toList();
    }
  }

  @Test
  void mkdir_makes_an_empty_folder_under_a_change_set_and_refuses_a_taken_name()
      throws Exception {
    HttpResponse<String> r = editor.post("/api/mkdir", Map.of("path", "made/deep/er"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = Http.json(r);
    assertThat(body.get("path").asText()).isEqualTo("made/deep/er");
    assertThat(body.get("change_set").asText()).matches(UUID_RE);
    assertThat(h.shared.resolve("made/deep/er")).isEmptyDirectory();

    assertThat(refused(editor.post("/api/mkdir", Map.of("path", "made/deep/er")), 409))
        .contains("exists already");
    h.writeShared("made/file.txt", "a file\n");
    h.awaitVersions("made/file.txt", 1);
    assertThat(refused(editor.post("/api/mkdir", Map.of("path", "made/file.txt")), 409))
        .contains("exists already");
    assertThat(Files.readString(h.shared.resolve("made/file.txt"))).isEqualTo("a file\n");
    refused(editor.post("/api/mkdir", Map.of("path", "made/file.txt/under")), 400);
    refused(editor.post("/api/mkdir", Map.of()), 400);
  }

  @Test
  void move_renames_a_file_as_one_rename_by_the_web_user_and_refuses_a_taken_target()
      throws Exception {
    h.writeShared("mv/a.txt", "to be moved\n");
    h.awaitVersions("mv/a.txt", 1);
    h.writeShared("mv/taken.txt", "already here\n");
    h.awaitVersions("mv/taken.txt", 1);
    h.writeShared("mv/gone.txt", "deleted soon\n");
    h.awaitVersions("mv/gone.txt", 1);
    Files.delete(h.shared.resolve("mv/gone.txt"));
    h.awaitVersions("mv/gone.txt", 2);
    Files.createDirectories(h.shared.resolve("mv/folder"));

    assertThat(refused(editor.post("/api/move", Map.of("from", "mv/a.txt", "to",
        "mv/taken.txt")), 409)).contains("exists already");
    assertThat(refused(editor.post("/api/move", Map.of("from", "mv/a.txt", "to",
        "mv/gone.txt")), 409)).contains("deleted file");
    assertThat(refused(editor.post("/api/move", Map.of("from", "mv/a.txt", "to",
        "mv/folder")), 409)).contains("exists already");
    assertThat(refused(editor.post("/api/move", Map.of("from", "mv/none.txt", "to",
        "mv/b.txt")), 404)).contains("no file or folder 'mv/none.txt'");
    assertThat(refused(editor.post("/api/move", Map.of("from", "mv", "to", "mv/inner")), 400))
        .contains("cannot be moved into itself");
    refused(editor.post("/api/move", Map.of("from", "mv/a.txt", "to", "mv/a.txt")), 400);
    refused(editor.post("/api/move", Map.of("from", "mv/a.txt")), 400);
    assertThat(Files.readString(h.shared.resolve("mv/taken.txt"))).isEqualTo("already here\n");

    HttpResponse<String> r = editor.post("/api/move", Map.of("from", "mv/a.txt",
        "to", "mv/sub/b.txt"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String changeSet = Http.json(r).get("change_set").asText();
    assertThat(changeSet).matches(UUID_RE);
    assertThat(h.shared.resolve("mv/a.txt")).doesNotExist();
    assertThat(h.shared.resolve("mv/sub/b.txt")).hasContent("to be moved");
    List<VersionRecord> history = h.awaitVersions("mv/sub/b.txt", 2);
    assertThat(history).extracting(VersionRecord::path)
        .containsExactly("mv/a.txt", "mv/sub/b.txt");
    VersionRecord renamed = history.get(1);
    assertThat(renamed.action()).isEqualTo(Action.RENAME);
    assertThat(renamed.user()).isEqualTo("editor");
    assertThat(renamed.origin()).isEqualTo(Origin.WEB);
    assertThat(renamed.changeSet()).isEqualTo(changeSet);
    assertThat(h.store.file("mv/a.txt")).isEmpty();

    // undone by the short id the web shows: the file goes back, its history still one
    HttpResponse<String> undo = editor.post("/api/undo",
        Map.of("change_set", changeSet.substring(0, 8)));
    assertThat(undo.statusCode()).as(undo.body()).isEqualTo(200);
    JsonNode undone = Http.json(undo);
    assertThat(undone.get("undone").asText()).isEqualTo(changeSet);
    assertThat(undone.get("change_set").asText()).matches(UUID_RE).isNotEqualTo(changeSet);
    assertThat(undone.get("moved").asInt()).isEqualTo(1);
    assertThat(h.shared.resolve("mv/a.txt")).hasContent("to be moved");
    assertThat(h.shared.resolve("mv/sub/b.txt")).doesNotExist();
    List<VersionRecord> back = h.awaitVersions("mv/a.txt", 3);
    assertThat(back.get(2).action()).isEqualTo(Action.RENAME);
    assertThat(back.get(2).changeSet()).isEqualTo(undone.get("change_set").asText());
  }

  @Test
  void delete_removes_a_file_its_history_stays_and_undo_brings_it_back() throws Exception {
    h.writeShared("del/old.txt", "keep my history\n");
    h.awaitVersions("del/old.txt", 1);

    HttpResponse<String> r = editor.post("/api/delete", Map.of("path", "del/old.txt"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = Http.json(r);
    assertThat(body.get("version").asInt()).isEqualTo(1);
    String changeSet = body.get("change_set").asText();
    assertThat(h.shared.resolve("del/old.txt")).doesNotExist();
    VersionRecord tombstone = h.awaitVersions("del/old.txt", 2).get(1);
    assertThat(tombstone.action()).isEqualTo(Action.DELETE);
    assertThat(tombstone.user()).isEqualTo("editor");
    assertThat(tombstone.changeSet()).isEqualTo(changeSet);

    assertThat(refused(editor.post("/api/delete", Map.of("path", "del/old.txt")), 404))
        .contains("no file");
    // an empty folder (folders are not versioned) is removed, under a change set of its own
    Files.createDirectories(h.shared.resolve("del/folder"));
    HttpResponse<String> folder = editor.post("/api/delete", Map.of("path", "del/folder"));
    assertThat(folder.statusCode()).as(folder.body()).isEqualTo(200);
    assertThat(Http.json(folder).get("files").asInt()).isZero();
    assertThat(h.shared.resolve("del/folder")).doesNotExist();

    HttpResponse<String> undo = editor.post("/api/undo", Map.of("change_set", changeSet));
    assertThat(undo.statusCode()).as(undo.body()).isEqualTo(200);
    assertThat(h.shared.resolve("del/old.txt")).hasContent("keep my history");
    VersionRecord recreated = h.awaitVersions("del/old.txt", 3).get(2);
    assertThat(recreated.user()).isEqualTo("editor");
    assertThat(recreated.changeSet()).isEqualTo(Http.json(undo).get("change_set").asText());
    // undone once: nothing is left to undo
    assertThat(refused(editor.post("/api/undo", Map.of("change_set", changeSet)), 409))
        .contains("nothing left to undo");
  }

  @Test
  void undo_names_an_unknown_short_or_malformed_change_set() throws Exception {
    assertThat(refused(editor.post("/api/undo", Map.of("change_set", "ffffffff")), 404))
        .contains("no change set 'ffffffff'");
    assertThat(refused(editor.post("/api/undo", Map.of("change_set", "abc")), 400))
        .contains("at least 4 characters");
    for (String bad : List.of("../x", "abcd\u0000", "' or 1=1", "a".repeat(40))) {
      assertThat(refused(editor.post("/api/undo", Map.of("change_set", bad)), 400))
          .contains("'change_set'");
    }
    refused(editor.post("/api/undo", Map.of()), 400);
    // a new folder's change set records no version: nothing to undo, said so
    String made = Http.json(editor.post("/api/mkdir", Map.of("path", "undo-made")))
        .get("change_set").asText();
    assertThat(refused(editor.post("/api/undo", Map.of("change_set", made)), 404))
        .contains("new folder");
  }

  @Test
  void hostile_names_are_refused_by_every_route_and_change_nothing() throws Exception {
    h.writeShared("host/real.txt", "real\n");
    h.awaitVersions("host/real.txt", 1);
    long events = h.store.lastSeq();
    for (String bad : HOSTILE) {
      refused(editor.post("/api/mkdir", Map.of("path", bad)), 400);
      refused(editor.post("/api/move", Map.of("from", "host/real.txt", "to", bad)), 400);
      int fromStatus = editor.post("/api/move", Map.of("from", bad, "to", "host/new.txt"))
          .statusCode();
      assertThat(fromStatus).as(bad).isIn(400, 404); // a recorded name may hold a control char
      int deleteStatus = editor.post("/api/delete", Map.of("path", bad)).statusCode();
      assertThat(deleteStatus).as(bad).isIn(400, 404);
    }
    // a link in the shared folder is not a way out
    Path away = Files.createDirectories(tmp.resolve("away"));
    Files.createSymbolicLink(h.shared.resolve("host/link"), away);
    refused(editor.post("/api/mkdir", Map.of("path", "host/link/inside")), 400);
    refused(editor.post("/api/move", Map.of("from", "host/real.txt",
        "to", "host/link/real.txt")), 400); // the writer never goes through a link
    assertThat(away).isEmptyDirectory();
    assertThat(h.shared.resolve("host/real.txt")).hasContent("real");
    assertThat(h.store.lastSeq()).isEqualTo(events);
    assertThat(outside()).containsExactly(away);
  }

  @Test
  void viewers_may_not_write_and_every_write_needs_the_csrf_token() throws Exception {
    h.writeShared("roles/file.txt", "x\n");
    h.awaitVersions("roles/file.txt", 1);
    String changeSet = h.store.history("roles/file.txt").get(0).changeSet();
    Map<String, Map<String, Object>> writes = Map.of(
        "/api/mkdir", Map.of("path", "roles/new"),
        "/api/move", Map.of("from", "roles/file.txt", "to", "roles/moved.txt"),
        "/api/delete", Map.of("path", "roles/file.txt"),
        "/api/undo", Map.of("change_set", changeSet == null ? "abcd" : changeSet));
    Http noToken = h.loggedInAs("editor");
    noToken.csrf = null;
    Http wrongToken = h.loggedInAs("admin");
    wrongToken.csrf = "f".repeat(64);
    Http anonymous = new Http(h.base());
    for (Map.Entry<String, Map<String, Object>> w : writes.entrySet()) {
      assertThat(refused(viewer.post(w.getKey(), w.getValue()), 403)).contains("viewers");
      assertThat(refused(noToken.post(w.getKey(), w.getValue()), 403)).contains("X-CSRF-Token");
      refused(wrongToken.post(w.getKey(), w.getValue()), 403);
      refused(anonymous.post(w.getKey(), w.getValue()), 401);
    }
    assertThat(h.shared.resolve("roles/file.txt")).hasContent("x");
    assertThat(h.shared.resolve("roles/new")).doesNotExist();
    assertThat(h.shared.resolve("roles/moved.txt")).doesNotExist();
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
        .until(() -> h.store.history("roles/file.txt").size() == 1);
  }
}
