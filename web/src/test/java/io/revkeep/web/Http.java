package io.revkeep.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** A real HTTP client for tests: one session (cookie + CSRF token), or none. */
final class Http {
  static final String BOUNDARY = "----revkeep-test-boundary-7f3a";

  final String base;
  final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();
  String cookie;
  String csrf;

  Http(String base) {
    this.base = base;
  }

  /** Logs in; returns the response (the session is kept when it succeeds). */
  HttpResponse<String> login(String user, String password) throws Exception {
    HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/api/login"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("user", user,
            "password", password)))));
    if (r.statusCode() == 200) {
      String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
      cookie = setCookie.substring(0, setCookie.indexOf(';'));
      csrf = json(r).get("csrf").asText();
    }
    return r;
  }

  /** A client logged in at {@code base} as {@code user}; fails the test when the login does. */
  static Http as(String base, String user, String password) throws Exception {
    Http c = new Http(base);
    HttpResponse<String> r = c.login(user, password);
    if (r.statusCode() != 200) {
      throw new AssertionError("login failed: " + r.statusCode() + " " + r.body());
    }
    return c;
  }

  URI uri(String path) {
    return URI.create(base + path);
  }

  HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    if (csrf != null) {
      b.header("X-CSRF-Token", csrf);
    }
    return b;
  }

  HttpResponse<String> get(String path) throws Exception {
    return send(request(path).GET());
  }

  HttpResponse<byte[]> getBytes(String path) throws Exception {
    return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<String> post(String path, Object body) throws Exception {
    return send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))));
  }

  HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
    return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Uploads files (name → content) in one multipart request, with an optional dir field. */
  HttpResponse<String> upload(String dir, Map<String, byte[]> files) throws Exception {
    return send(request("/api/upload")
        .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(dir, files))));
  }

  HttpResponse<String> upload(String name, String content) throws Exception {
    return upload(null, Map.of(name, content.getBytes(StandardCharsets.UTF_8)));
  }

  static byte[] multipart(String dir, Map<String, byte[]> files) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (dir != null) {
      out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"dir\"\r\n\r\n"
          + dir + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      out.write(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\";"
          + " filename=\"" + f.getKey().replace("\"", "%22") + "\"\r\n"
          + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      out.write(f.getValue());
      out.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    out.write(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return Json.MAPPER.readTree(r.body());
  }

  static List<String> strings(JsonNode array, String field) {
    List<String> out = new java.util.ArrayList<>();
    array.forEach(n -> out.add(n.get(field).asText()));
    return out;
  }

  /** A loopback port nothing listens on (bound once, then released). */
  static int unusedPort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
