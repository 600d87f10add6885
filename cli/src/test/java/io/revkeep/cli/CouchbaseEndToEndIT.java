package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.revkeep.core.Sha256;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.store.couchbase.CouchbaseMockServer;
import io.revkeep.store.couchbase.CouchbaseStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * revkeep on Couchbase (CouchbaseMock in this JVM, port 0, loopback), end to end with the real
 * executable: {@code revkeep up} on the bucket, a second {@code revkeep web} process with its own
 * data folder (as on another host) that sees the same files, users and live changes; two webs
 * that share their sessions (a login on one works on the other, a logout on one ends it on
 * both); and the
 * cluster cut off during a burst (the mock's opfail command, then back), after which every version
 * is recorded exactly once.
 */
class CouchbaseEndToEndIT {
  @TempDir Path dir;
  CouchbaseMockServer mock;
  CouchbaseStore store; // this test's own view of the bucket, to wait without a JVM per poll
  final List<Process> processes = new ArrayList<>();
  int feedPort;
  Path shared;

  @BeforeEach
  void start() throws IOException {
    mock = CouchbaseMockServer.start();
    store = CouchbaseStore.open(mock.settings());
    feedPort = freePort();
    shared = Files.createDirectories(dir.resolve("shared"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    store.close();
    mock.close();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** A config for one "host": its own data, backup and logs, the shared bucket and folder. */
  private Path config(String host, int webPort) throws IOException {
    Path h = Files.createDirectories(dir.resolve(host));
    return Files.writeString(h.resolve("revkeep.ini"), String.join("\n",
        "[paths]",
        "shared = " + shared,
        "backup = " + h.resolve("backup"),
        "data = " + h.resolve("data"),
        "[listener]",
        "port = " + feedPort,
        "settle_ms = 50",
        "token = test-token-0123456789",
        "[logs]",
        "dir = " + h.resolve("logs"),
        "[web]",
        "port = " + webPort,
        "") + mock.storeSection());
  }

  private Process serve(Path config, String command, String ready) throws IOException {
    Path log = config.resolveSibling(command + ".out");
    Process p = Revkeep.start(dir, log, command, "--config", config.toString());
    processes.add(p);
    await(command + " ready").atMost(Duration.ofSeconds(60)).until(() -> {
      assertThat(p.isAlive()).as("revkeep %s exited: %s", command,
          Files.exists(log) ? Files.readString(log) : "").isTrue();
      return Files.exists(log) && Files.readString(log).contains(ready);
    });
    return p;
  }

  private void awaitContent(String path, String content) {
    String hash = Sha256.of(content.getBytes(StandardCharsets.UTF_8));
    await(path + " recorded").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .ignoreExceptions().until(() -> store.file(path).map(r -> !r.deleted()
            && r.hash().equals(hash)).orElse(false));
  }

  // ---- a small HTTP client with the session cookie and CSRF token -------------------------

  private final HttpClient http = HttpClient.newHttpClient();
  private String cookie;

  private void login(int port, String user, String password) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + port + "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(RunningRevkeep.JSON.writeValueAsString(
            Map.of("user", user, "password", password)))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String set = r.headers().firstValue("Set-Cookie").orElseThrow();
    cookie = set.substring(0, set.indexOf(';'));
  }

  private JsonNode get(int port, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
        "http://127.0.0.1:" + port + path)).header("Cookie", cookie).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return RunningRevkeep.JSON.readTree(r.body());
  }

  @Test
  void a_second_web_on_the_same_bucket_sees_the_same_files_users_and_live_changes()
      throws Exception {
    int web1 = freePort();
    int web2 = freePort();
    serve(config("host1", web1), "up", "revkeep is up");
    Files.writeString(shared.resolve("report.txt"), "first draft\n");
    Files.createDirectories(shared.resolve("team"));
    Files.writeString(shared.resolve("team/plan.txt"), "plan A\n");
    awaitContent("report.txt", "first draft\n");
    awaitContent("team/plan.txt", "plan A\n");

    // the second web: another data folder, the same bucket; the admin made by the first web
    // (its password in host1's data folder) is a user of the bucket, so it logs in here too
    serve(config("host2", web2), "web", "revkeep web on");
    String password = Files.readString(dir.resolve("host1/data/initial-admin-password")).strip();
    login(web2, "admin", password);
    JsonNode root = get(web2, "/api/files?dir=");
    assertThat(root.get("entries")).extracting(e -> e.get("name").asText())
        .containsExactly("team", "report.txt");
    assertThat(get(web2, "/api/history?path=team/plan.txt").get("versions")).hasSize(1);

    // live: a change on disk reaches the second web's event stream
    List<String> seen = new CopyOnWriteArrayList<>();
    HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + web2 + "/api/events")).header("Cookie", cookie)
        .header("Accept", "text/event-stream")
        .header("Last-Event-ID", Long.toString(store.lastSeq())).GET().build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(stream.statusCode()).isEqualTo(200);
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          seen.add(line);
        }
      } catch (IOException closed) {
        // the test is over
      }
    }, "sse-reader");
    reader.setDaemon(true);
    reader.start();
    Files.writeString(shared.resolve("team/plan.txt"), "plan B\n");
    awaitContent("team/plan.txt", "plan B\n");
    try {
      await("the change on the second web's stream").atMost(Duration.ofSeconds(30))
          .until(() -> seen.stream().anyMatch(l -> l.contains("team/plan.txt")
              && l.contains("\"version\":2")));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("seen: " + seen + "\nhealth: " + http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + web2 + "/api/health")).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body() + "\nup log:\n" + Files.readString(
          dir.resolve("host1/up.out")).lines().filter(l -> !l.contains("c.c.")).toList(), e);
    }
    stream.body().close();
    assertThat(get(web2, "/api/history?path=team/plan.txt").get("versions")).hasSize(2);
  }

  @Test
  void two_webs_on_the_bucket_accept_each_others_sessions_and_see_each_others_logouts()
      throws Exception {
    int web1 = freePort();
    int web2 = freePort();
    serve(config("host5", web1), "web", "revkeep web on");
    serve(config("host6", web2), "web", "revkeep web on");
    String password = Files.readString(dir.resolve("host5/data/initial-admin-password")).strip();

    login(web1, "admin", password);
    String fromOne = cookie;
    assertThat(get(web2, "/api/me").get("user").asText()).isEqualTo("admin");
    HttpResponse<String> logout = http.send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + web2 + "/api/logout")).header("Cookie", fromOne)
        .header("X-CSRF-Token", get(web2, "/api/me").get("csrf").asText())
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(logout.statusCode()).as(logout.body()).isEqualTo(200);
    // seen within a second (Sessions.RECHECK_EVERY)
    await("logged out on the other web").atMost(Duration.ofSeconds(5)).until(() ->
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web1 + "/api/me"))
            .header("Cookie", fromOne).GET().build(), HttpResponse.BodyHandlers.ofString())
            .statusCode() == 401);
  }

  @Test
  void the_cluster_cut_off_during_a_burst_loses_no_version_and_records_none_twice()
      throws Exception {
    serve(config("host1", freePort()), "up", "revkeep is up");
    Files.writeString(shared.resolve("before.txt"), "before the outage\n");
    awaitContent("before.txt", "before the outage\n");

    Path data = dir.resolve("host1/data");
    mock.cutOff(); // every store call fails (after the client's retries) until reconnect()
    Map<String, List<String>> states = new LinkedHashMap<>();
    Path burst = Files.createDirectories(shared.resolve("burst"));
    for (int i = 0; i < 100; i++) {
      String name = "burst/f" + i + ".txt";
      writeWhole(shared.resolve(name), "first state of " + i + "\n");
      states.computeIfAbsent(name, k -> new ArrayList<>()).add("first state of " + i + "\n");
    }
    // a second state of some files, each after the first was captured. Each state is looked
    // for by its hash: a count of lines would be met early, since a folder walked while the
    // store is away journals again what its watch events already journaled.
    await("captured into the pending journal").atMost(Duration.ofSeconds(60))
        .until(() -> journaledStates(data).containsAll(pathsAndHashes(states)));
    for (int i = 0; i < 100; i += 10) {
      String name = "burst/f" + i + ".txt";
      writeWhole(shared.resolve(name), "second state of " + i + "\n");
      states.get(name).add("second state of " + i + "\n");
    }
    await("second states captured").atMost(Duration.ofSeconds(60))
        .until(() -> journaledStates(data).containsAll(pathsAndHashes(states)));
    assertThat(burst).isDirectory();

    mock.reconnect();
    for (Map.Entry<String, List<String>> e : states.entrySet()) {
      List<String> contents = e.getValue();
      awaitContent(e.getKey(), contents.get(contents.size() - 1));
    }
    // exactly once: each file has one version per state, in order, and the event log one
    // event per version, without duplicates
    for (Map.Entry<String, List<String>> e : states.entrySet()) {
      List<VersionRecord> history = store.history(e.getKey());
      assertThat(history).extracting(VersionRecord::hash)
          .as(() -> e.getKey() + "\n" + revkeepLog("host1", e.getKey()))
          .containsExactlyElementsOf(e.getValue().stream()
              .map(c -> Sha256.of(c.getBytes(StandardCharsets.UTF_8))).toList());
    }
    List<String> eventKeys = store.eventsAfter(0, 10_000).stream()
        .map(ev -> ev.name() + "#" + ev.version()).toList();
    assertThat(eventKeys).doesNotHaveDuplicates().hasSize(1 + 110);
    await("the journal emptied").atMost(Duration.ofSeconds(30))
        .until(() -> journaled(dir.resolve("host1/data")) == 0);
    FileRecord before = store.file("before.txt").orElseThrow();
    assertThat(before.version()).isEqualTo(1);
  }

  @Test
  void a_web_started_while_the_cluster_is_cut_off_says_so_and_recovers_when_it_answers()
      throws Exception {
    mock.cutOff();
    int port = freePort();
    Process web = serve(config("host3", port), "web", "revkeep web on");
    assertThat(Files.readString(dir.resolve("host3/web.out")))
        .contains("is not reachable").contains("starting anyway");
    URI health = URI.create("http://127.0.0.1:" + port + "/api/health");
    HttpResponse<String> down = http.send(HttpRequest.newBuilder(health).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(RunningRevkeep.JSON.readTree(down.body()).get("parts").get("store").asText())
        .startsWith("down");

    mock.reconnect();
    await("the store part recovers").atMost(Duration.ofSeconds(60)).ignoreExceptions()
        .until(() -> RunningRevkeep.JSON.readTree(http.send(HttpRequest.newBuilder(health).GET()
            .build(), HttpResponse.BodyHandlers.ofString()).body()).get("parts").get("store")
            .asText().equals("ok"));
    assertThat(web.isAlive()).isTrue();
  }

  @Test
  void revkeep_up_on_a_cut_off_cluster_serves_health_at_once_and_starts_when_it_answers()
      throws Exception {
    mock.cutOff();
    int port = freePort();
    Path config = config("host4", port);
    Path log = config.resolveSibling("up.out");
    Process up = Revkeep.start(dir, log, "up", "--config", config.toString());
    processes.add(up);
    URI health = URI.create("http://127.0.0.1:" + port + "/api/health");
    JsonNode down = await("health served while the store is cut off")
        .atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> RunningRevkeep.JSON
            .readTree(http.send(HttpRequest.newBuilder(health).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()), n -> n.has("parts"));
    assertThat(down.get("parts").get("store").asText()).startsWith("down");
    assertThat(Files.readString(log)).doesNotContain("revkeep is up");

    mock.reconnect();
    await("up once the store answers").atMost(Duration.ofSeconds(90))
        .until(() -> Files.readString(log).contains("revkeep is up"));
    Files.writeString(shared.resolve("after.txt"), "recorded once the cluster answered\n");
    awaitContent("after.txt", "recorded once the cluster answered\n");
    assertThat(up.isAlive()).isTrue();
  }

  /**
   * What a failed assertion shows: revkeep's own log lines (not the Couchbase SDK's) that are
   * warnings or errors or name the path.
   */
  /**
   * Puts a file's whole new content in place at once (written beside it under a name revkeep
   * never versions, then renamed over it). The test counts states: written in place, a pause
   * of this JVM (a collection) longer than the 50 ms settle between the create or truncate and
   * the write would leave the empty file quiet long enough to be a state of its own, which the
   * listener rightly records.
   */
  private static void writeWhole(Path file, String content) throws IOException {
    Path temp = Files.writeString(file.resolveSibling(".revkeep-tmp-" + file.getFileName()),
        content);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private String revkeepLog(String host, String path) {
    try {
      return String.join("\n", Files.readString(dir.resolve(host + "/up.out")).lines()
          .filter(l -> !l.contains("c.c.") && !l.contains("com.couchbase"))
          .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains(path))
          .limit(300).toList());
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Each state as "path hash", the way {@link #journaledStates} gives it. */
  private static List<String> pathsAndHashes(Map<String, List<String>> states) {
    List<String> out = new ArrayList<>();
    states.forEach((path, contents) -> contents.forEach(
        c -> out.add(path + " " + Sha256.of(c.getBytes(StandardCharsets.UTF_8)))));
    return out;
  }

  /** The states waiting in the listener's pending journal, as "path hash". */
  private static Set<String> journaledStates(Path data) throws IOException {
    Set<String> out = new HashSet<>();
    Path pending = data.resolve("pending");
    if (!Files.isDirectory(pending)) {
      return out;
    }
    ObjectMapper json = new ObjectMapper();
    try (var segments = Files.list(pending)) {
      for (Path s : segments.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        try {
          for (String line : Files.readAllLines(s)) {
            if (line.endsWith("}")) {
              JsonNode n = json.readTree(line);
              out.add(n.path("path").asText() + " " + n.path("hash").asText());
            }
          }
        } catch (NoSuchFileException gone) {
          // trimmed meanwhile
        }
      }
    }
    return out;
  }

  /** Changes waiting in the listener's pending journal (lines of its segments). */
  private static long journaled(Path data) throws IOException {
    Path pending = data.resolve("pending");
    if (!Files.isDirectory(pending)) {
      return 0;
    }
    long n = 0;
    try (var segments = Files.list(pending)) {
      for (Path s : segments.filter(p -> p.toString().endsWith(".jsonl")).toList()) {
        try {
          n += Files.readAllLines(s).stream().filter(l -> l.endsWith("}")).count();
        } catch (NoSuchFileException gone) {
          // trimmed meanwhile
        }
      }
    }
    return n;
  }
}
