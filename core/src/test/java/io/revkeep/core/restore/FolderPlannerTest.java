package io.revkeep.core.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.Sha256;
import io.revkeep.core.model.Change;
import io.revkeep.core.store.SqliteStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plans over a real SQLite store, for the cases a scripted folder rarely meets. */
class FolderPlannerTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  @TempDir Path dir;
  private SqliteStore store;

  @BeforeEach
  void open() {
    store = SqliteStore.open(dir.resolve("revkeep.db"));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static String hash(String s) {
    return Sha256.of(s.getBytes(StandardCharsets.UTF_8));
  }

  private void put(String path, String content, long s) {
    store.record(Change.content(path, hash(content), content.length(), s, T0.plusSeconds(s),
        "al", "h:/s"));
  }

  private void mv(String from, String to, String content, long s) {
    store.record(Change.rename(from, to, hash(content), content.length(), s, T0.plusSeconds(s),
        "al", "h:/s"));
  }

  private Map<String, String> plan(Instant at) {
    Map<String, String> out = new TreeMap<>();
    new RestorePlanner(store, h -> true).folderAt("", at, null, false).steps()
        .forEach(s -> out.put(s.path(), s.kind().wire() + (s.from() == null ? ""
            : " from " + s.from())));
    return out;
  }

  @Test
  void a_path_emptied_by_a_move_back_is_recreated_even_when_the_leaving_file_had_its_bytes() {
    put("a.txt", "same", 1);
    put("b.txt", "same", 2); // another file with the same content
    mv("b.txt", "c.txt", "same", 10);
    store.record(Change.delete("c.txt", T0.plusSeconds(11), "al", "h:/s"));
    mv("a.txt", "b.txt", "same", 12);
    // a.txt's file is at b.txt now and goes back; b.txt's own file was deleted since: its path,
    // emptied by that move, gets the content back instead of being "kept"
    assertThat(plan(T0.plusSeconds(5))).containsExactly(
        Map.entry("a.txt", "move from b.txt"), Map.entry("b.txt", "recreate"));
  }

  @Test
  void swapped_files_are_written_back_and_a_chain_is_moved() {
    put("x.txt", "x", 1);
    put("y.txt", "y", 2);
    put("p.txt", "p", 3);
    put("q.txt", "q", 4);
    mv("x.txt", "tmp", "x", 10);
    mv("y.txt", "x.txt", "y", 11);
    mv("tmp", "y.txt", "x", 12); // x and y swapped
    mv("q.txt", "r.txt", "q", 13);
    mv("p.txt", "q.txt", "p", 14); // p to q, q to r: a chain back
    assertThat(plan(T0.plusSeconds(5))).containsExactly(
        Map.entry("p.txt", "move from q.txt"), Map.entry("q.txt", "move from r.txt"),
        Map.entry("x.txt", "write"), Map.entry("y.txt", "write"));
  }
}
