package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.model.Action;
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
        // the old budget's path holds another file now: its content goes back as a copy
        .containsEntry("proj/budget.csv", "write")
        .containsEntry("proj/budget-final.csv", "remove")
        .containsEntry("proj/sub/e.txt", "leave")
        .containsEntry("proj/sub2/x.txt", "leave");
    assertThat(plan.steps()).filteredOn(s -> s.path().equals("proj/sub/c.txt")).singleElement()
        .satisfies(s -> assertThat(s.reason()).startsWith("moved to proj/sub2/c.txt ")
            .contains(" at ").contains("version 1 of").contains("written back"));
    assertThat(plan.steps()).filteredOn(s -> s.path().equals("proj/sub2/x.txt")).singleElement()
        .satisfies(s -> assertThat(s.reason()).contains("it was other/x.txt then"));
    String changeSet = run(plan);
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

  private static SortedMap<String, String> under(SortedMap<String, String> all, String dir) {
    return MovingTree.under(all, dir);
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }
}
