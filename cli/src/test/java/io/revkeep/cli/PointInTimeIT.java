package io.revkeep.cli;

import static io.revkeep.cli.RunningRevkeep.assertOneLineError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.Sha256;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.store.SqliteStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Point in time against a real {@code revkeep up}: {@code ls --at} over a scripted history made
 * on disk (creates, edits, renames, deletes, re-creates), {@code restore DIR --at} in place and
 * into another folder, with and without {@code --exact}, compared byte for byte, and undone by
 * {@code revert --change-set}.
 */
class PointInTimeIT {
  @TempDir static Path dir;
  static RunningRevkeep revkeep;
  /** Read-only view of the same SQLite file, to wait for the listener without a JVM per poll. */
  static SqliteStore store;

  @BeforeAll
  static void up() throws Exception {
    revkeep = RunningRevkeep.start(dir);
    store = SqliteStore.open(dir.resolve("data/revkeep.db"));
  }

  @AfterAll
  static void down() {
    store.close();
    revkeep.close();
  }

  // ---- a scripted history, replayed into a model ---------------------------------------------

  /** What the shared folder holds (path → content), kept beside the real one. */
  private final SortedMap<String, String> model = new TreeMap<>();

  private void put(String path, String content) throws IOException {
    Path f = revkeep.shared.resolve(path);
    Files.createDirectories(f.getParent());
    Files.writeString(f, content);
    model.put(path, content);
    awaitRecorded(path, Optional.of(content));
  }

  private void delete(String path) throws IOException {
    Files.delete(revkeep.shared.resolve(path));
    model.remove(path);
    awaitRecorded(path, Optional.empty());
  }

  private void move(String from, String to) throws IOException {
    Path target = revkeep.shared.resolve(to);
    Files.createDirectories(target.getParent());
    Files.move(revkeep.shared.resolve(from), target);
    model.put(to, model.remove(from));
    awaitRecorded(to, Optional.of(model.get(to)));
    awaitRecorded(from, Optional.empty());
  }

  private static void awaitRecorded(String path, Optional<String> content) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
      Optional<FileRecord> r = store.file(path);
      return content.isEmpty() ? r.isEmpty() || r.get().deleted()
          : r.isPresent() && !r.get().deleted() && r.get().hash().equals(hash(content.get()));
    });
  }

  private static String hash(String content) {
    return Sha256.of(content.getBytes(StandardCharsets.UTF_8));
  }

  /** The model under a folder, path → hash. */
  private static SortedMap<String, String> hashes(Map<String, String> tree, String dir) {
    SortedMap<String, String> out = new TreeMap<>();
    tree.forEach((p, c) -> {
      if (dir.isEmpty() || p.startsWith(dir + "/")) {
        out.put(p, hash(c));
      }
    });
    return out;
  }

  /** {@code ls DIR --at T -R --json} as path → hash. */
  private static SortedMap<String, String> lsAt(String dir, Instant at) throws Exception {
    JsonNode list = RunningRevkeep.JSON.readTree(revkeep.ok("ls", dir, "--at", at.toString(),
        "-R", "--json"));
    SortedMap<String, String> out = new TreeMap<>();
    list.forEach(e -> out.put(e.get("path").asText(), e.get("hash").asText()));
    return out;
  }

  /** The shared folder on disk under a folder: path → content. */
  private static SortedMap<String, String> onDisk(String dir) throws IOException {
    SortedMap<String, String> out = new TreeMap<>();
    Path base = revkeep.shared.resolve(dir);
    if (!Files.exists(base)) {
      return out;
    }
    try (Stream<Path> files = Files.walk(base)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        out.put(revkeep.shared.relativize(f).toString(), Files.readString(f));
      }
    }
    return out;
  }

  /** The model's files under {@code from}, as they would appear under {@code to}. */
  private static SortedMap<String, String> moved(Map<String, String> tree, String from,
      String to) {
    SortedMap<String, String> out = new TreeMap<>();
    tree.forEach((p, c) -> {
      if (p.startsWith(from + "/")) {
        out.put(to + p.substring(from.length()), c);
      }
    });
    return out;
  }

  @Test
  void ls_at_each_of_20_instants_is_the_tree_as_it_was() throws Exception {
    // After each step is recorded and before the next begins, the tree revkeep should report
    // for "now" is exactly the model: take that instant and a copy of the model.
    List<Instant> instants = new ArrayList<>();
    List<SortedMap<String, String>> trees = new ArrayList<>();
    List<Step> script = List.of(
        () -> put("h/a.txt", "a1\n"),
        () -> put("h/b.txt", "b1\n"),
        () -> put("h/sub/c.txt", "c1\n"),
        () -> put("other/x.txt", "x1\n"),
        () -> put("h/a.txt", "a2\n"),
        () -> move("h/b.txt", "h/sub/b.txt"),
        () -> delete("h/sub/c.txt"),
        () -> put("h/sub/c.txt", "c2\n"),
        () -> move("other/x.txt", "h/x.txt"),
        () -> put("h/x.txt", "x2\n"),
        () -> move("h/a.txt", "other/a.txt"),
        () -> put("h/a.txt", "new a\n"),
        () -> delete("h/sub/b.txt"),
        () -> put("h/deep/er/d.txt", "d1\n"),
        () -> delete("h/x.txt"),
        () -> put("h/deep/er/d.txt", "d2\n"),
        () -> move("other/a.txt", "h/sub/a.txt"),
        () -> put("h/sub/c.txt", "c3\n"),
        () -> put("h0.txt", "a sibling, never under h\n"));
    instants.add(Instant.now());
    trees.add(new TreeMap<>(model));
    for (Step step : script) {
      step.run();
      instants.add(Instant.now());
      trees.add(new TreeMap<>(model));
    }
    assertThat(instants).hasSize(20);
    for (int i = 0; i < instants.size(); i++) {
      SortedMap<String, String> expected = hashes(trees.get(i), "h");
      if (expected.isEmpty()) {
        assertOneLineError(revkeep.run("ls", "h", "--at", instants.get(i).toString()),
            "nothing was in 'h' at");
      } else {
        assertThat(lsAt("h", instants.get(i))).as("ls h --at step %d", i).isEqualTo(expected);
      }
    }
    assertThat(lsAt("other", instants.get(11))).isEqualTo(hashes(trees.get(11), "other"));

    // the human listing marks what was deleted since
    String text = revkeep.ok("ls", "h/sub", "--at", instants.get(6).toString());
    assertThat(text).contains("b.txt").contains("c.txt").contains("(deleted since)");
  }

  /** The action the plan (--json) gives each path. */
  private static Map<String, String> actions(JsonNode plan) {
    Map<String, String> out = new TreeMap<>();
    plan.get("steps").forEach(st -> out.put(st.get("path").asText(), st.get("action").asText()));
    return out;
  }

  @Test
  void a_folder_is_restored_in_place_and_elsewhere_exactly_or_not_and_each_restore_is_undone()
      throws Exception {
    put("r/keep.txt", "kept all along\n");
    put("r/edit.txt", "edit 1\n");
    put("r/gone.txt", "gone later\n");
    put("r/sub/s.txt", "sub 1\n");
    Instant then = Instant.now();
    SortedMap<String, String> before = new TreeMap<>(model);
    put("r/edit.txt", "edit 2\n");
    delete("r/gone.txt");
    put("r/new.txt", "created after\n");
    put("r/sub/s.txt", "sub 2\n");
    put("r/sub/new2.txt", "also created after\n");
    SortedMap<String, String> after = new TreeMap<>(model);
    SortedMap<String, String> afterOnDisk = onDisk("r");
    assertThat(afterOnDisk).isEqualTo(after);

    // the dry run says what would happen and why, and changes nothing
    JsonNode plan = RunningRevkeep.JSON.readTree(revkeep.ok("restore", "r", "--at",
        then.toString(), "--dry-run", "--json"));
    assertThat(actions(plan)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "r/keep.txt", "keep", "r/edit.txt", "write", "r/gone.txt", "recreate",
        "r/sub/s.txt", "write", "r/new.txt", "leave", "r/sub/new2.txt", "leave"));
    assertThat(revkeep.ok("restore", "r", "--at", then.toString(), "--dry-run", "--exact"))
        .contains("remove      r/new.txt").contains("--exact").contains("deleted since");
    assertThat(onDisk("r")).isEqualTo(after);

    // into another folder: the old tree appears there, byte for byte; the source is untouched
    revkeep.ok("restore", "r", "--at", then.toString(), "--to", "copy/r-then");
    assertThat(onDisk("copy/r-then")).isEqualTo(moved(before, "r", "copy/r-then"));
    assertThat(onDisk("r")).isEqualTo(after);

    // in place without --exact: files created since stay
    JsonNode done = RunningRevkeep.JSON.readTree(revkeep.ok("restore", "r", "--at",
        then.toString(), "--json"));
    String changeSet = done.get("result").get("change_set").asText();
    SortedMap<String, String> merged = new TreeMap<>(before);
    merged.put("r/new.txt", after.get("r/new.txt"));
    merged.put("r/sub/new2.txt", after.get("r/sub/new2.txt"));
    assertThat(onDisk("r")).isEqualTo(merged);
    JsonNode edit = revkeep.history("r/edit.txt");
    JsonNode last = edit.get(edit.size() - 1);
    assertThat(last.get("origin").asText()).isEqualTo("cli");
    assertThat(last.get("change_set").asText()).isEqualTo(changeSet);
    assertThat(last.get("hash").asText()).isEqualTo(hash("edit 1\n"));
    assertThat(store.changeSet(changeSet)).extracting(v -> v.path())
        .containsExactly("r/edit.txt", "r/gone.txt", "r/sub/s.txt");

    // undone by its change set: back to the state before the restore
    String undo = revkeep.ok("revert", "--change-set", changeSet);
    assertThat(undo).contains("undo of change set " + changeSet).contains("change set");
    assertThat(onDisk("r")).isEqualTo(afterOnDisk);

    // in place with --exact: exactly the old tree; the removed files keep their history
    JsonNode exact = RunningRevkeep.JSON.readTree(revkeep.ok("restore", "r", "--at",
        then.toString(), "--exact", "--json"));
    assertThat(onDisk("r")).isEqualTo(before);
    assertThat(revkeep.history("r/new.txt")).extracting(v -> v.get("action").asText())
        .containsExactly("CREATE", "DELETE");
    String exactSet = exact.get("result").get("change_set").asText();
    revkeep.ok("revert", "--change-set", exactSet);
    assertThat(onDisk("r")).isEqualTo(afterOnDisk);
    assertThat(revkeep.history("r/new.txt")).extracting(v -> v.get("action").asText())
        .containsExactly("CREATE", "DELETE", "CREATE");
    assertThat(revkeep.history("r/gone.txt")).extracting(v -> v.get("action").asText())
        .containsExactly("CREATE", "DELETE", "CREATE", "DELETE", "CREATE", "DELETE");
  }

  @Test
  void a_file_renamed_since_is_listed_as_moved_and_moved_back_not_copied() throws Exception {
    put("mv/budget.csv", "budget 1\n");
    put("mv/sub/data.txt", "data\n");
    Instant then = Instant.now();
    move("mv/budget.csv", "mv/budget-final.csv");
    move("mv/sub/data.txt", "elsewhere/data.txt");
    SortedMap<String, String> after = new TreeMap<>(model);

    assertThat(revkeep.ok("ls", "mv", "--at", then.toString(), "-R"))
        .contains("(moved since to mv/budget-final.csv)")
        .contains("(moved since to elsewhere/data.txt)").doesNotContain("deleted since");
    JsonNode plan = RunningRevkeep.JSON.readTree(revkeep.ok("restore", "mv", "--at",
        then.toString(), "--dry-run", "--json"));
    assertThat(actions(plan)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "mv/budget.csv", "move", "mv/sub/data.txt", "move"));
    JsonNode budget = plan.get("steps").get(0);
    assertThat(budget.get("from").asText()).isEqualTo("mv/budget-final.csv");
    assertThat(budget.get("to").asText()).isEqualTo("mv/budget.csv");
    assertThat(budget.get("reason").asText()).startsWith("renamed to mv/budget-final.csv at ");
    assertThat(revkeep.ok("restore", "mv", "--at", then.toString(), "--dry-run"))
        .contains("move        mv/budget-final.csv -> mv/budget.csv");

    JsonNode done = RunningRevkeep.JSON.readTree(revkeep.ok("restore", "mv", "--at",
        then.toString(), "--json"));
    assertThat(done.get("result").get("moved").asInt()).isEqualTo(2);
    assertThat(onDisk("mv")).containsOnlyKeys("mv/budget.csv", "mv/sub/data.txt");
    assertThat(onDisk("elsewhere")).isEmpty();
    assertThat(revkeep.history("mv/budget.csv")).extracting(v -> v.get("action").asText())
        .containsExactly("CREATE", "RENAME", "RENAME");

    String changeSet = done.get("result").get("change_set").asText();
    revkeep.ok("revert", "--change-set", changeSet);
    SortedMap<String, String> back = onDisk("mv");
    back.putAll(onDisk("elsewhere"));
    assertThat(back).isEqualTo(hashlessUnder(after, "mv", "elsewhere"));
    assertThat(revkeep.history("mv/budget-final.csv")).extracting(v -> v.get("action").asText())
        .containsExactly("CREATE", "RENAME", "RENAME", "RENAME");
  }

  private static SortedMap<String, String> hashlessUnder(Map<String, String> tree,
      String... dirs) {
    SortedMap<String, String> out = new TreeMap<>();
    tree.forEach((p, c) -> {
      for (String d : dirs) {
        if (p.startsWith(d + "/")) {
          out.put(p, c);
        }
      }
    });
    return out;
  }

  @Test
  void point_in_time_mistakes_get_one_clear_line_and_change_nothing() throws Exception {
    put("m/a.txt", "a\n");
    SortedMap<String, String> was = onDisk("m");
    assertOneLineError(revkeep.run("restore", "m", "--at", "next tuesday"),
        "--at: the time 'next tuesday' is not understood");
    assertOneLineError(revkeep.run("restore", "m", "--at", "2099-01-01"), "in the future");
    assertOneLineError(revkeep.run("ls", "m", "--at", "1y"), "not understood");
    assertOneLineError(revkeep.run("ls", "m", "--at", "1h", "--deleted"), "do not go together");
    assertOneLineError(revkeep.run("restore", "nothing-here", "--at", "1s"),
        "nothing was in 'nothing-here'");
    assertOneLineError(revkeep.run("revert", "--change-set", "no-such-id"),
        "no change set 'no-such-id'");
    Revkeep.Result both = revkeep.run("restore", "m", "--at", "1m", "--version", "1");
    assertThat(both.exit()).isEqualTo(2);
    assertThat(both.err()).contains("either --version N").doesNotContain("Exception");
    Revkeep.Result dry = revkeep.run("restore", "m/a.txt", "--version", "1", "--dry-run");
    assertThat(dry.exit()).isEqualTo(2);
    assertThat(dry.err()).contains("go with --at");
    Revkeep.Result mixed = revkeep.run("revert", "-f", "m/a.txt", "-r", "1", "--change-set", "x");
    assertThat(mixed.exit()).isEqualTo(2);
    assertThat(onDisk("m")).isEqualTo(was);
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }
}
