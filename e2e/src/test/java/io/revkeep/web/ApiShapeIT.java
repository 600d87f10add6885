package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.status.StatusBoard;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shape of every JSON body of the API over real HTTP: field names in order, which are null
 * and which are absent, and the JSON type of each value. A change here changes what the pages
 * (web/src/main/resources/web/static/*.js) and scripts read.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiShapeIT {
  WebHarness h;
  Http admin;
  Http editor;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    h = new WebHarness(tmp, 1024 * 1024, true);
    admin = h.loggedInAs("admin");
    editor = h.loggedInAs("editor");
  }

  @AfterAll
  void stop() {
    h.close();
  }

  /** The JSON's structure with every value replaced by its type: {a:string,b:[{c:number}]}. */
  static String shape(JsonNode n) {
    if (n.isObject()) {
      Map<String, String> fields = new LinkedHashMap<>();
      n.fields().forEachRemaining(e -> fields.put(e.getKey(), shape(e.getValue())));
      return fields.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
          .collect(Collectors.joining(",", "{", "}"));
    }
    if (n.isArray()) {
      return n.isEmpty() ? "[]" : "[" + shape(n.get(0)) + "]";
    }
    return n.isNull() ? "null" : n.isNumber() ? "number" : n.isBoolean() ? "boolean" : "string";
  }

  static String shape(HttpResponse<String> r) throws Exception {
    return r.statusCode() + " " + shape(Http.json(r));
  }

  private void write(String rel, String content, int versions) throws Exception {
    Path p = h.shared.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    h.awaitVersions(rel, versions);
  }

  @Test
  void sessions_and_users() throws Exception {
    Http c = new Http(h.base());
    assertThat(shape(c.login("viewer", WebHarness.password("viewer"))))
        .isEqualTo("200 {user:string,role:string,csrf:string}");
    assertThat(shape(c.get("/api/me"))).isEqualTo("200 {user:string,role:string,csrf:string}");
    assertThat(shape(c.post("/api/logout", Map.of()))).isEqualTo("200 {ok:boolean}");
    assertThat(shape(admin.get("/api/users"))).isEqualTo("200 [{name:string,role:string}]");
    assertThat(shape(admin.post("/api/users", Map.of("name", "shape", "password",
        "shape-password")))).isEqualTo("201 {name:string,role:string}");
    assertThat(shape(admin.post("/api/users/update", Map.of("name", "shape", "role",
        "viewer")))).isEqualTo("200 {name:string,role:string}");
    assertThat(shape(admin.post("/api/users/delete", Map.of("name", "shape"))))
        .isEqualTo("200 {removed:string}");
    assertThat(shape(admin.post("/api/users/delete", Map.of("name", "shape"))))
        .isEqualTo("404 {error:string}");
    assertThat(shape(c.get("/api/me"))).isEqualTo("401 {error:string}");
  }

  @Test
  void health_with_and_without_a_backup() throws Exception {
    Http anon = h.loggedInAs("viewer"); // the details need a session
    // healthy, and the listener's status (renewed every 2 s) lists the web's feed subscription
    await().atMost(Duration.ofSeconds(10)).until(() -> {
      HttpResponse<String> r = anon.get("/api/health");
      return r.statusCode() == 200 && !Http.json(r).get("details").get("subscribers").isEmpty();
    });
    String disk = "{free_bytes:number,total_bytes:number,free_percent:number,folder:string}";
    String parts = "parts:{store:string,feed:string,listener:string,watcher:string,"
        + "subscribers:string,backup:string,disk:shared:string,disk:data:string";
    String subscribers = "subscribers:[{remote:string,state:string,last_sent:number,"
        + "last_acked:number,lag:number}]";
    assertThat(shape(anon.get("/api/health"))).isEqualTo("200 {status:string," + parts + "},"
        + "details:{journal_pending:number," + subscribers + ",disk:{shared:" + disk + ",data:"
        + disk + "}}}");
    StatusBoard board = new StatusBoard(h.data);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("backup_folder", h.data.toString());
    board.write(StatusBoard.now("backup", Instant.now(), true, details));
    assertThat(shape(anon.get("/api/health"))).isEqualTo("200 {status:string," + parts
        + ",disk:backup:string},details:{journal_pending:number," + subscribers
        + ",backup_behind:null,disk:{shared:" + disk + ",data:" + disk + ",backup:" + disk
        + "}}}");
    details.put("behind", 3);
    board.write(StatusBoard.now("backup", Instant.now(), true, details));
    assertThat(shape(anon.get("/api/health"))).contains("backup_behind:number,");
    board.remove("backup");
    // without a session: the parts' states only, no details
    assertThat(shape(new Http(h.base()).get("/api/health")))
        .isEqualTo("200 {status:string," + parts + "}}");
  }

  @Test
  void files_history_diff_and_change_times() throws Exception {
    write("shape/a.txt", "one\n", 1);
    write("shape/sub/b.txt", "b\n", 1);
    Instant before = Instant.now();
    write("shape/a.txt", "two\n", 2);
    String dir = "{name:string,path:string,type:string,size:number,files:number,"
        + "last_modified:string,last_modified_user:string,deleted:boolean}";
    String file = "{name:string,path:string,type:string,size:number,versions:number,"
        + "hash:string,last_modified:string,last_modified_user:string,deleted:boolean";
    JsonNode now = Http.json(editor.get("/api/files?dir=shape"));
    assertThat(shape(now)).isEqualTo("{dir:string,at:null,last_seq:number,entries:[" + dir
        + "]}");
    assertThat(shape(now.get("entries").get(1))).isEqualTo(file + "}");
    JsonNode then = Http.json(editor.get("/api/files?dir=shape&at=" + before));
    assertThat(shape(then)).startsWith("{dir:string,at:string,last_seq:number,entries:[");
    assertThat(shape(then.get("entries").get(1))).isEqualTo(file + ",deleted_since:boolean}");
    assertThat(shape(editor.get("/api/files?dir=shape/sub&deleted=true")))
        .isEqualTo("200 {dir:string,at:null,last_seq:number,entries:[" + file + "}]}");
    assertThat(shape(editor.get("/api/files?dir=empty-here")))
        .isEqualTo("200 {dir:string,at:null,last_seq:number,entries:[]}");

    assertThat(shape(editor.get("/api/files?dir=shape&offset=0&limit=10")))
        .isEqualTo("200 {dir:string,at:null,last_seq:number,sort:string,q:string,offset:number,"
            + "total:number,entries:[" + dir + "]}");
    assertThat(shape(editor.get("/api/change-times?dir=shape")))
        .isEqualTo("200 {dir:string,times:[string]}");
    assertThat(shape(editor.get("/api/change-times?dir=shape&spread=true")))
        .isEqualTo("200 {dir:string,times:[string],total:number}");
    assertThat(shape(editor.get("/api/history?path=shape/a.txt"))).isEqualTo("200 {path:string,"
        + "deleted:boolean,versions:[{path:string,version:number,hash:string,size:number,"
        + "time:string,user:string,origin:string,action:string,change_set:null,"
        + "available:boolean}]}");
    String diff = "{path:string,from:number,to:number,binary:boolean,identical:boolean,"
        + "diff:string}";
    assertThat(shape(editor.get("/api/diff?path=shape/a.txt&from=1"))).isEqualTo("200 " + diff);
    Files.write(h.shared.resolve("shape/bin.dat"), new byte[] {0, 1});
    h.awaitVersions("shape/bin.dat", 1);
    assertThat(shape(editor.get("/api/diff?path=shape/bin.dat&from=1"))).isEqualTo("200 "
        + diff);
  }

  @Test
  void restores() throws Exception {
    write("shape-r/a.txt", "one\n", 1);
    Instant before = Instant.now();
    write("shape-r/a.txt", "two\n", 2);
    String single = "{path:string,version:number,to:string,unchanged:boolean}";
    assertThat(shape(editor.post("/api/restore", Map.of("path", "shape-r/a.txt", "version", 2))))
        .isEqualTo("200 " + single);
    // a restore that writes answers its change set (the web's Undo)
    assertThat(shape(editor.post("/api/restore", Map.of("path", "shape-r/a.txt", "version", 1))))
        .isEqualTo("200 {path:string,version:number,to:string,unchanged:boolean,"
            + "change_set:string}");
    h.awaitVersions("shape-r/a.txt", 3);

    String step = "{action:string,path:string,from_path:string,version:number,hash:string,"
        + "size:number,current_version:number,reason:string}";
    String counts = "counts:{move:number,write:number,recreate:number,keep:number,leave:number,"
        + "remove:number,unavailable:number}";
    Map<String, Object> ask = new LinkedHashMap<>();
    ask.put("dir", "shape-r");
    ask.put("at", before.toString());
    ask.put("dry_run", true);
    assertThat(shape(editor.post("/api/restore-folder", ask))).isEqualTo("200 {what:string,"
        + "at:string," + counts + ",steps:[" + step + "]}");
    write("shape-r/a.txt", "three\n", 4);
    ask.remove("dry_run");
    assertThat(shape(editor.post("/api/restore-folder", ask))).isEqualTo("200 {what:string,"
        + "at:string," + counts + ",steps:[" + step + "],result:{change_set:string,"
        + "moved:number,written:number,removed:number,unchanged:number}}");
    write("shape-r/new.txt", "new\n", 1);
    ask.put("exact", true);
    ask.put("dry_run", true);
    JsonNode plan = Http.json(editor.post("/api/restore-folder", ask));
    assertThat(shape(plan.get("steps").get(1))).isEqualTo("{action:string,path:string,"
        + "from_path:null,version:null,hash:null,size:null,current_version:number,"
        + "reason:string}");
    assertThat(shape(editor.post("/api/restore-folder", Map.of("dir", "shape-r"))))
        .isEqualTo("400 {error:string}");
  }

  @Test
  void upload() throws Exception {
    assertThat(shape(editor.upload("shape-up.txt", "x\n"))).isEqualTo("200 {change_set:string,"
        + "files:[{path:string,size:number,hash:string}]}");
  }
}
