package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * A person at the running web, over real HTTP: logged in (session cookie and CSRF token), able
 * to upload files and restore a folder as a browser does. Fails the test on any refused call.
 */
final class WebSession {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BOUNDARY = "----revkeep-cli-test-5b1e";

  private final HttpClient http = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String cookie;
  private final String csrf;

  private WebSession(String base, String cookie, String csrf) {
    this.base = base;
    this.cookie = cookie;
    this.csrf = csrf;
  }

  static WebSession login(String base, String user, String password) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
            Map.of("user", user, "password", password)))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("login: %s", r.body()).isEqualTo(200);
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    return new WebSession(base, setCookie.substring(0, setCookie.indexOf(';')),
        JSON.readTree(r.body()).get("csrf").asText());
  }

  /** Uploads one file into folder {@code dir} of the shared folder ("" for its top). */
  JsonNode upload(String dir, String name, String content) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"dir\"\r\n\r\n"
        + dir + "\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\";"
        + " filename=\"" + name + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        + content + "\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(request("/api/upload")
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** Restores folder {@code dir} as it was at {@code at} (an ISO instant), in place. */
  JsonNode restoreFolder(String dir, String at) throws Exception {
    return send(request("/api/restore-folder").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
            Map.of("dir", dir, "at", at)))));
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Cookie", cookie).header("X-CSRF-Token", csrf);
  }

  private JsonNode send(HttpRequest.Builder b) throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s: %s", b.build().uri().getPath(), r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }
}
