package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.Passwords;
import io.revkeep.core.model.Lock;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.model.VersionRecord;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every route over real HTTP against a running server on port 0, with a real listener. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiIT {
  static final long MAX_UPLOAD = 4 * 1024 * 1024;

  WebHarness h;
  Http admin;
  Http editor;
  Http viewer;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    h = new WebHarness(tmp, MAX_UPLOAD, true);
    admin = h.loggedInAs("admin");
    editor = h.loggedInAs("editor");
    viewer = h.loggedInAs("viewer");
  }

  @AfterAll
  void stop() {
    h.close();
  }

  private String write(String rel, String content) throws Exception {
    Path p = h.shared.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return rel;
  }

  @Test
  void every_route_but_health_and_login_refuses_without_a_session() throws Exception {
    Http anon = new Http(h.base());
    List<String> gets = List.of("/api/me", "/api/files", "/api/files?dir=a", "/api/history?path=x",
        "/api/content?path=x", "/api/diff?path=x&from=1&to=2", "/api/users", "/api/events",
        "/metrics", "/api/search?q=a", "/api/deleted", "/api/thumbnail?path=x.png",
        "/api/diff/sides?path=x&from=1", "/api/whereabouts?path=x");
    for (String g : gets) {
      assertThat(anon.get(g).statusCode()).as(g).isEqualTo(401);
    }
    assertThat(anon.get("/api/change-times?dir=").statusCode()).isEqualTo(401);
    List<String> posts = List.of("/api/logout", "/api/upload", "/api/restore",
        "/api/restore-folder", "/api/users",
        "/api/users/update", "/api/users/delete", "/api/mkdir", "/api/move", "/api/delete",
        "/api/undo", "/api/me/password", "/api/me/logout-everywhere");
    for (String p : posts) {
      assertThat(anon.post(p, Map.of()).statusCode()).as(p).isEqualTo(401);
    }
    for (String page : List.of("/", "/file?path=a.txt", "/admin", "/account")) {
      HttpResponse<String> r = anon.get(page);
      assertThat(r.statusCode()).as(page).isEqualTo(302);
      assertThat(r.headers().firstValue("Location").orElse("")).startsWith("/login?next=");
    }
    // the public ones
    assertThat(anon.get("/login").statusCode()).isEqualTo(200);
    assertThat(anon.get("/static/common.js").statusCode()).isEqualTo(200);
    assertThat(anon.get("/api/health").statusCode()).isIn(200, 503);
    // a forged cookie is no session
    anon.cookie = Sessions.COOKIE + "=" + "0".repeat(64);
    assertThat(anon.get("/api/files").statusCode()).isEqualTo(401);
  }

  @Test
  void health_reports_each_part_and_is_ok_with_store_feed_and_listener_up() throws Exception {
    Http anon = h.loggedInAs("viewer"); // the details need a session
    await().atMost(Duration.ofSeconds(10)).until(() -> anon.get("/api/health").statusCode() == 200);
    JsonNode body = Http.json(anon.get("/api/health"));
    assertThat(body.get("status").asText()).isEqualTo("ok");
    assertThat(body.get("parts").get("store").asText()).isEqualTo("ok");
    assertThat(body.get("parts").get("feed").asText()).isEqualTo("ok");
    assertThat(body.get("parts").get("listener").asText()).isEqualTo("ok");
    assertThat(body.get("parts").get("watcher").asText()).isEqualTo("ok");
    assertThat(body.get("parts").get("subscribers").asText()).startsWith("ok: ");
    assertThat(body.get("parts").get("disk:shared").asText()).matches("ok: [0-9.]+% free .*");
    assertThat(body.get("parts").get("disk:data").asText()).startsWith("ok: ");
    assertThat(body.get("details").get("disk").get("shared").get("free_bytes").asLong())
        .isPositive();
  }

  @Test
  void health_without_a_session_shows_no_paths_addresses_or_figures() throws Exception {
    Http anon = new Http(h.base());
    await().atMost(Duration.ofSeconds(10)).until(() -> anon.get("/api/health").statusCode() == 200);
    HttpResponse<String> r = anon.get("/api/health");
    JsonNode body = Http.json(r);
    assertThat(body.get("status").asText()).isEqualTo("ok");
    assertThat(body.has("details")).isFalse();
    body.get("parts").fields().forEachRemaining(
        p -> assertThat(p.getValue().asText()).isIn("ok", "degraded", "down", "unknown"));
    assertThat(body.get("parts").get("disk:shared").asText()).isEqualTo("ok");
    assertThat(r.body()).doesNotContain(h.shared.toString()).doesNotContain(h.data.toString())
        .doesNotContain("127.0.0.1").doesNotContain("free");
  }

  @Test
  void login_sets_an_httponly_samesite_strict_cookie_and_wrong_passwords_are_401()
      throws Exception {
    Http c = new Http(h.base());
    HttpResponse<String> ok = c.login("editor", WebHarness.password("editor"));
    assertThat(ok.statusCode()).isEqualTo(200);
    String cookie = ok.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
    assertThat(Http.json(ok).get("role").asText()).isEqualTo("editor");
    assertThat(Http.json(c.get("/api/me")).get("user").asText()).isEqualTo("editor");
    assertThat(new Http(h.base()).login("editor", "wrong-password").statusCode()).isEqualTo(401);
    assertThat(new Http(h.base()).login("nobody", "wrong-password").statusCode()).isEqualTo(401);
    assertThat(new Http(h.base()).post("/api/login", Map.of("user", "x")).statusCode())
        .isEqualTo(400);
    HttpResponse<String> bad = new Http(h.base()).send(new Http(h.base()).request("/api/login")
        .POST(HttpRequest.BodyPublishers.ofString("not json")));
    assertThat(bad.statusCode()).isEqualTo(400);
  }

  @Test
  void logout_ends_the_session() throws Exception {
    Http c = h.loggedInAs("viewer");
    assertThat(c.post("/api/logout", Map.of()).statusCode()).isEqualTo(200);
    assertThat(c.get("/api/me").statusCode()).isEqualTo(401);
  }

  @Test
  void logout_everywhere_ends_every_session_of_the_caller_and_no_one_elses() throws Exception {
    // a user of its own: the class's shared sessions stay
    h.store.addUser(new User("lou", Passwords.hash("lou-password".toCharArray()), Role.VIEWER));
    Http here = Http.as(h.base(), "lou", "lou-password");
    Http there = Http.as(h.base(), "lou", "lou-password");
    Http other = h.loggedInAs("viewer");
    String token = here.csrf;
    here.csrf = null;
    assertThat(here.post("/api/me/logout-everywhere", Map.of()).statusCode()).isEqualTo(403);
    assertThat(there.get("/api/me").statusCode()).as("nothing ended without the token")
        .isEqualTo(200);
    here.csrf = token;

    HttpResponse<String> r = here.post("/api/me/logout-everywhere", Map.of());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(Http.json(r).get("ok").asBoolean()).isTrue();
    assertThat(Http.json(r).get("ended").asInt()).isEqualTo(2);
    assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
    assertThat(here.get("/api/me").statusCode()).isEqualTo(401);
    assertThat(there.get("/api/me").statusCode()).isEqualTo(401);
    assertThat(other.get("/api/me").statusCode()).isEqualTo(200);
  }

  @Test
  void state_changing_requests_need_the_csrf_token() throws Exception {
    Http c = h.loggedInAs("editor");
    String token = c.csrf;
    c.csrf = null;
    assertThat(c.upload("csrf.txt", "x").statusCode()).isEqualTo(403);
    assertThat(c.post("/api/restore", Map.of("path", "a", "version", 1)).statusCode())
        .isEqualTo(403);
    assertThat(c.post("/api/logout", Map.of()).statusCode()).isEqualTo(403);
    c.csrf = "f".repeat(64);
    assertThat(c.upload("csrf.txt", "x").statusCode()).isEqualTo(403);
    c.csrf = token;
    assertThat(c.get("/api/me").statusCode()).isEqualTo(200);
    assertThat(Files.exists(h.shared.resolve("csrf.txt"))).isFalse();
  }

  @Test
  void upload_writes_files_that_the_listener_records_as_the_web_user() throws Exception {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("one.txt", "first\n".getBytes(StandardCharsets.UTF_8));
    files.put("sub/two.txt", "second\n".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = editor.upload("up", files);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode body = Http.json(r);
    assertThat(Http.strings(body.get("files"), "path")).containsExactly("up/one.txt",
        "up/sub/two.txt");
    assertThat(Files.readString(h.shared.resolve("up/sub/two.txt"))).isEqualTo("second\n");
    List<VersionRecord> v = h.awaitVersions("up/one.txt", 1);
    assertThat(v.get(0).user()).isEqualTo("editor");
    assertThat(v.get(0).origin()).isEqualTo(Origin.WEB);
    assertThat(v.get(0).changeSet()).isEqualTo(body.get("change_set").asText());
    assertThat(h.awaitVersions("up/sub/two.txt", 1).get(0).changeSet())
        .isEqualTo(body.get("change_set").asText());
    // nothing is left in the staging folder
    try (var s = Files.list(h.shared.resolve(Writes.STAGING))) {
      assertThat(s.count()).isZero();
    }
  }

  @Test
  void a_folder_as_it_was_its_change_times_and_its_restore_plan() throws Exception {
    write("pit/one.txt", "one\n");
    h.awaitVersions("pit/one.txt", 1);
    write("elsewhere/moved.txt", "moved in later\n");
    h.awaitVersions("elsewhere/moved.txt", 1);
    Instant before = Instant.now();
    Files.move(h.shared.resolve("elsewhere/moved.txt"), h.shared.resolve("pit/moved.txt"));
    h.awaitVersions("pit/moved.txt", 2);
    write("pit/one.txt", "one, edited\n");
    h.awaitVersions("pit/one.txt", 2);

    JsonNode then = Http.json(viewer.get("/api/files?dir=pit&at=" + before));
    assertThat(then.get("entries")).extracting(e -> e.get("name").asText())
        .containsExactly("one.txt");
    assertThat(then.get("entries").get(0).get("versions").asInt()).isEqualTo(1);
    // the moved file was elsewhere then: listed there, and marked as moved since, not deleted
    JsonNode away = Http.json(viewer.get("/api/files?dir=elsewhere&at=" + before));
    assertThat(away.get("entries")).extracting(e -> e.get("name").asText())
        .containsExactly("moved.txt");
    assertThat(away.get("entries").get(0).get("deleted_since").asBoolean()).isFalse();
    assertThat(away.get("entries").get(0).get("moved_to").asText()).isEqualTo("pit/moved.txt");
    JsonNode now = Http.json(viewer.get("/api/files?dir=pit&at=" + Instant.now()));
    assertThat(now.get("entries")).extracting(e -> e.get("name").asText())
        .containsExactly("moved.txt", "one.txt");

    JsonNode times = Http.json(viewer.get("/api/change-times?dir=pit"));
    assertThat(times.get("times")).hasSize(3);
    assertThat(Instant.parse(times.get("times").get(0).asText()))
        .isAfter(Instant.parse(times.get("times").get(2).asText()));
    assertThat(viewer.get("/api/change-times?dir=pit&limit=0").statusCode()).isEqualTo(400);

    // the plan (dry run) as the page previews it; nothing is written
    Map<String, Object> ask = new LinkedHashMap<>();
    ask.put("dir", "pit");
    ask.put("at", before.toString());
    ask.put("dry_run", true);
    HttpResponse<String> planned = editor.post("/api/restore-folder", ask);
    assertThat(planned.statusCode()).as(planned.body()).isEqualTo(200);
    JsonNode plan = Http.json(planned);
    assertThat(plan.get("steps")).extracting(st -> st.get("path").asText() + "=" + st.get(
        "action").asText()).containsExactly("pit/moved.txt=leave", "pit/one.txt=write");
    assertThat(plan.get("counts").get("write").asInt()).isEqualTo(1);
    ask.put("exact", true);
    assertThat(Http.json(editor.post("/api/restore-folder", ask)).get("steps"))
        .extracting(st -> st.get("action").asText()).containsExactly("remove", "write");
    assertThat(Files.readString(h.shared.resolve("pit/one.txt"))).isEqualTo("one, edited\n");
    assertThat(h.store.history("pit/one.txt")).hasSize(2);

    // mistakes: one clear error each, nothing changed
    assertThat(viewer.post("/api/restore-folder", ask).statusCode()).isEqualTo(403);
    assertThat(Http.json(editor.post("/api/restore-folder", Map.of("dir", "pit"))).get("error")
        .asText()).contains("'at'");
    HttpResponse<String> bad = editor.post("/api/restore-folder", Map.of("dir", "pit", "at",
        "last tuesday"));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(Http.json(bad).get("error").asText()).contains("'last tuesday' is not understood");
    assertThat(Http.json(editor.post("/api/restore-folder", Map.of("dir", "pit", "at",
        "2099-01-01"))).get("error").asText()).contains("in the future");
    assertThat(editor.post("/api/restore-folder", Map.of("dir", "nothing-here", "at", "1s"))
        .statusCode()).isEqualTo(404);
    assertThat(editor.post("/api/restore-folder", Map.of("dir", "../x", "at", "1s"))
        .statusCode()).isEqualTo(400);
    assertThat(viewer.get("/api/files?dir=pit&at=yesterday-ish").statusCode()).isEqualTo(400);
    assertThat(h.store.history("pit/one.txt")).hasSize(2);
  }

  @Test
  void upload_errors_change_nothing() throws Exception {
    assertThat(viewer.upload("viewer.txt", "x").statusCode()).isEqualTo(403);
    assertThat(editor.send(editor.request("/api/upload").header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString("x"))).statusCode()).isEqualTo(400);
    assertThat(editor.upload("d", Map.of()).statusCode()).isEqualTo(400);
    HttpResponse<String> dotdot = editor.upload("../evil.txt", "x");
    assertThat(dotdot.statusCode()).isEqualTo(400);
    assertThat(Http.json(dotdot).get("error").asText()).contains("..");
    assertThat(editor.upload("/etc/evil.txt", "x").statusCode()).isEqualTo(400);
    assertThat(editor.upload("a\u0001b.txt", "x").statusCode()).isEqualTo(400);
    assertThat(editor.upload("x.swp", "x").statusCode()).isEqualTo(400);
    assertThat(editor.upload(Writes.STAGING + "/x.txt", "x").statusCode()).isEqualTo(400);
    // one bad name among good ones: nothing of the request is written
    Map<String, byte[]> mixed = new LinkedHashMap<>();
    mixed.put("good.txt", new byte[] {1});
    mixed.put("../bad.txt", new byte[] {2});
    assertThat(editor.upload(null, mixed).statusCode()).isEqualTo(400);
    assertThat(Files.exists(h.shared.resolve("good.txt"))).isFalse();
    // over [web] max_upload
    HttpResponse<String> big = editor.upload(null, Map.of("big.bin",
        new byte[(int) MAX_UPLOAD + 1]));
    assertThat(big.statusCode()).isEqualTo(413);
    assertThat(Files.exists(h.shared.resolve("big.bin"))).isFalse();
  }

  @Test
  void upload_or_restore_of_a_file_locked_by_someone_else_is_409() throws Exception {
    write("locked.txt", "mine\n");
    h.awaitVersions("locked.txt", 1);
    h.store.tryLock(new Lock("locked.txt", "carol", Instant.now().plusSeconds(600)),
        Instant.now());
    HttpResponse<String> r = editor.upload("locked.txt", "theirs\n");
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(Http.json(r).get("error").asText()).contains("carol");
    assertThat(editor.post("/api/restore", Map.of("path", "locked.txt", "version", 1))
        .statusCode()).isEqualTo(409);
    assertThat(Files.readString(h.shared.resolve("locked.txt"))).isEqualTo("mine\n");
  }

  @Test
  void files_lists_a_folder_with_versions_sizes_and_users_and_deleted_ones_on_request()
      throws Exception {
    write("list/a.txt", "aaa");
    write("list/deep/b.txt", "bb");
    write("list/gone.txt", "g");
    h.awaitVersions("list/gone.txt", 1);
    h.awaitVersions("list/deep/b.txt", 1);
    h.awaitVersions("list/a.txt", 1);
    write("list/a.txt", "aaaa");
    h.awaitVersions("list/a.txt", 2);
    Instant before = Instant.now();
    Files.delete(h.shared.resolve("list/gone.txt"));
    h.awaitVersions("list/gone.txt", 2);

    JsonNode listing = Http.json(viewer.get("/api/files?dir=list"));
    assertThat(Http.strings(listing.get("entries"), "name")).containsExactly("deep", "a.txt");
    JsonNode a = listing.get("entries").get(1);
    assertThat(a.get("versions").asInt()).isEqualTo(2);
    assertThat(a.get("size").asLong()).isEqualTo(4);
    assertThat(a.get("last_modified_user").asText()).isNotEmpty();
    assertThat(listing.get("entries").get(0).get("type").asText()).isEqualTo("dir");

    JsonNode withDeleted = Http.json(viewer.get("/api/files?dir=list&deleted=true"));
    assertThat(Http.strings(withDeleted.get("entries"), "name")).contains("gone.txt");
    JsonNode then = Http.json(viewer.get("/api/files?dir=list&at=" + before));
    assertThat(Http.strings(then.get("entries"), "name")).contains("gone.txt");
    assertThat(viewer.get("/api/files?dir=../x").statusCode()).isEqualTo(400);
    assertThat(viewer.get("/api/files?dir=list&at=yesterday-ish").statusCode()).isEqualTo(400);
  }

  @Test
  void a_page_of_a_folder_shows_changes_beneath_it_once_the_web_has_heard_them()
      throws Exception {
    write("kept/a.txt", "a");
    h.awaitVersions("kept/a.txt", 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> Http.strings(Http.json(viewer.get(
        "/api/files?dir=kept&limit=10")).get("entries"), "name").equals(List.of("a.txt")));
    // a change elsewhere, then one deep beneath the folder: the kept page is not kept for ever
    write("elsewhere/x.txt", "x");
    h.awaitVersions("elsewhere/x.txt", 1);
    write("kept/sub/b.txt", "bb");
    h.awaitVersions("kept/sub/b.txt", 1);
    await().atMost(Duration.ofSeconds(10)).until(() -> Http.strings(Http.json(viewer.get(
        "/api/files?dir=kept&limit=10")).get("entries"), "name").equals(List.of("sub", "a.txt")));
    Files.delete(h.shared.resolve("kept/a.txt"));
    h.awaitVersions("kept/a.txt", 2);
    await().atMost(Duration.ofSeconds(10)).until(() -> Http.strings(Http.json(viewer.get(
        "/api/files?dir=kept&limit=10")).get("entries"), "name").equals(List.of("sub")));
  }

  @Test
  void history_content_and_diff_serve_any_version() throws Exception {
    write("h/doc.txt", "line one\nline two\n");
    h.awaitVersions("h/doc.txt", 1);
    write("h/doc.txt", "line one\nline 2\n");
    h.awaitVersions("h/doc.txt", 2);

    JsonNode hist = Http.json(viewer.get("/api/history?path=h/doc.txt"));
    assertThat(hist.get("versions")).hasSize(2);
    assertThat(hist.get("versions").get(0).get("origin").asText()).isEqualTo("fs");
    assertThat(viewer.get("/api/history?path=h/none.txt").statusCode()).isEqualTo(404);
    assertThat(viewer.get("/api/history?path=../x").statusCode()).isEqualTo(400);
    assertThat(viewer.get("/api/history").statusCode()).isEqualTo(400);

    HttpResponse<byte[]> v1 = viewer.getBytes("/api/content?path=h/doc.txt&version=1");
    assertThat(v1.statusCode()).isEqualTo(200);
    assertThat(new String(v1.body(), StandardCharsets.UTF_8)).isEqualTo("line one\nline two\n");
    assertThat(v1.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
    HttpResponse<byte[]> newest = viewer.getBytes("/api/content?path=h/doc.txt");
    assertThat(new String(newest.body(), StandardCharsets.UTF_8)).contains("line 2");
    assertThat(viewer.get("/api/content?path=h/doc.txt&version=9").statusCode()).isEqualTo(404);
    assertThat(viewer.get("/api/content?path=h/doc.txt&version=x").statusCode()).isEqualTo(400);
    assertThat(viewer.get("/api/content?path=h/none.txt").statusCode()).isEqualTo(404);

    JsonNode diff = Http.json(viewer.get("/api/diff?path=h/doc.txt&from=1&to=2"));
    assertThat(diff.get("binary").asBoolean()).isFalse();
    assertThat(diff.get("diff").asText()).contains("-line two").contains("+line 2")
        .contains("@@");
    assertThat(viewer.get("/api/diff?path=h/doc.txt&from=1").statusCode()).isEqualTo(200);
    assertThat(viewer.get("/api/diff?path=h/doc.txt").statusCode()).isEqualTo(400);
    assertThat(viewer.get("/api/diff?path=h/doc.txt&from=1&to=7").statusCode()).isEqualTo(404);

    h.writeShared("h/bin.dat", new byte[] {0, 1, 2});
    h.awaitVersions("h/bin.dat", 1);
    h.writeShared("h/bin.dat", new byte[] {0, 1, 3});
    h.awaitVersions("h/bin.dat", 2);
    JsonNode bin = Http.json(viewer.get("/api/diff?path=h/bin.dat&from=1&to=2"));
    assertThat(bin.get("binary").asBoolean()).isTrue();

    Files.delete(h.shared.resolve("h/bin.dat"));
    h.awaitVersions("h/bin.dat", 3);
    assertThat(viewer.get("/api/content?path=h/bin.dat").statusCode()).isEqualTo(404);
    assertThat(viewer.get("/api/content?path=h/bin.dat&version=3").statusCode()).isEqualTo(404);
    assertThat(viewer.getBytes("/api/content?path=h/bin.dat&version=2").body())
        .containsExactly(0, 1, 3);
  }

  @Test
  void restore_writes_an_old_version_as_a_new_one_by_the_web_user() throws Exception {
    write("r/notes.txt", "v1\n");
    h.awaitVersions("r/notes.txt", 1);
    write("r/notes.txt", "v2\n");
    h.awaitVersions("r/notes.txt", 2);

    assertThat(viewer.post("/api/restore", Map.of("path", "r/notes.txt", "version", 1))
        .statusCode()).isEqualTo(403);
    HttpResponse<String> r = editor.post("/api/restore", Map.of("path", "r/notes.txt",
        "version", 1));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<VersionRecord> v = h.awaitVersions("r/notes.txt", 3);
    assertThat(v.get(2).user()).isEqualTo("editor");
    assertThat(v.get(2).origin()).isEqualTo(Origin.WEB);
    assertThat(v.get(2).hash()).isEqualTo(v.get(0).hash());
    assertThat(Files.readString(h.shared.resolve("r/notes.txt"))).isEqualTo("v1\n");

    HttpResponse<String> to = editor.post("/api/restore", Map.of("path", "r/notes.txt",
        "version", 2, "to", "r/copy/notes-v2.txt"));
    assertThat(to.statusCode()).as(to.body()).isEqualTo(200);
    assertThat(h.awaitVersions("r/copy/notes-v2.txt", 1).get(0).user()).isEqualTo("editor");
    assertThat(Files.readString(h.shared.resolve("r/copy/notes-v2.txt"))).isEqualTo("v2\n");

    // the same content again: nothing to do
    assertThat(Http.json(editor.post("/api/restore", Map.of("path", "r/notes.txt",
        "version", 3))).get("unchanged").asBoolean()).isTrue();
    // errors
    assertThat(editor.post("/api/restore", Map.of("path", "r/notes.txt", "version", 9))
        .statusCode()).isEqualTo(404);
    assertThat(editor.post("/api/restore", Map.of("path", "r/notes.txt")).statusCode())
        .isEqualTo(400);
    assertThat(editor.post("/api/restore", Map.of("path", "r/notes.txt", "version", 1,
        "to", "../out.txt")).statusCode()).isEqualTo(400);
    assertThat(editor.post("/api/restore", Map.of("path", "../x", "version", 1)).statusCode())
        .isEqualTo(400);
    // a deleted file comes back from one of its versions
    Files.delete(h.shared.resolve("r/copy/notes-v2.txt"));
    h.awaitVersions("r/copy/notes-v2.txt", 2);
    assertThat(editor.post("/api/restore", Map.of("path", "r/copy/notes-v2.txt", "version", 2))
        .statusCode()).isEqualTo(404); // version 2 is the deletion
    assertThat(editor.post("/api/restore", Map.of("path", "r/copy/notes-v2.txt", "version", 1))
        .statusCode()).isEqualTo(200);
    assertThat(h.awaitVersions("r/copy/notes-v2.txt", 3).get(2).origin()).isEqualTo(Origin.WEB);
  }

  @Test
  void events_stream_replays_after_last_event_id_then_goes_live() throws Exception {
    write("ev/first.txt", "1");
    h.awaitVersions("ev/first.txt", 1);
    long firstSeq = h.store.lastSeq();
    HttpResponse<InputStream> stream = viewer.client.send(viewer.request("/api/events")
        .header("Accept", "text/event-stream")
        .header("Last-Event-ID", Long.toString(firstSeq - 1)).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type").orElse("")).contains("text/event-stream");
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(stream.body(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (Exception e) {
        // closed at the end of the test
      }
    });
    reader.setDaemon(true);
    reader.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> lines.contains("id: " + firstSeq));
    write("ev/second.txt", "2");
    await().atMost(Duration.ofSeconds(5)).until(() -> lines.stream()
        .anyMatch(l -> l.startsWith("data:") && l.contains("ev/second.txt")));
    List<String> ids = new ArrayList<>(lines.stream().filter(l -> l.startsWith("id: ")).toList());
    assertThat(ids).doesNotHaveDuplicates();
    assertThat(ids.get(0)).isEqualTo("id: " + firstSeq);
    stream.body().close();
  }

  @Test
  void a_demoted_users_sessions_end_at_once() throws Exception {
    assertThat(admin.post("/api/users", Map.of("name", "fred", "password", "fred-password",
        "role", "editor")).statusCode()).isEqualTo(201);
    Http fred = Http.as(h.base(), "fred", "fred-password");
    assertThat(admin.post("/api/users/update", Map.of("name", "fred", "role", "viewer"))
        .statusCode()).isEqualTo(200);
    assertThat(fred.get("/api/me").statusCode()).isEqualTo(401);
    assertThat(fred.upload("fred.txt", "x").statusCode()).isEqualTo(401);
    Http again = Http.as(h.base(), "fred", "fred-password");
    assertThat(Http.json(again.get("/api/me")).get("role").asText()).isEqualTo("viewer");
    assertThat(admin.post("/api/users/delete", Map.of("name", "fred")).statusCode())
        .isEqualTo(200);
  }

  @Test
  void users_are_managed_by_admins_only() throws Exception {
    assertThat(editor.get("/api/users").statusCode()).isEqualTo(403);
    assertThat(editor.post("/api/users", Map.of("name", "x", "password", "long-enough"))
        .statusCode()).isEqualTo(403);
    assertThat(Http.strings(Http.json(admin.get("/api/users")), "name"))
        .contains("admin", "editor", "viewer");
    assertThat(admin.post("/api/users", Map.of("name", "dora", "password", "dora-password",
        "role", "viewer")).statusCode()).isEqualTo(201);
    assertThat(admin.post("/api/users", Map.of("name", "dora", "password", "dora-password"))
        .statusCode()).isEqualTo(409);
    assertThat(admin.post("/api/users", Map.of("name", "eve", "password", "short"))
        .statusCode()).isEqualTo(400);
    assertThat(admin.post("/api/users", Map.of("name", "e v", "password", "long-enough"))
        .statusCode()).isEqualTo(400);
    assertThat(admin.post("/api/users", Map.of("name", "eve", "password", "long-enough",
        "role", "god")).statusCode()).isEqualTo(400);
    Http dora = new Http(h.base());
    assertThat(dora.login("dora", "dora-password").statusCode()).isEqualTo(200);
    assertThat(dora.upload("dora.txt", "x").statusCode()).isEqualTo(403);
    assertThat(admin.post("/api/users/update", Map.of("name", "dora", "role", "editor"))
        .statusCode()).isEqualTo(200);
    // a role change ends the user's sessions: the promoted user logs in again (a new session)
    String demotedCookie = dora.cookie;
    assertThat(dora.get("/api/me").statusCode()).isEqualTo(401);
    assertThat(dora.login("dora", "dora-password").statusCode()).isEqualTo(200);
    assertThat(dora.cookie).isNotEqualTo(demotedCookie);
    assertThat(Http.json(dora.get("/api/me")).get("role").asText()).isEqualTo("editor");
    assertThat(admin.post("/api/users/update", Map.of("name", "nobody", "role", "editor"))
        .statusCode()).isEqualTo(404);
    assertThat(admin.post("/api/users/update", Map.of("name", "admin", "role", "viewer"))
        .statusCode()).isEqualTo(400);
    assertThat(admin.post("/api/users/delete", Map.of("name", "admin")).statusCode())
        .isEqualTo(400);
    assertThat(admin.post("/api/users/delete", Map.of("name", "dora")).statusCode())
        .isEqualTo(200);
    assertThat(dora.get("/api/me").statusCode()).isEqualTo(401);
    assertThat(admin.post("/api/users/delete", Map.of("name", "dora")).statusCode())
        .isEqualTo(404);
  }

  @Test
  void pages_and_metrics_are_served_with_a_session() throws Exception {
    HttpResponse<String> page = viewer.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("<meta name=\"csrf-token\" content=\"" + viewer.csrf + "\">");
    assertThat(viewer.get("/file?path=a.txt").statusCode()).isEqualTo(200);
    assertThat(viewer.get("/admin").statusCode()).isEqualTo(403); // admins only
    assertThat(admin.get("/admin").statusCode()).isEqualTo(200);
    assertThat(viewer.get("/account").statusCode()).isEqualTo(200);
    assertThat(viewer.get("/static/app.css").statusCode()).isEqualTo(200);
    assertThat(viewer.get("/static/..%2Fapi").statusCode()).isEqualTo(404);
    HttpResponse<String> metrics = viewer.get("/metrics");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).containsPattern("(?m)^revkeep_web_feed_connected 1(\\.0)?$");
    assertThat(viewer.get("/api/nothing-here").statusCode()).isEqualTo(404);
  }
}
