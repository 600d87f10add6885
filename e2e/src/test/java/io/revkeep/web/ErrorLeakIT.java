package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inputs that once answered {@code 500 internal error: java.io.IOException …} with absolute
 * server paths are now a 400 naming what was wrong, with no path, no exception or class name.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ErrorLeakIT {
  Path tmp;
  WebHarness h;
  Http editor;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    h = new WebHarness(tmp, 1 << 20, false);
    editor = h.loggedInAs("editor");
  }

  @AfterAll
  void stop() {
    h.close();
  }

  private void assertNoLeak(HttpResponse<String> r) {
    assertThat(r.body()).doesNotContain(tmp.toString()).doesNotContain(h.shared.toString())
        .doesNotContain("Exception").doesNotContain("java.").doesNotContain("/tmp/");
  }

  @Test
  void an_upload_with_a_300_byte_file_name_is_400_naming_the_length() throws Exception {
    String name = "n".repeat(300) + ".txt";
    HttpResponse<String> r = editor.upload(null, Map.of(name, "x".getBytes()));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Http.json(r).get("error").asText()).contains("at most 255 bytes");
    assertNoLeak(r);
  }

  @Test
  void a_restore_to_a_300_byte_name_is_400() throws Exception {
    java.nio.file.Files.writeString(h.shared.resolve("short.txt"), "one\n");
    h.awaitVersions("short.txt", 1);
    HttpResponse<String> r = editor.post("/api/restore", Map.of("path", "short.txt",
        "version", 1, "to", "m".repeat(300)));
    assertThat(r.statusCode()).isEqualTo(400);
    assertNoLeak(r);
  }

  @Test
  void a_malformed_multipart_body_is_400_naming_the_problem() throws Exception {
    String body = "--" + Http.BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\";"
        + " filename=\"cut.txt\"\r\n\r\nthe body stops here";
    HttpResponse<String> r = editor.send(editor.request("/api/upload")
        .header("Content-Type", "multipart/form-data; boundary=" + Http.BOUNDARY)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Http.json(r).get("error").asText()).contains("multipart");
    assertNoLeak(r);
  }

  @Test
  void a_moment_far_beyond_any_calendar_is_400_naming_the_parameter() throws Exception {
    HttpResponse<String> r = editor.get("/api/files?at="
        + URLEncoder.encode("+999999999-01-01T00:00:00Z", StandardCharsets.UTF_8));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(Http.json(r).get("error").asText()).contains("'at'");
    assertNoLeak(r);
  }
}
