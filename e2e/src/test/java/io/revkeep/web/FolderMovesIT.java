package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.Sha256;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.FileThen;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.restore.RestoreExecutor;
import io.revkeep.core.restore.RestorePlan;
import io.revkeep.core.restore.RestorePlanner;
import io.revkeep.core.write.ListenerCheck;
import io.revkeep.core.write.SharedFolderWriter;
import io.revkeep.core.write.TargetRules;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A folder as it was, after renames and moves (issue 21), with a real listener, web server,
 * SQLite file and folders. A scripted history — renames, moves between folders, a folder
 * renamed, a path reused after a rename, deletes, re-creations, edits after moves — is checked
 * at each of its 20 instants: {@code restore proj --at T --to DEST} and in place (through the
 * same core planner and executor the CLI's {@code restore} runs, and through the web API's
 * folder restore), {@code GET /api/files?at=}; each result is compared byte for byte with a
 * model of the tree (no file twice: a file moved since is moved back, not copied), and each
 * in-place restore is undone ({@code revert --change-set}'s planner) back to the tree before it.
 * Where a file goes back to a path another file reused since, the moved file's history follows
 * it and the file that stood there is removed first (recorded as deleted), never given the
 * moved file's content.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FolderMovesIT {
  private static final String DIR = "proj";
  private static final Duration WAIT = Duration.ofSeconds(30);

  private WebHarness h;
  private MovingTree tree;
  private SharedFolderWriter writer;
  private RestorePlanner planner;
  private final List<Instant> instants = new ArrayList<>();
  private final List<MovingTree.Snapshot> snapshots = new ArrayList<>();

  @BeforeAll
  void start(@TempDir Path tmp) throws Exception {
    h = new WebHarness(tmp, 1 << 20, false);
    tree = new MovingTree(h.shared, h.store);
    SharedRoot root = new SharedRoot(h.shared);
    writer = SharedFolderWriter.open(new SharedFolderWriter.Settings(root, h.store, h.vault,
        ListenerCheck.statusBoard(h.data, Clock.systemUTC()),
        new TargetRules(root, List.of("*.swp", "*~"), List.of(h.data)), false, Origin.CLI,
        Clock.systemUTC(), null));
    planner = new RestorePlanner(h.store, h.vault::contains);
    List<Step> script = List.of(
        () -> tree.put("proj/budget.csv", "budget 1\n"),
        () -> tree.put("proj/notes.txt", "notes 1\n"),
        () -> tree.put("proj/sub/c.txt", "c 1\n"),
        () -> tree.put("proj/sub/d.txt", "d 1\n"),
        () -> tree.put("other/x.txt", "x 1\n"),
        () -> tree.move("proj/budget.csv", "proj/budget-final.csv"),  // renamed
        () -> tree.put("proj/budget.csv", "a new budget\n"),            // the path reused
        () -> tree.move("proj/notes.txt", "other/notes.txt"),           // moved out
        () -> tree.move("other/x.txt", "proj/x.txt"),                   // moved in
        () -> tree.move("proj/sub", "proj/sub2"),                       // a folder renamed
        () -> tree.put("proj/budget-final.csv", "budget 2\n"),          // edited after a move
        () -> tree.delete("proj/sub2/d.txt"),
        () -> tree.put("proj/sub/d.txt", "d again\n"),                  // re-created, new folder
        () -> tree.move("proj/x.txt", "proj/sub2/x.txt"),
        () -> tree.delete("proj/budget.csv"),                           // the reuse deleted
        () -> tree.put("proj/e.txt", "e 1\n"),
        () -> tree.move("other/notes.txt", "proj/notes2.txt"),          // back in, renamed
        () -> tree.put("proj/sub2/c.txt", "c 2\n"),                     // edited after moves
        () -> tree.move("proj/e.txt", "proj/sub/e.txt"),
        () -> tree.put("proj/budget.csv", "budget again\n"));           // re-created
    for (Step step : script) {
      step.run();
      instants.add(Instant.now());
      snapshots.add(tree.snapshot());
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (writer != null) {
      writer.close();
    }
    if (h != null) {
      h.close();
    }
  }

  @Test
  void restored_elsewhere_and_in_place_at_20_instants_the_tree_is_as_it_was_and_undo_undoes()
      throws Exception {
    MovingTree.Snapshot now = tree.snapshot();
    SortedMap<String, String> before = tree.onDisk("restored");
    assertThat(before).isEqualTo(now.tree());
    for (int i = 0; i < instants.size(); i++) {
      Instant at = instants.get(i);
      MovingTree.Snapshot then = snapshots.get(i);
      // into another folder: a copy of the tree then, byte for byte
      String dest = "restored/" + i;
      run(planner.folderAt(DIR, at, dest, false));
      assertThat(under(tree.onDisk(""), dest)).as("--to at instant %d", i)
          .isEqualTo(MovingTree.rebased(then.tree(), DIR, dest));

      // in place, every other one exact: the tree then, each file once; then undone
      boolean exact = i % 2 == 0;
      RestorePlan plan = planner.folderAt(DIR, at, null, exact);
      String changeSet = run(plan);
      assertThat(tree.onDisk("restored")).as("in place at instant %d, exact %s: %s", i, exact,
          plan.steps()).isEqualTo(MovingTree.restored(now, then, DIR, exact));
      if (changeSet != null) {
        run(planner.undo(changeSet));
      }
      assertThat(tree.onDisk("restored")).as("undo of the restore at instant %d", i)
          .isEqualTo(before);
    }
  }

  @Test
  void a_file_renamed_since_is_moved_back_with_its_history_and_the_plan_says_when()
      throws Exception {
    MovingTree.Snapshot now = tree.snapshot();
    // instant 5: before the folder rename, budget.csv reused, notes moved out and x moved in
    Instant at = instants.get(4);
    RestorePlan plan = planner.folderAt(DIR, at, null, false);
    Map<String, String> actions = new TreeMap<>();
    plan.steps().forEach(s -> actions.put(s.path(), s.kind().wire()
        + (s.from() == null ? "" : " from " + s.from())));
    assertThat(actions).containsEntry("proj/sub/c.txt", "move from proj/sub2/c.txt")
        .containsEntry("proj/notes.txt", "move from proj/notes2.txt")
        // the old budget's path holds another file now: that one is removed first, then the
        // old budget is moved back (history and all), its content then written back
        .containsEntry("proj/budget.csv", "move from proj/budget-final.csv")
        .doesNotContainKey("proj/budget-final.csv")
        .containsEntry("proj/sub/e.txt", "leave")
        .containsEntry("proj/sub2/x.txt", "leave");
    assertThat(plan.steps()).filteredOn(s -> s.path().equals("proj/sub/c.txt")).singleElement()
        .satisfies(s -> assertThat(s.reason()).startsWith("moved to proj/sub2/c.txt ")
            .contains(" at ").contains("version 1 of").contains("written back"));
    assertThat(plan.steps()).filteredOn(s -> s.path().equals("proj/sub2/x.txt")).singleElement()
        .satisfies(s -> assertThat(s.reason()).contains("it was other/x.txt then"));
    assertThat(plan.steps()).filteredOn(s -> s.path().equals("proj/budget.csv")).singleElement()
        .satisfies(s -> {
          assertThat(s.replaces()).isTrue();
          assertThat(s.rewrite()).isTrue();
          assertThat(s.reason()).startsWith("renamed to proj/budget-final.csv ")
              .contains("proj/budget.csv holds another file now")
              .contains("removed first, its versions kept in its history");
        });
    long movedId = h.store.file("proj/budget-final.csv").orElseThrow().id();
    long reusedId = h.store.file("proj/budget.csv").orElseThrow().id();
    Instant beforeRestore = Instant.now();
    String changeSet = run(plan);
    // the moved budget took its path back with its whole history ...
    assertThat(h.store.file("proj/budget.csv").orElseThrow().id()).isEqualTo(movedId);
    assertThat(h.store.file("proj/budget-final.csv")).isEmpty();
    List<VersionRecord> budget = h.store.history("proj/budget.csv");
    assertThat(budget.subList(0, 3)).extracting(VersionRecord::action, VersionRecord::path,
        VersionRecord::hash).containsExactly(
            org.assertj.core.groups.Tuple.tuple(Action.CREATE, "proj/budget.csv",
                sha("budget 1\n")),
            org.assertj.core.groups.Tuple.tuple(Action.RENAME, "proj/budget-final.csv",
                sha("budget 1\n")),
            org.assertj.core.groups.Tuple.tuple(Action.MODIFY, "proj/budget-final.csv",
                sha("budget 2\n")));
    assertThat(budget.subList(budget.size() - 2, budget.size()))
        .extracting(VersionRecord::action, VersionRecord::hash, VersionRecord::changeSet)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Action.RENAME, sha("budget 2\n"), changeSet),
            org.assertj.core.groups.Tuple.tuple(Action.MODIFY, sha("budget 1\n"), changeSet));
    assertThat(budget).extracting(VersionRecord::hash)
        .doesNotContain(sha("a new budget\n"), sha("budget again\n"));
    // ... and the file that stood there was removed — one DELETE, not given the budget's
    // content — and is still the file that stood at budget.csv at the instants it did
    FileThen standing = h.store.filesAtAndNow(DIR, beforeRestore).stream()
        .filter(f -> f.then().path().equals("proj/budget.csv")).findFirst().orElseThrow();
    assertThat(standing.now().id()).isEqualTo(reusedId);
    assertThat(standing.deletedSince()).isTrue();
    assertThat(standing.now().version()).isEqualTo(standing.then().version() + 1);
    assertThat(standing.then().hash()).isEqualTo(sha("budget again\n"));
    for (int i : new int[] {6, 13, 19}) {
      FileThen reuse = h.store.filesAtAndNow(DIR, instants.get(i)).stream()
          .filter(f -> f.then().path().equals("proj/budget.csv")).findFirst().orElseThrow();
      assertThat(reuse.now().id()).as("instant %d", i).isNotEqualTo(movedId);
      assertThat(reuse.deletedSince()).as("instant %d", i).isTrue();
      assertThat(reuse.then().hash()).isEqualTo(sha(i == 19 ? "budget again\n"
          : "a new budget\n"));
    }
    assertThat(h.store.changeSet(changeSet)).filteredOn(v -> v.path().equals("proj/budget.csv"))
        .extracting(VersionRecord::action, VersionRecord::hash).containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(Action.DELETE, null),
            org.assertj.core.groups.Tuple.tuple(Action.RENAME, sha("budget 2\n")),
            org.assertj.core.groups.Tuple.tuple(Action.MODIFY, sha("budget 1\n")));
    // one file's history throughout: created, its folder renamed, edited, then moved back by
    // the restore (a RENAME, not a new file) and given its old content
    List<VersionRecord> c = h.store.history("proj/sub/c.txt");
    assertThat(c.subList(0, 3)).extracting(VersionRecord::action).containsExactly(Action.CREATE,
        Action.RENAME, Action.MODIFY);
    List<VersionRecord> last = c.subList(c.size() - 2, c.size());
    assertThat(last).extracting(VersionRecord::action).containsExactly(Action.RENAME,
        Action.MODIFY);
    assertThat(last).allSatisfy(v -> {
      assertThat(v.path()).isEqualTo("proj/sub/c.txt");
      assertThat(v.changeSet()).isEqualTo(changeSet);
      assertThat(v.origin()).isEqualTo(Origin.CLI);
    });
    run(planner.undo(changeSet));
    assertThat(h.store.history("proj/sub2/c.txt")).extracting(VersionRecord::action)
        .endsWith(Action.RENAME, Action.MODIFY, Action.RENAME, Action.MODIFY);
    assertThat(tree.onDisk("restored")).isEqualTo(now.tree());
    // undone: the budget moved away again, the removed file's content back at its path
    assertThat(h.store.file("proj/budget-final.csv").orElseThrow().id()).isEqualTo(movedId);
    assertThat(h.store.history("proj/budget-final.csv")).extracting(VersionRecord::action)
        .endsWith(Action.RENAME, Action.MODIFY, Action.RENAME, Action.MODIFY);
    assertThat(h.store.history("proj/budget.csv")).extracting(VersionRecord::hash)
        .containsExactly(sha("budget again\n"));
  }

  @Test
  void the_web_lists_the_folder_then_and_restores_it_in_place_at_20_instants() throws Exception {
    Http viewer = h.loggedInAs("viewer");
    Http editor = h.loggedInAs("editor");
    MovingTree.Snapshot now = tree.snapshot();
    SortedMap<String, String> before = tree.onDisk("restored");
    for (int i = 0; i < instants.size(); i++) {
      Instant at = instants.get(i);
      MovingTree.Snapshot then = snapshots.get(i);
      JsonNode listing = Http.json(viewer.get("/api/files?dir=" + DIR + "/sub&at=" + at));
      for (JsonNode e : listing.get("entries")) {
        if (e.get("type").asText().equals("file")) {
          String path = e.get("path").asText();
          Integer id = then.ids().get(path);
          String nowPath = now.ids().entrySet().stream().filter(x -> x.getValue().equals(id))
              .map(Map.Entry::getKey).findFirst().orElse(null);
          assertThat(e.has("moved_to") ? e.get("moved_to").asText() : null)
              .as("moved_to of %s at %d", path, i)
              .isEqualTo(nowPath == null || nowPath.equals(path) ? null : nowPath);
          assertThat(e.get("deleted_since").asBoolean()).isEqualTo(nowPath == null);
        }
      }
      boolean exact = i % 2 == 1;
      Map<String, Object> ask = new LinkedHashMap<>();
      ask.put("dir", DIR);
      ask.put("at", at.toString());
      ask.put("exact", exact);
      HttpResponse<String> done = editor.post("/api/restore-folder", ask);
      assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
      assertThat(tree.onDisk("restored")).as("web restore at instant %d, exact %s", i, exact)
          .isEqualTo(MovingTree.restored(now, then, DIR, exact));
      JsonNode result = Http.json(done).get("result");
      if (result != null) {
        run(planner.undo(result.get("change_set").asText()));
      }
      assertThat(tree.onDisk("restored")).as("undo at instant %d", i).isEqualTo(before);
    }
  }

  /** Runs a plan as the CLI does; returns its change set (null when nothing changes). */
  private String run(RestorePlan plan) throws Exception {
    if (plan.changing().isEmpty()) {
      return null;
    }
    String changeSet = UUID.randomUUID().toString();
    new RestoreExecutor(writer, WAIT).execute(plan, "tester", changeSet, null);
    return changeSet;
  }

  private static String sha(String content) {
    return Sha256.of(content.getBytes(StandardCharsets.UTF_8));
  }

  private static SortedMap<String, String> under(SortedMap<String, String> all, String dir) {
    return MovingTree.under(all, dir);
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }
}
