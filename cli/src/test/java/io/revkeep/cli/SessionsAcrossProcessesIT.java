package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Web sessions live in the store (issue 19, must show 3), with the real executable on a real
 * SQLite file: a login outlives a restart of {@code revkeep up}, and two {@code revkeep web}
 * processes on one store accept each other's sessions and see each other's logouts. The same
 * on a Couchbase bucket: CouchbaseEndToEndIT.
 */
class SessionsAcrossProcessesIT {
  private static final Pattern WEB_PORT = Pattern.compile("web on https?://[^\\s]+:(\\d+)/");

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void a_login_outlives_a_restart_of_revkeep_up() throws Exception {
    try (RunningRevkeep r = RunningRevkeep.start(dir)) {
      restartKeepingALogin(r);
    } catch (Exception | AssertionError e) {
      throw new AssertionError("up's output:\n" + Files.readString(dir.resolve("up.out")), e);
    }
  }

  private void restartKeepingALogin(RunningRevkeep r) throws Exception {
    int before = lastWebPort(dir.resolve("up.out"));
    Login login = login(before, "admin", adminPassword());
    HttpResponse<String> first = get(before, "/api/me", login);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);

    r.stopUp();
    // startUp waits for "revkeep is up" in up.out: the first run's output goes aside
    Files.move(dir.resolve("up.out"), dir.resolve("up-before-restart.out"));
    r.startUp();
    int after = lastWebPort(dir.resolve("up.out"));

    HttpResponse<String> me = get(after, "/api/me", login);
    assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
    assertThat(RunningRevkeep.JSON.readTree(me.body()).get("user").asText()).isEqualTo("admin");
    assertThat(RunningRevkeep.JSON.readTree(me.body()).get("csrf").asText())
        .isEqualTo(login.csrf);
    // and it still writes: the CSRF token of the login is the session's
    HttpResponse<String> mkdir = post(after, "/api/mkdir", Map.of("path", "after-restart"),
        login);
    assertThat(mkdir.statusCode()).as(mkdir.body()).isEqualTo(200);
  }

  @Test
  void two_web_processes_on_one_store_accept_each_others_sessions_and_logouts()
      throws Exception {
    Path config = Revkeep.config(dir, 50);
    // a web alone connects to the feed at a fixed port (no listener is needed for sessions)
    Files.writeString(config, Files.readString(config).replace("[listener]\nport = 0",
        "[listener]\nport = " + freePort()));
    int one = serveWeb(config, "web1");
    int two = serveWeb(config, "web2");
    String password = adminPassword();

    Login fromOne = login(one, "admin", password);
    assertThat(get(two, "/api/me", fromOne).statusCode()).isEqualTo(200);
    Login fromTwo = login(two, "admin", password);
    assertThat(get(one, "/api/me", fromTwo).statusCode()).isEqualTo(200);

    // a logout on one is seen by the other within a second (a web reads a session it has read
    // in the last second again only then: Sessions.RECHECK_EVERY)
    assertThat(post(two, "/api/logout", Map.of(), fromOne).statusCode()).isEqualTo(200);
    await("the logout seen by the other web").atMost(Duration.ofSeconds(5))
        .until(() -> get(one, "/api/me", fromOne).statusCode() == 401);
    assertThat(get(one, "/api/me", fromTwo).statusCode()).isEqualTo(200);

    // log out everywhere on one ends the sessions made on the other
    Login third = login(one, "admin", password);
    HttpResponse<String> everywhere = post(one, "/api/me/logout-everywhere", Map.of(), third);
    assertThat(everywhere.statusCode()).as(everywhere.body()).isEqualTo(200);
    assertThat(RunningRevkeep.JSON.readTree(everywhere.body()).get("ended").asInt())
        .isEqualTo(2);
    await("every session ended on the other web").atMost(Duration.ofSeconds(5))
        .until(() -> get(two, "/api/me", fromTwo).statusCode() == 401
            && get(two, "/api/me", third).statusCode() == 401);
  }

  // ---- processes ------------------------------------------------------------------------------

  private int serveWeb(Path config, String name) throws IOException {
    Path log = dir.resolve(name + ".out");
    Process p = Revkeep.start(dir, log, "web", "--config", config.toString());
    processes.add(p);
    await(name + " ready").atMost(Duration.ofSeconds(60)).until(() -> {
      assertThat(p.isAlive()).as("revkeep web exited: %s",
          Files.exists(log) ? Files.readString(log) : "").isTrue();
      return Files.exists(log) && Files.readString(log).contains("revkeep web on");
    });
    return lastWebPort(log);
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static int lastWebPort(Path log) throws IOException {
    Matcher m = WEB_PORT.matcher(Files.readString(log));
    int port = -1;
    while (m.find()) {
      port = Integer.parseInt(m.group(1));
    }
    assertThat(port).as("the web's port in %s", log).isPositive();
    return port;
  }

  private String adminPassword() throws IOException {
    Path file = dir.resolve("data/initial-admin-password");
    await("the first admin").atMost(Duration.ofSeconds(30)).until(() -> Files.exists(file)
        && !Files.readString(file).isBlank());
    return Files.readString(file).strip();
  }

  // ---- HTTP -----------------------------------------------------------------------------------

  private record Login(String cookie, String csrf) {}

  private Login login(int port, String user, String password) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(port, "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(RunningRevkeep.JSON.writeValueAsString(
            Map.of("user", user, "password", password)))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    String set = r.headers().firstValue("Set-Cookie").orElseThrow();
    return new Login(set.substring(0, set.indexOf(';')),
        RunningRevkeep.JSON.readTree(r.body()).get("csrf").asText());
  }

  private HttpResponse<String> get(int port, String path, Login login) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(port, path)).header("Cookie", login.cookie)
        .GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(int port, String path, Map<String, ?> body, Login login)
      throws Exception {
    return http.send(HttpRequest.newBuilder(uri(port, path)).header("Cookie", login.cookie)
        .header("X-CSRF-Token", login.csrf).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(RunningRevkeep.JSON.writeValueAsString(body)))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }
}
