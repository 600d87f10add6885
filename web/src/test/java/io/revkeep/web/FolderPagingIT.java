package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.Passwords;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/files} in pages and {@code GET /api/change-times} in ranges, over real HTTP
 * on a real SQLite store (versions recorded directly: the web only reads).
 */
class FolderPagingIT {
  static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");

  @TempDir Path tmp;
  SqliteStore store;
  WebDaemon web;
  Http viewer;

  @BeforeEach
  void start() throws Exception {
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Path data = Files.createDirectories(tmp.resolve("data"));
    store = SqliteStore.open(data.resolve("revkeep.db"));
    store.addUser(new User("vi", Passwords.hash("vi-password".toCharArray()), Role.VIEWER));
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      changes.add(content("p/f" + i + ".txt", i, T0.plusSeconds(i)));
    }
    changes.add(content("p/Sub2/x.txt", 7, T0));
    changes.add(content("p/sub10/x.txt", 8, T0));
    store.recordAll(changes);
    web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1024, false, shared, data,
        List.of(), "127.0.0.1", Http.unusedPort(), "t"), store, new Vault(data.resolve("vault")),
        new PrintStream(new ByteArrayOutputStream()));
    viewer = Http.as("http://127.0.0.1:" + web.port(), "vi", "vi-password");
  }

  @AfterEach
  void stop() {
    web.close();
    store.close();
  }

  private static Change content(String path, int n, Instant time) {
    return Change.content(path, String.format("%064x", n), n, 0, time, "ann", "test:/p");
  }

  private static List<String> names(JsonNode page) {
    return Http.strings(page.get("entries"), "name");
  }

  @Test
  void pages_cover_the_folder_once_in_natural_order_with_folders_first() throws Exception {
    List<String> all = new ArrayList<>();
    for (int offset = 0; ; offset += 400) {
      JsonNode page = Http.json(viewer.get("/api/files?dir=p&offset=" + offset + "&limit=400"));
      assertThat(page.get("total").asInt()).isEqualTo(1502);
      assertThat(page.get("offset").asInt()).isEqualTo(offset);
      assertThat(page.get("sort").asText()).isEqualTo("name");
      if (page.get("entries").isEmpty()) {
        break;
      }
      all.addAll(names(page));
    }
    assertThat(all).hasSize(1502).doesNotHaveDuplicates();
    assertThat(all.subList(0, 5)).containsExactly("Sub2", "sub10", "f0.txt", "f1.txt", "f2.txt");
    assertThat(all.get(1501)).isEqualTo("f1499.txt");

    JsonNode q = Http.json(viewer.get("/api/files?dir=p&q=F149&limit=5"));
    assertThat(q.get("total").asInt()).isEqualTo(11); // f149, f1490..f1499
    assertThat(names(q)).containsExactly("f149.txt", "f1490.txt", "f1491.txt", "f1492.txt",
        "f1493.txt");
    JsonNode bySize = Http.json(viewer.get("/api/files?dir=p&sort=size&limit=3"));
    assertThat(names(bySize)).containsExactly("sub10", "Sub2", "f1499.txt"); // 8 and 7 bytes

    // a change is seen by the next page at once (the kept listing is for the older seq only)
    store.recordAll(List.of(content("p/f0a.txt", 9999, T0.plusSeconds(9999))));
    JsonNode after = Http.json(viewer.get("/api/files?dir=p&limit=4"));
    assertThat(after.get("total").asInt()).isEqualTo(1503);
    assertThat(names(after)).containsExactly("Sub2", "sub10", "f0.txt", "f0a.txt");

    // as it was: the same paging
    JsonNode then = Http.json(viewer.get("/api/files?dir=p&limit=3&at=" + T0.plusSeconds(1)));
    assertThat(then.get("total").asInt()).isEqualTo(4);
    assertThat(names(then)).containsExactly("Sub2", "sub10", "f0.txt");
    assertThat(then.get("at").asText()).isEqualTo(T0.plusSeconds(1).toString());

    // without paging parameters: the whole folder, as before
    JsonNode whole = Http.json(viewer.get("/api/files?dir=p"));
    assertThat(whole.has("total")).isFalse();
    assertThat(whole.get("entries")).hasSize(1503);
  }

  @Test
  void bad_paging_parameters_are_refused_in_one_line() throws Exception {
    for (String bad : List.of("offset=-1", "limit=0", "limit=1001", "sort=owner", "limit=x",
        "q=" + "a".repeat(256))) {
      var r = viewer.get("/api/files?dir=p&" + bad);
      assertThat(r.statusCode()).as(bad).isEqualTo(400);
      assertThat(Http.json(r).get("error").asText()).as(bad).doesNotContain("Exception");
    }
  }

  @Test
  void change_times_reach_the_first_change_spread_or_in_a_range() throws Exception {
    JsonNode newest = Http.json(viewer.get("/api/change-times?dir=p&limit=3"));
    assertThat(newest.has("total")).isFalse();
    assertThat(newest.get("times")).hasSize(3);
    assertThat(newest.get("times").get(0).asText()).isEqualTo(T0.plusSeconds(1499).toString());

    JsonNode spread = Http.json(viewer.get("/api/change-times?dir=p&limit=500&spread=true"));
    assertThat(spread.get("total").asInt()).isEqualTo(1500);
    assertThat(spread.get("times")).hasSize(500);
    assertThat(spread.get("times").get(499).asText()).isEqualTo(T0.toString());
    assertThat(spread.get("times").get(0).asText()).isEqualTo(T0.plusSeconds(1499).toString());

    JsonNode range = Http.json(viewer.get("/api/change-times?dir=p&spread=true&from="
        + T0.plusSeconds(10) + "&to=" + T0.plusSeconds(12)));
    assertThat(range.get("total").asInt()).isEqualTo(3);
    assertThat(range.get("times").get(2).asText()).isEqualTo(T0.plusSeconds(10).toString());
  }
}
