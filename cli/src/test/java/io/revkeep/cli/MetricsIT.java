package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of a real {@code revkeep up}: one registry for the whole process (listener,
 * backup, web), valid Prometheus text, and values that move when files change.
 */
class MetricsIT {
  private static final Pattern WEB = Pattern.compile("web on http://127\\.0\\.0\\.1:(\\d+)/");

  @TempDir Path dir;

  @Test
  void metrics_parse_as_prometheus_text_and_move_when_files_change() throws Exception {
    try (RunningRevkeep revkeep = RunningRevkeep.start(dir)) {
      Matcher m = WEB.matcher(Files.readString(dir.resolve("up.out")));
      assertThat(m.find()).isTrue();
      String base = "http://127.0.0.1:" + m.group(1);
      HttpClient http = HttpClient.newHttpClient();
      String cookie = login(http, base);

      // the start-up reconcile ends, and the web and backup subscribe, on their own threads
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .ignoreExceptions().until(() -> {
            PrometheusText now = scrape(http, base, cookie);
            return now.value("revkeep_listener_rescan_seconds_count", "scope", "root") >= 1
                && now.value("revkeep_feed_subscribers") >= 2;
          });
      PrometheusText before = scrape(http, base, cookie);
      for (String name : new String[] {"revkeep_listener_versions_recorded_total",
          "revkeep_listener_settle_queue", "revkeep_listener_overflows_total",
          "revkeep_listener_watched_folders", "revkeep_feed_subscribers", "revkeep_feed_lag_max",
          "revkeep_backup_behind", "revkeep_backup_copies_written_total",
          "revkeep_backup_written_bytes_total", "revkeep_vault_bytes", "revkeep_backup_bytes",
          "revkeep_web_uploaded_bytes_total", "revkeep_store_last_seq",
          "revkeep_http_requests_seconds_count", "jvm_memory_used_bytes"}) {
        assertThat(before.has(name)).as(name).isTrue();
      }
      assertThat(before.types).containsEntry("revkeep_listener_versions_recorded_total", "counter")
          .containsEntry("revkeep_listener_rescan_seconds", "summary")
          .containsEntry("revkeep_backup_behind", "gauge");
      // the start-up reconcile was timed
      assertThat(before.value("revkeep_listener_rescan_seconds_count", "scope", "root"))
          .isGreaterThanOrEqualTo(1);
      // the web and backup follow the feed
      assertThat(before.value("revkeep_feed_subscribers")).isGreaterThanOrEqualTo(2);
      // HTTP latency by route: the login above
      assertThat(before.value("revkeep_http_requests_seconds_count", "route", "/api/login",
          "method", "POST", "status", "200")).isEqualTo(1);

      double recorded = before.value("revkeep_listener_versions_recorded_total");
      double vault = before.value("revkeep_vault_bytes");
      double copies = before.value("revkeep_backup_copies_written_total");
      byte[] content = new byte[10_000];
      java.util.Arrays.fill(content, (byte) 'x');
      for (int i = 0; i < 3; i++) {
        content[0] = (byte) ('a' + i);
        Files.write(revkeep.shared.resolve("file" + i + ".bin"), content);
      }
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .untilAsserted(() -> {
            PrometheusText now = scrape(http, base, cookie);
            assertThat(now.value("revkeep_listener_versions_recorded_total"))
                .isEqualTo(recorded + 3);
            assertThat(now.value("revkeep_backup_copies_written_total")).isEqualTo(copies + 3);
            assertThat(now.value("revkeep_backup_behind")).isZero();
            assertThat(now.value("revkeep_vault_bytes")).isGreaterThanOrEqualTo(vault + 30_000);
            assertThat(now.value("revkeep_backup_bytes")).isGreaterThanOrEqualTo(30_000);
            assertThat(now.value("revkeep_store_last_seq")).isGreaterThanOrEqualTo(3);
            assertThat(now.value("revkeep_http_requests_seconds_count", "route", "/metrics",
                "method", "GET", "status", "200")).isGreaterThanOrEqualTo(1);
          });
    }
  }

  @Test
  void a_web_run_apart_from_the_listener_serves_the_listeners_figures_from_its_status_file()
      throws Exception {
    int feedPort = BackupSetup.freePort();
    Path config = BackupSetup.config(dir, feedPort, "");
    Path listenerOut = dir.resolve("listener.out");
    Path webOut = dir.resolve("web.out");
    Process listener = Revkeep.start(dir, listenerOut, "listener", "--config", config.toString());
    Process web = null;
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(listenerOut)
          .contains("revkeep listener: watching"));
      web = Revkeep.start(dir, webOut, "web", "--config", config.toString());
      Pattern webAlone = Pattern.compile("revkeep web on http://127\\.0\\.0\\.1:(\\d+)/");
      await().atMost(Duration.ofSeconds(30)).until(() -> webAlone.matcher(
          Files.readString(webOut)).find());
      Matcher m = webAlone.matcher(Files.readString(webOut));
      assertThat(m.find()).isTrue();
      String base = "http://127.0.0.1:" + m.group(1);
      HttpClient http = HttpClient.newHttpClient();
      String cookie = login(http, base);

      for (int i = 0; i < 3; i++) {
        Files.writeString(dir.resolve("shared").resolve("apart" + i + ".txt"), "apart " + i);
      }
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
          .untilAsserted(() -> {
            PrometheusText now = scrape(http, base, cookie);
            assertThat(now.value("revkeep_listener_versions_recorded_total")).isEqualTo(3);
            assertThat(now.value("revkeep_listener_watched_folders")).isEqualTo(1);
          });
    } finally {
      listener.destroy();
      if (web != null) {
        web.destroy();
        web.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      }
      listener.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private String login(HttpClient http, String base) throws Exception {
    String password = Files.readString(dir.resolve("data/initial-admin-password")).strip();
    HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"user\":\"admin\",\"password\":\"" + password + "\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    return login.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
  }

  private static PrometheusText scrape(HttpClient http, String base, String cookie)
      throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
        .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    return PrometheusText.parse(r.body());
  }
}
