package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads whose names are built to leave the shared root: every one refused, nothing outside. */
class UploadEscapeIT {
  @TempDir Path tmp;

  /** 200 names (and dir fields) that try to escape: '..', absolute, NUL/control, symlinks. */
  static List<String[]> attacks() {
    String[] prefixes = {"../", "..\\", "a/../../", "a/b/../../../", "./../", "/", "//",
        "/tmp/", "\\", "C:\\", "C:/", "link/", "link/deeper/", "a/link/", "../../../../",
        "a/..\\..\\", "..//", "x\u0000/", "x\u0001/", "\u001f/", "x\u007f/", "a/\n/", "link\\", "./link/",
        "a/./../../"};
    String[] targets = {"escaped.txt", "outside/planted.txt", "../../etc/passwd-copy",
        "link/x.txt", "..", "q/../../../x"};
    List<String[]> out = new ArrayList<>();
    for (String p : prefixes) {
      for (String t : targets) {
        out.add(new String[] {null, p + t}); // in the file name
      }
    }
    for (String p : prefixes) {
      if (!List.of("/", "//", "\\").contains(p)) { // those name the root itself: allowed
        out.add(new String[] {p, "via-dir.txt"}); // in the dir field
      }
      out.add(new String[] {p + "sub", "via-dir2.txt"});
    }
    String[] more = {"..", "../", "link", "/etc", "a/../..", "\u0000", "x\u0000y.txt", "link/..", "link/../.."};
    for (String m : more) {
      out.add(new String[] {m, "z.txt"});
      out.add(new String[] {null, m});
      out.add(new String[] {"ok", m + "/x"});
    }
    return out.subList(0, 200);
  }

  @Test
  void two_hundred_escaping_names_write_nothing_outside_the_root() throws Exception {
    Path outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("keep.txt"), "untouched");
    try (WebHarness h = new WebHarness(tmp.resolve("rk"), 1 << 20, false)) {
      Files.createDirectories(h.shared.resolve("a"));
      Files.createSymbolicLink(h.shared.resolve("link"), outside);
      Files.createSymbolicLink(h.shared.resolve("a/link"), outside);
      List<String> before = tree(tmp, h);
      Http editor = h.loggedInAs("editor");
      List<String[]> attacks = attacks();
      assertThat(attacks).hasSize(200);
      int refused = 0;
      for (String[] a : attacks) {
        HttpResponse<String> r = editor.upload(a[0], Map.of(a[1],
            "payload".getBytes(StandardCharsets.UTF_8)));
        assertThat(r.statusCode()).as("dir=%s name=%s → %s", a[0], a[1], r.body()).isEqualTo(400);
        assertThat(Http.json(r).get("error").asText()).isNotBlank();
        refused++;
      }
      assertThat(refused).isEqualTo(200);
      assertThat(tree(tmp, h)).isEqualTo(before);
      assertThat(Files.readString(outside.resolve("keep.txt"))).isEqualTo("untouched");
      try (Stream<Path> s = Files.list(outside)) {
        assertThat(s.count()).isEqualTo(1);
      }
    }
  }

  @Test
  void an_upload_onto_a_fifo_is_refused_at_once_and_the_fifo_left_alone() throws Exception {
    // comparing what stands there with the store would read the FIFO: that waits for a writer
    try (WebHarness h = new WebHarness(tmp.resolve("rk"), 1 << 20, false)) {
      Path fifo = h.shared.resolve("pipe.txt");
      Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
      assertThat(mkfifo.waitFor(30, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).isTrue();
      Http editor = h.loggedInAs("editor");
      HttpResponse<String> r = assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
          editor.upload(null, Map.of("pipe.txt", "payload".getBytes(StandardCharsets.UTF_8))));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
      assertThat(Http.json(r).get("error").asText())
          .contains("'pipe.txt' is a special file").doesNotContain(h.shared.toString());
      assertThat(Files.isRegularFile(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
      assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
  }

  /** Every regular file under the temp folder except revkeep's own data folder. */
  private static List<String> tree(Path root, WebHarness h) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> !p.startsWith(h.data))
          .filter(p -> Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS))
          .map(p -> root.relativize(p).toString()).sorted().toList();
    }
  }
}
