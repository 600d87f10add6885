package io.revkeep.core.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.Sha256;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.WriteIntent;
import io.revkeep.core.restore.RestoreStep.Kind;
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

  private void del(String path, long s) {
    store.record(Change.delete(path, T0.plusSeconds(s), "al", "h:/s"));
  }

  /** Records what the executor's requests make the listener record, under one change set. */
  private void asRestore(String changeSet, Change... changes) {
    for (Change ch : changes) {
      store.expectWrite(new WriteIntent(ch.path(), ch.action() == Action.DELETE ? null
          : ch.hash(), "cy", Origin.CLI, changeSet, T0.plusSeconds(3600)));
      store.record(ch);
    }
  }

  private RestorePlan fullPlan(Instant at) {
    return new RestorePlanner(store, h -> true).folderAt("", at, null, false);
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

  @Test
  void a_move_back_onto_a_path_another_file_reused_removes_that_file_first_and_says_so() {
    put("a.txt", "first", 1);
    mv("a.txt", "b.txt", "first", 10);
    put("a.txt", "reuse", 12); // another file at the old path, living there now

    RestorePlan plan = fullPlan(T0.plusSeconds(5));

    assertThat(plan.steps()).singleElement().satisfies(s -> {
      assertThat(s.kind()).isEqualTo(Kind.MOVE);
      assertThat(s.path()).isEqualTo("a.txt");
      assertThat(s.from()).isEqualTo("b.txt");
      assertThat(s.replaces()).isTrue();
      assertThat(s.rewrite()).isFalse();
      assertThat(s.reason()).startsWith("renamed to b.txt at ")
          .contains("a.txt holds another file now (created ")
          .contains("it is removed first, its versions kept in its history; then moved back");
      assertThat(s.asJson()).containsEntry("replaces", true).containsEntry("from", "b.txt");
    });
  }

  @Test
  void a_move_back_onto_the_tombstone_of_a_file_that_reused_the_path_is_only_a_move() {
    put("a.txt", "first", 1);
    mv("a.txt", "b.txt", "first", 10);
    put("a.txt", "reuse", 12);
    del("a.txt", 14);

    assertThat(fullPlan(T0.plusSeconds(5)).steps()).singleElement().satisfies(s -> {
      assertThat(s.kind()).isEqualTo(Kind.MOVE);
      assertThat(s.from()).isEqualTo("b.txt");
      assertThat(s.replaces()).isFalse();
      assertThat(s.reason()).doesNotContain("removed");
    });
    // between the reuse and its deletion, the reusing file is what stood at a.txt
    assertThat(plan(T0.plusSeconds(13))).containsExactly(Map.entry("a.txt", "recreate"),
        Map.entry("b.txt", "keep"));
  }

  @Test
  void the_undo_of_such_a_restore_moves_the_file_away_again_and_recreates_the_one_it_replaced() {
    put("a.txt", "first", 1);
    mv("a.txt", "b.txt", "first", 10);
    put("a.txt", "reuse", 12);
    // the restore of T0+5 as the listener records it: a.txt removed, then b.txt moved back
    asRestore("cs-1", Change.delete("a.txt", T0.plusSeconds(20), "os", "h:/s"),
        Change.rename("b.txt", "a.txt", hash("first"), 5, 21, T0.plusSeconds(21), "os", "h:/s"));
    assertThat(store.history("a.txt")).extracting(v -> v.hash())
        .containsExactly(hash("first"), hash("first"), hash("first"));

    RestorePlan undo = new RestorePlanner(store, h -> true).undo("cs-1");

    assertThat(undo.steps()).extracting(s -> s.path() + " " + s.kind().wire()
        + (s.from() == null ? "" : " from " + s.from()))
        .containsExactly("a.txt recreate", "b.txt move from a.txt");
    assertThat(undo.steps().get(0).source().hash()).isEqualTo(hash("reuse"));
    assertThat(undo.steps().get(0).reason()).contains("which goes back");
    // with another file living at a.txt that the undo does not move, it is left alone
    mv("a.txt", "c.txt", "first", 30);
    put("a.txt", "yet another", 31);
    assertThat(new RestorePlanner(store, h -> true).undo("cs-1").steps())
        .extracting(s -> s.path() + " " + s.kind().wire())
        .contains("a.txt leave").doesNotContain("a.txt recreate");
  }
}
