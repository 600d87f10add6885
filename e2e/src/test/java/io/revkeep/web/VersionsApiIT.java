package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The versions panel's routes against a real web server and listener: thumbnails (made once in
 * the data folder, cached by the browser, refused for non-images and bombs, behind the login),
 * the side-by-side diff with its words, what became of a renamed path, and the restore's change
 * set that the panel's Undo uses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VersionsApiIT {
  WebHarness h;
  Http viewer;
  Http editor;

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    h = new WebHarness(tmp, 16L << 20, false);
    viewer = h.loggedInAs("viewer");
    editor = h.loggedInAs("editor");
  }

  @AfterAll
  void stop() {
    h.close();
  }

  static byte[] png(int w, int h, Color c) throws Exception {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    java.awt.Graphics2D g = img.createGraphics();
    g.setColor(c);
    g.fillRect(0, 0, w, h);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  /** A tiny PNG whose header declares w × h pixels: decoding it would take gigabytes. */
  static byte[] bomb(int w, int h) throws Exception {
    byte[] png = png(4, 4, Color.RED);
    ByteBuffer.wrap(png).putInt(16, w).putInt(20, h);
    CRC32 crc = new CRC32();
    crc.update(png, 12, 17);
    ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
    return png;
  }

  @Test
  void a_thumbnail_is_made_once_per_version_cached_long_and_refused_where_it_makes_no_sense()
      throws Exception {
    Files.createDirectories(h.shared.resolve("pics"));
    Files.write(h.shared.resolve("pics/photo.png"), png(900, 600, Color.ORANGE));
    String hash = h.awaitVersions("pics/photo.png", 1).get(0).hash();

    HttpResponse<byte[]> r = viewer.getBytes("/api/thumbnail?path=pics/photo.png&version=1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/png");
    assertThat(r.headers().firstValue("Cache-Control").orElse(""))
        .contains("max-age=31536000").contains("immutable");
    BufferedImage t = ImageIO.read(new ByteArrayInputStream(r.body()));
    assertThat(t.getWidth()).isEqualTo(256);
    assertThat(t.getHeight()).isEqualTo(171);
    assertThat(new Color(t.getRGB(100, 100))).isEqualTo(Color.ORANGE);

    // kept in the data folder under its content hash, made once: a second ask rewrites nothing
    Path cached = h.data.resolve("thumbnails").resolve(hash.substring(0, 2)).resolve(hash + ".png");
    assertThat(cached).hasBinaryContent(r.body());
    var made = Files.getLastModifiedTime(cached);
    Files.setLastModifiedTime(cached, java.nio.file.attribute.FileTime.fromMillis(1_000));
    assertThat(viewer.getBytes("/api/thumbnail?path=pics/photo.png&version=1").body())
        .isEqualTo(r.body());
    assertThat(Files.getLastModifiedTime(cached).toMillis()).isEqualTo(1_000);
    assertThat(made.toMillis()).isGreaterThan(1_000);
    try (Stream<Path> s = Files.list(cached.getParent())) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".revkeep-tmp"));
    }
    // the newest without a version number: served, but revalidated (it changes)
    HttpResponse<byte[]> newest = viewer.getBytes("/api/thumbnail?path=pics/photo.png");
    assertThat(newest.statusCode()).isEqualTo(200);
    assertThat(newest.headers().firstValue("Cache-Control").orElse("")).contains("no-cache");

    // not an image, no such version or file, a bad path, no login
    h.writeShared("pics/notes.txt", "text\n");
    h.awaitVersions("pics/notes.txt", 1);
    HttpResponse<String> text = viewer.get("/api/thumbnail?path=pics/notes.txt&version=1");
    assertThat(text.statusCode()).isEqualTo(404);
    assertThat(Http.json(text).get("error").asText()).contains("not an image");
    assertThat(viewer.get("/api/thumbnail?path=pics/photo.png&version=7").statusCode())
        .isEqualTo(404);
    assertThat(viewer.get("/api/thumbnail?path=pics/none.png").statusCode()).isEqualTo(404);
    assertThat(viewer.get("/api/thumbnail?path=../x.png").statusCode()).isEqualTo(400);
    assertThat(new Http(h.base()).get("/api/thumbnail?path=pics/photo.png&version=1")
        .statusCode()).isEqualTo(401);

    // a decompression bomb: refused by its header, the server unharmed; a damaged image likewise
    Files.write(h.shared.resolve("pics/bomb.png"), bomb(60_000, 60_000));
    h.awaitVersions("pics/bomb.png", 1);
    HttpResponse<String> b = viewer.get("/api/thumbnail?path=pics/bomb.png&version=1");
    assertThat(b.statusCode()).isEqualTo(422);
    assertThat(Http.json(b).get("error").asText()).contains("too large for a thumbnail")
        .doesNotContain("Exception").doesNotContain(h.data.toString());
    Files.write(h.shared.resolve("pics/broken.jpg"), "not really a jpeg".getBytes());
    h.awaitVersions("pics/broken.jpg", 1);
    assertThat(viewer.get("/api/thumbnail?path=pics/broken.jpg&version=1").statusCode())
        .isEqualTo(422);
    // the listing asks with or=icon: the image icon in place of a thumbnail, no failed load
    HttpResponse<String> icon = viewer.get("/api/thumbnail?path=pics/broken.jpg&version=1&or=icon");
    assertThat(icon.statusCode()).isEqualTo(200);
    assertThat(icon.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
    assertThat(icon.headers().firstValue("X-Revkeep-Thumbnail")).contains("none");
    // the server unharmed: healthy (once its listener's start-up reconcile, "starting", is done)
    await().atMost(java.time.Duration.ofSeconds(30))
        .until(() -> viewer.get("/api/health").statusCode() == 200);
  }

  @Test
  void two_versions_side_by_side_mark_the_changed_words() throws Exception {
    h.writeShared("sbs/doc.txt", "title\nthe quick brown fox\nend\n");
    h.awaitVersions("sbs/doc.txt", 1);
    h.writeShared("sbs/doc.txt", "title\nthe quick red fox\nend\nadded\n");
    h.awaitVersions("sbs/doc.txt", 2);

    JsonNode d = Http.json(viewer.get("/api/diff/sides?path=sbs/doc.txt&from=1&to=2"));
    assertThat(d.get("binary").asBoolean()).isFalse();
    assertThat(d.get("identical").asBoolean()).isFalse();
    assertThat(Http.strings(d.get("rows"), "kind")).containsExactly("same", "change", "same",
        "add");
    JsonNode change = d.get("rows").get(1);
    assertThat(change.get("left").get("line").asInt()).isEqualTo(2);
    assertThat(change.get("left").get("parts").toString())
        .contains("{\"text\":\"brown\",\"changed\":true}");
    assertThat(change.get("right").get("parts").toString())
        .contains("{\"text\":\"red\",\"changed\":true}")
        .contains("{\"text\":\"the quick \",\"changed\":false}");
    assertThat(d.get("rows").get(3).has("left")).isFalse();

    assertThat(Http.json(viewer.get("/api/diff/sides?path=sbs/doc.txt&from=2&to=2"))
        .get("identical").asBoolean()).isTrue();
    assertThat(viewer.get("/api/diff/sides?path=sbs/doc.txt").statusCode()).isEqualTo(400);
    assertThat(viewer.get("/api/diff/sides?path=sbs/doc.txt&from=1&to=9").statusCode())
        .isEqualTo(404);
    assertThat(new Http(h.base()).get("/api/diff/sides?path=sbs/doc.txt&from=1").statusCode())
        .isEqualTo(401);
  }

  @Test
  void a_renamed_path_says_where_its_file_went_and_an_unknown_one_says_so() throws Exception {
    h.writeShared("mv/old-name.txt", "content\n");
    h.awaitVersions("mv/old-name.txt", 1);
    Files.createDirectories(h.shared.resolve("mv/sub"));
    Files.move(h.shared.resolve("mv/old-name.txt"), h.shared.resolve("mv/sub/new-name.txt"));
    await().atMost(Duration.ofSeconds(20))
        .until(() -> h.store.file("mv/sub/new-name.txt").isPresent());

    assertThat(viewer.get("/api/history?path=mv/old-name.txt").statusCode()).isEqualTo(404);
    JsonNode w = Http.json(viewer.get("/api/whereabouts?path=mv/old-name.txt"));
    assertThat(w.get("state").asText()).isEqualTo("moved");
    assertThat(w.get("moved_to").asText()).isEqualTo("mv/sub/new-name.txt");

    JsonNode live = Http.json(viewer.get("/api/whereabouts?path=mv/sub/new-name.txt"));
    assertThat(live.get("state").asText()).isEqualTo("live");
    JsonNode none = Http.json(viewer.get("/api/whereabouts?path=mv/never.txt"));
    assertThat(none.get("state").asText()).isEqualTo("unknown");
    assertThat(none.get("moved_to").isNull()).isTrue();
    assertThat(viewer.get("/api/whereabouts?path=../x").statusCode()).isEqualTo(400);
  }

  @Test
  void a_restore_answers_the_change_set_that_undoes_it() throws Exception {
    h.writeShared("u/notes.txt", "one\n");
    h.awaitVersions("u/notes.txt", 1);
    h.writeShared("u/notes.txt", "two\n");
    h.awaitVersions("u/notes.txt", 2);

    JsonNode r = Http.json(editor.post("/api/restore", Map.of("path", "u/notes.txt",
        "version", 1)));
    String changeSet = r.get("change_set").asText();
    assertThat(h.awaitVersions("u/notes.txt", 3).get(2).changeSet()).isEqualTo(changeSet);
    HttpResponse<String> undo = editor.post("/api/undo", Map.of("change_set",
        changeSet.substring(0, 8)));
    assertThat(undo.statusCode()).as(undo.body()).isEqualTo(200);
    List<io.revkeep.core.model.VersionRecord> v = h.awaitVersions("u/notes.txt", 4);
    assertThat(v.get(3).hash()).isEqualTo(v.get(1).hash());
    assertThat(Files.readString(h.shared.resolve("u/notes.txt"))).isEqualTo("two\n");
  }
}
