package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.Passwords;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/search} (names now and as they were), {@code GET /api/deleted} (the trash) and
 * {@code POST /api/me/password} over real HTTP with a real listener.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchAndTrashIT {
  Path tmp;
  WebHarness h;
  Http editor;
  Http viewer;
  Instant beforeRename;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    h = new WebHarness(tmp, 1 << 20, false);
    editor = h.loggedInAs("editor");
    viewer = h.loggedInAs("viewer");
    h.writeShared("docs/Annual-REPORT.txt", "annual\n");
    h.writeShared("docs/reports/q1.txt", "q1\n");
    h.writeShared("docs/reports/q2.txt", "q2\n");
    h.writeShared("misc/notes.txt", "notes\n");
    h.writeShared("misc/old-report.md", "old\n");
    // the moment after all five are recorded: the listener records them in the order they
    // settle, which need not be the order they were written
    Instant lastRecorded = Instant.EPOCH;
    for (String p : List.of("docs/Annual-REPORT.txt", "docs/reports/q1.txt",
        "docs/reports/q2.txt", "misc/notes.txt", "misc/old-report.md")) {
      h.awaitVersions(p, 1);
      Instant t = h.store.history(p).get(0).time();
      lastRecorded = t.isAfter(lastRecorded) ? t : lastRecorded;
    }
    beforeRename = lastRecorded.plusMillis(1);
    assertThat(editor.post("/api/move", Map.of("from", "misc/old-report.md",
        "to", "misc/archived.md")).statusCode()).isEqualTo(200);
    h.awaitVersions("misc/archived.md", 2);
  }

  @AfterAll
  void stop() {
    h.close();
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static List<String> hits(JsonNode answer) {
    List<String> out = new ArrayList<>();
    answer.get("hits").forEach(n -> out.add(n.get("type").asText() + " " + n.get("path")
        .asText()));
    return out;
  }

  @Test
  void search_finds_files_and_folders_whose_name_contains_the_text_ignoring_case()
      throws Exception {
    HttpResponse<String> r = viewer.get("/api/search?q=RePoRt");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode answer = Http.json(r);
    assertThat(hits(answer)).containsExactly("file docs/Annual-REPORT.txt",
        "folder docs/reports");
    assertThat(answer.get("truncated").asBoolean()).isFalse();
    JsonNode file = answer.get("hits").get(0);
    assertThat(file.get("name").asText()).isEqualTo("Annual-REPORT.txt");
    assertThat(file.get("size").asLong()).isEqualTo(7);
    assertThat(file.get("version").asInt()).isEqualTo(1);
    assertThat(file.has("modified")).isTrue();

    assertThat(hits(Http.json(viewer.get("/api/search?q=q&dir=docs/reports"))))
        .containsExactly("file docs/reports/q1.txt", "file docs/reports/q2.txt");
    assertThat(hits(Http.json(viewer.get("/api/search?q=reports&dir=docs/reports"))))
        .as("the searched folder's own name is not a match").isEmpty();
    assertThat(hits(Http.json(viewer.get("/api/search?q=nothing-like-it")))).isEmpty();

    JsonNode one = Http.json(viewer.get("/api/search?q=q&limit=1"));
    assertThat(hits(one)).containsExactly("file docs/reports/q1.txt");
    assertThat(one.get("truncated").asBoolean()).isTrue();
  }

  @Test
  void search_finds_an_empty_folder_which_only_the_disk_knows() throws Exception {
    HttpResponse<String> made = editor.post("/api/mkdir",
        Map.of("path", "misc/Plans of 2027/drafts"));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(200);

    assertThat(hits(Http.json(viewer.get("/api/search?q=2027"))))
        .containsExactly("folder misc/Plans of 2027");
    assertThat(hits(Http.json(viewer.get("/api/search?q=drafts&dir=misc"))))
        .containsExactly("folder misc/Plans of 2027/drafts");
    assertThat(hits(Http.json(viewer.get("/api/search?q=draft&dir=docs")))).isEmpty();
  }

  @Test
  void search_at_a_moment_finds_names_as_they_were() throws Exception {
    JsonNode then = Http.json(viewer.get("/api/search?q=report&at="
        + q(beforeRename.toString())));
    assertThat(hits(then)).containsExactly("file docs/Annual-REPORT.txt",
        "folder docs/reports", "file misc/old-report.md");
    assertThat(then.get("at").asText()).isEqualTo(beforeRename.toString());
    assertThat(hits(Http.json(viewer.get("/api/search?q=archived")))).containsExactly(
        "file misc/archived.md");
    assertThat(hits(Http.json(viewer.get("/api/search?q=archived&at="
        + q(beforeRename.toString()))))).isEmpty();
    assertThat(hits(Http.json(viewer.get("/api/search?q=report&at=2000-01-01T00:00:00Z"))))
        .isEmpty();
  }

  @Test
  void search_refuses_what_it_cannot_read_with_one_line() throws Exception {
    for (String bad : List.of("", "q=", "q=%20%20", "q=a&dir=..%2Fetc", "q=a&dir=%2Fetc",
        "q=a&at=next+tuesday", "q=a&at=2999-01-01T00:00:00Z", "q=a&limit=0",
        "q=a&limit=100000", "q=a&limit=ten", "q=" + "x".repeat(300))) {
      HttpResponse<String> r = viewer.get("/api/search?" + bad);
      assertThat(r.statusCode()).as(bad + ": " + r.body()).isEqualTo(400);
      assertThat(Http.json(r).get("error").asText()).doesNotContain("Exception")
          .doesNotContain(tmp.toString());
    }
    // a control character is only text to look for
    assertThat(viewer.get("/api/search?q=%01").statusCode()).isEqualTo(200);
    assertThat(new Http(h.base()).get("/api/search?q=a").statusCode()).isEqualTo(401);
  }

  @Test
  void deleted_lists_the_whole_shares_deleted_files_newest_first_with_their_last_version()
      throws Exception {
    h.writeShared("trash/first.txt", "first\n");
    h.writeShared("trash/deep/second.txt", "second, longer\n");
    h.awaitVersions("trash/first.txt", 1);
    h.awaitVersions("trash/deep/second.txt", 1);
    Files.delete(h.shared.resolve("trash/first.txt"));
    h.awaitVersions("trash/first.txt", 2);
    HttpResponse<String> del = editor.post("/api/delete", Map.of("path",
        "trash/deep/second.txt"));
    assertThat(del.statusCode()).as(del.body()).isEqualTo(200);
    h.awaitVersions("trash/deep/second.txt", 2);

    HttpResponse<String> r = viewer.get("/api/deleted");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode files = Http.json(r).get("files");
    assertThat(Http.strings(files, "path")).containsSubsequence("trash/deep/second.txt",
        "trash/first.txt");
    JsonNode second = files.get(0);
    assertThat(second.get("path").asText()).isEqualTo("trash/deep/second.txt");
    assertThat(second.get("deleted_by").asText()).isEqualTo("editor");
    assertThat(second.get("change_set").asText())
        .isEqualTo(Http.json(del).get("change_set").asText());
    assertThat(second.get("last").get("version").asInt()).isEqualTo(1);
    assertThat(second.get("last").get("size").asLong()).isEqualTo(15);
    assertThat(Http.json(r).get("truncated").asBoolean()).isFalse();

    JsonNode one = Http.json(viewer.get("/api/deleted?limit=1"));
    assertThat(Http.strings(one.get("files"), "path")).containsExactly("trash/deep/second.txt");
    assertThat(one.get("truncated").asBoolean()).isTrue();
    assertThat(Http.strings(Http.json(viewer.get("/api/deleted?dir=trash/deep")).get("files"),
        "path")).containsExactly("trash/deep/second.txt");
    // restorable from the version it names
    assertThat(editor.post("/api/restore", Map.of("path", "trash/first.txt", "version",
        files.get(1).get("last").get("version").asInt())).statusCode()).isEqualTo(200);
    assertThat(h.shared.resolve("trash/first.txt")).hasContent("first");

    assertThat(viewer.get("/api/deleted?dir=..%2F..").statusCode()).isEqualTo(400);
    assertThat(viewer.get("/api/deleted?limit=-1").statusCode()).isEqualTo(400);
    assertThat(new Http(h.base()).get("/api/deleted").statusCode()).isEqualTo(401);
  }

  @Test
  void a_user_changes_their_own_password_and_their_other_sessions_end() throws Exception {
    String old = "pat-password";
    h.store.addUser(new User("pat", Passwords.hash(old.toCharArray()), Role.VIEWER));
    Http here = Http.as(h.base(), "pat", old);
    Http elsewhere = Http.as(h.base(), "pat", old);

    String token = here.csrf;
    here.csrf = null;
    assertThat(here.post("/api/me/password", Map.of("old", old, "new", "n3w-passw0rd!"))
        .statusCode()).isEqualTo(403);
    here.csrf = token;
    HttpResponse<String> wrong = here.post("/api/me/password", Map.of("old", "not-it",
        "new", "n3w-passw0rd!"));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(Http.json(wrong).get("error").asText()).contains("old password is wrong");
    assertThat(here.post("/api/me/password", Map.of("old", old, "new", "short")).statusCode())
        .isEqualTo(400);
    assertThat(here.post("/api/me/password", Map.of("old", old, "new", old)).statusCode())
        .isEqualTo(400);
    assertThat(here.post("/api/me/password", Map.of("old", old)).statusCode()).isEqualTo(400);

    HttpResponse<String> ok = here.post("/api/me/password", Map.of("old", old,
        "new", "n3w-passw0rd!"));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(Http.json(ok).get("user").asText()).isEqualTo("pat");
    assertThat(here.get("/api/me").statusCode()).as("this session stays").isEqualTo(200);
    assertThat(elsewhere.get("/api/me").statusCode()).as("others end").isEqualTo(401);
    assertThat(new Http(h.base()).login("pat", old).statusCode()).isEqualTo(401);
    assertThat(new Http(h.base()).login("pat", "n3w-passw0rd!").statusCode())
        .isEqualTo(200);
    assertThat(h.store.user("pat").orElseThrow().role()).isEqualTo(Role.VIEWER);
  }

  @Test
  void guessing_the_old_password_is_limited_like_a_login() throws Exception {
    h.store.addUser(new User("guesser", Passwords.hash("guesser-password".toCharArray()),
        Role.EDITOR));
    Http c = Http.as(h.base(), "guesser", "guesser-password");
    int status = 0;
    for (int i = 0; i < 30 && status != 429; i++) {
      status = c.post("/api/me/password", Map.of("old", "guess-" + i, "new", "whatever-123"))
          .statusCode();
    }
    assertThat(status).isEqualTo(429);
    // the right one is refused too while the limit holds
    assertThat(c.post("/api/me/password", Map.of("old", "guesser-password",
        "new", "whatever-123")).statusCode()).isEqualTo(429);
  }
}
