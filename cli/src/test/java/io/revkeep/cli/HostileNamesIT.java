package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.Printable;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: file names with a newline or a terminal escape sequence were printed raw by the CLI, so
 * a newline forged a row of {@code ls} and an ESC sequence acted on the reader's terminal. They are
 * now printed escaped, one row each; {@code --json} keeps them exact. And every name the listener
 * records — control characters included — can be listed, downloaded, diffed and restored, on the
 * web and on the command line, byte for byte, while nothing prints or logs them raw.
 */
class HostileNamesIT {
  private static final String NEWLINE_NAME = "evil\nforged.txt       v9            0  2026-01-01 00:00:00 admin";
  private static final String ESCAPE_NAME = "clear\u001b[2J\u001b]0;owned\u0007.txt";
  private static final String TAB_NAME = "tab\there.txt";
  private static final String DEL_NAME = "del\u007fete.txt";
  private static final String BACKSLASH_NAME = "back\\slash.txt";
  private static final List<String> NAMES =
      List.of(NEWLINE_NAME, ESCAPE_NAME, TAB_NAME, DEL_NAME, BACKSLASH_NAME);
  private static final char ESC = '\u001b';

  @TempDir Path dir;
  private RunningRevkeep revkeep;

  @AfterEach
  void stop() {
    if (revkeep != null) {
      revkeep.close();
    }
  }

  @Test
  void every_hostile_name_is_listed_escaped_and_restored_byte_for_byte_on_the_web_and_the_cli()
      throws Exception {
    revkeep = RunningRevkeep.start(dir);
    Web web = Web.login(dir);
    for (String name : NAMES) {
      Files.writeString(revkeep.shared.resolve(name), first(name));
    }
    awaitVersions(web, 1);
    for (String name : NAMES) {
      Files.writeString(revkeep.shared.resolve(name), "second\n");
    }
    awaitVersions(web, 2);

    // ls shows one escaped row per name; --json keeps them exact
    List<String> ls = revkeep.ok("ls").lines().toList();
    assertThat(ls).hasSize(NAMES.size());
    assertThat(ls).anySatisfy(row -> assertThat(row).startsWith(
        "clear\\x1b[2J\\x1b]0;owned\\x07.txt "));
    assertThat(ls).anySatisfy(row -> assertThat(row).startsWith(
        "evil\\nforged.txt       v9            0  2026-01-01 00:00:00 admin"));
    assertThat(ls).anySatisfy(row -> assertThat(row).startsWith("tab\\there.txt "));
    assertThat(ls).anySatisfy(row -> assertThat(row).startsWith("del\\x7fete.txt "));
    assertPrintable(String.join("\n", ls));
    assertThat(revkeep.ok("ls", "-R", "--deleted").lines()).hasSize(NAMES.size());
    JsonNode json = RunningRevkeep.JSON.readTree(revkeep.ok("ls", "--json"));
    assertThat(json.findValuesAsText("name")).containsExactlyInAnyOrderElementsOf(NAMES);

    // the web lists each name exactly, and downloads, shows and diffs it
    JsonNode listing = web.json("/api/files?dir=");
    assertThat(listing.findValuesAsText("path")).containsAll(NAMES);
    for (String name : NAMES) {
      Download d = web.download(name, 1);
      assertThat(d.body()).isEqualTo(first(name).getBytes(StandardCharsets.UTF_8));
      assertThat(d.head().chars()).as("the answer's head for %s", Printable.of(name))
          .allMatch(c -> (c >= 0x20 && c < 0x7f) || c == '\r' || c == '\n');
      assertThat(d.head().split("\r\n")).noneMatch(line -> line.contains("\n")
          || line.contains("\r"));
      Matcher ext = Pattern.compile("(?m)^Content-Disposition: attachment; filename=\"[^\"]*\";"
          + " filename\\*=UTF-8''([^\\r\\n]+)\r\n").matcher(d.head());
      assertThat(ext.find()).as(d.head()).isTrue();
      assertThat(URLDecoder.decode(ext.group(1).replace("+", "%2B"), StandardCharsets.UTF_8))
          .isEqualTo(name);
      assertThat(web.json("/api/history?path=" + Web.encode(name)).get("path").asText())
          .isEqualTo(name);
    }
    JsonNode diff = web.json("/api/diff?path=" + Web.encode(NEWLINE_NAME) + "&from=1&to=2");
    assertThat(diff.get("diff").asText().lines().limit(2)).containsExactly(
        "--- " + Printable.of(NEWLINE_NAME) + " (version 1)",
        "+++ " + Printable.of(NEWLINE_NAME) + " (version 2)");

    // the web restores them in place, by their recorded names
    for (String name : List.of(NEWLINE_NAME, ESCAPE_NAME)) {
      HttpResponse<String> r = web.post("/api/restore", Map.of("path", name, "version", 1));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> web.versions(name) == 3);
    }
    // a name typed anew on the web may not hold a control character: one clear 400
    HttpResponse<String> typed = web.post("/api/restore",
        Map.of("path", TAB_NAME, "version", 1, "to", "copy\nof it.txt"));
    assertThat(typed.statusCode()).isEqualTo(400);
    assertThat(RunningRevkeep.JSON.readTree(typed.body()).get("error").asText())
        .contains("control character (code 10)");

    // the command line: history, revert and restore take such a name as an argument
    for (String name : List.of(NEWLINE_NAME, ESCAPE_NAME, DEL_NAME)) {
      Revkeep.Result r = revkeep.run("history", name);
      assertThat(r.exit()).as(r.err()).isZero();
      assertThat(r.out().lines()).hasSize(1 + web.versions(name));
      assertPrintable(r.out());
      assertThat(r.out()).contains(Printable.of(name));
    }
    for (String name : List.of(TAB_NAME, BACKSLASH_NAME)) {
      assertPrintable(revkeep.ok("revert", "-f", name, "-r", "1"));
    }
    for (String name : List.of(DEL_NAME)) {
      assertPrintable(revkeep.ok("restore", name, "--version", "1"));
    }
    Revkeep.Result cliDiff = revkeep.run("diff", ESCAPE_NAME, "2", "3");
    assertThat(cliDiff.exit()).as(cliDiff.err()).isZero();
    assertThat(cliDiff.out().lines().limit(2)).containsExactly(
        "--- " + Printable.of(ESCAPE_NAME) + " (version 2)",
        "+++ " + Printable.of(ESCAPE_NAME) + " (version 3)");

    // every restore put back version 1's bytes, and the listener recorded each as a new version
    for (String name : NAMES) {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> web.versions(name) == 3);
      assertThat(Files.readAllBytes(revkeep.shared.resolve(name)))
          .isEqualTo(first(name).getBytes(StandardCharsets.UTF_8));
    }

    // nothing else appeared in the shared folder, and no log line holds a raw control character
    try (Stream<Path> files = Files.list(revkeep.shared)) {
      assertThat(files.map(f -> f.getFileName().toString())
          .filter(n -> !n.startsWith(".revkeep-tmp-"))).containsExactlyInAnyOrderElementsOf(NAMES);
    }
    String log = Files.readString(dir.resolve("logs").resolve("revkeep.log"));
    assertThat(log).contains(Printable.of(NEWLINE_NAME));
    assertThat(log.chars()).noneMatch(c -> (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f);
    assertThat(log.lines()).noneMatch(line -> line.startsWith("forged.txt"));
  }

  @Test
  void errors_quoting_a_hostile_name_are_one_line_without_raw_control_characters() throws Exception {
    revkeep = RunningRevkeep.configured(dir);
    // a store that exists (a command refuses one that does not with exit 2: NotSetUp)
    Files.createDirectories(dir.resolve("data"));
    io.revkeep.core.store.SqliteStore.open(dir.resolve("data").resolve("revkeep.db")).close();

    Revkeep.Result r = revkeep.run("history", "nothing\n\u001b[31mhere");

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().lines().toList()).singleElement().asString()
        .contains("[31mhere").doesNotContain(String.valueOf(ESC));
  }

  @Test
  void log_lines_escape_the_names_they_quote() throws Exception {
    Path config = Revkeep.config(dir, 50);
    Path shared = dir.resolve("sh\u001b[31mared");
    Files.writeString(config, Files.readString(config).replace(
        "shared = " + dir.resolve("shared"), "shared = " + shared));
    Path out = dir.resolve("up.out");
    Process up = Revkeep.start(dir, out, "up", "--config", config.toString());
    try {
      await().atMost(Duration.ofSeconds(30))
          .until(() -> Files.exists(out) && Files.readString(out).contains("revkeep is up"));
      String log = Files.readString(dir.resolve("logs").resolve("revkeep.log"));

      assertThat(log).contains("sh\\x1b[31mared").doesNotContain(String.valueOf(ESC));
    } finally {
      up.destroy();
      up.waitFor();
    }
  }

  /** Version 1 of a file: text that holds its own name, control characters and all. */
  private static String first(String name) {
    return "first\n" + name + "\n";
  }

  private static void awaitVersions(Web web, int n) {
    for (String name : NAMES) {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .until(() -> web.versions(name) == n);
    }
  }

  /** Command-line output as a terminal gets it: line ends, and no other control character. */
  private static void assertPrintable(String out) {
    assertThat(out.chars()).as(out).noneMatch(c -> (c < 0x20 && c != '\n') || c == 0x7f);
  }

  /** A download as the server sent it: the head's exact text and the body's bytes. */
  private record Download(String head, byte[] body) {}

  /** The running web, logged in as the first admin. */
  private record Web(int port, String cookie, String csrf, HttpClient http) {
    static Web login(Path dir) throws Exception {
      Matcher m = Pattern.compile("web on http://[^:]+:(\\d+)/")
          .matcher(Files.readString(dir.resolve("up.out")));
      assertThat(m.find()).isTrue();
      int port = Integer.parseInt(m.group(1));
      String password = Files.readString(dir.resolve("data/initial-admin-password")).strip();
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + port + "/api/login"))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(RunningRevkeep.JSON.writeValueAsString(
              Map.of("user", "admin", "password", password)))).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      String set = r.headers().firstValue("Set-Cookie").orElseThrow();
      return new Web(port, set.substring(0, set.indexOf(';')),
          RunningRevkeep.JSON.readTree(r.body()).get("csrf").asText(), http);
    }

    static String encode(String s) {
      return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    JsonNode json(String pathAndQuery) throws Exception {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
          "http://127.0.0.1:" + port + pathAndQuery)).header("Cookie", cookie).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(pathAndQuery + ": " + r.body()).isEqualTo(200);
      return RunningRevkeep.JSON.readTree(r.body());
    }

    HttpResponse<String> post(String path, Map<String, Object> body) throws Exception {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .header("Cookie", cookie).header("X-CSRF-Token", csrf)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(RunningRevkeep.JSON.writeValueAsString(body)))
          .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** How many versions the web shows of {@code name} (0 while it knows none). */
    int versions(String name) throws Exception {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(
              "http://127.0.0.1:" + port + "/api/history?path=" + encode(name)))
          .header("Cookie", cookie).GET().build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200
          ? RunningRevkeep.JSON.readTree(r.body()).get("versions").size() : 0;
    }

    /** GETs a version over a raw socket, so the head is checked byte for byte. */
    Download download(String name, int version) throws Exception {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.getOutputStream().write(("GET /api/content?path=" + encode(name) + "&version="
            + version + " HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + cookie
            + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        byte[] all = s.getInputStream().readAllBytes();
        int end = indexOf(all, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(end).as(new String(all, StandardCharsets.ISO_8859_1)).isPositive();
        String head = new String(all, 0, end + 2, StandardCharsets.ISO_8859_1);
        assertThat(head).startsWith("HTTP/1.1 200");
        return new Download(head, Arrays.copyOfRange(all, end + 4, all.length));
      }
    }

    private static int indexOf(byte[] all, byte[] part) {
      for (int i = 0; i + part.length <= all.length; i++) {
        if (Arrays.equals(all, i, i + part.length, part, 0, part.length)) {
          return i;
        }
      }
      return -1;
    }
  }
}
