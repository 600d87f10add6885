package io.revkeep.core.restore;

import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.restore.RestoreStep.Kind;
import io.revkeep.core.store.Store;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The plan that undoes a change set ({@link RestorePlanner#undo}). Its versions are grouped by
 * file — a file the change set moved has versions at two paths, and its history (which follows
 * it across renames) says which — and each file goes back to how it stood just before the
 * change set's first version of it: to its path then (moved back), with its content then
 * (written back), or removed when the change set created it, or recreated when it removed it.
 * A file changed again since is left alone: its newer state is not the change set's to take
 * back.
 */
final class UndoPlanner {
  private final Store store;
  private final Predicate<String> hasBytes;

  UndoPlanner(Store store, Predicate<String> hasBytes) {
    this.store = store;
    this.hasBytes = hasBytes;
  }

  /** One file the change set touched: its record and history now, its versions in the set. */
  private record Touched(FileRecord now, List<VersionRecord> history, int first, int last) {}

  RestorePlan plan(String changeSetId) {
    List<VersionRecord> set = store.changeSet(changeSetId);
    if (set.isEmpty()) {
      throw new IllegalArgumentException("no change set '" + changeSetId + "' is recorded (see"
          + " the change_set column of 'revkeep history PATH --json')");
    }
    Map<Long, Touched> files = new LinkedHashMap<>();
    List<RestoreStep> steps = new ArrayList<>();
    Set<String> leftAlone = new HashSet<>();
    for (VersionRecord v : set) {
      FileRecord cur = store.file(v.path()).orElse(null);
      List<VersionRecord> history = cur == null ? List.of() : store.history(v.path());
      boolean same = cur != null && history.size() >= v.version()
          && history.get(v.version() - 1).time().equals(v.time())
          && history.get(v.version() - 1).path().equals(v.path());
      if (!same) {
        if (leftAlone.add(v.path())) {
          steps.add(new RestoreStep(Kind.LEAVE, v.path(), null, cur == null ? 0 : cur.version(),
              "changed since the change set (now " + (cur == null ? "gone or moved"
                  : "another file or version " + cur.version()) + "): left alone"));
        }
        continue;
      }
      files.merge(cur.id(), new Touched(cur, history, v.version(), v.version()),
          (a, b) -> new Touched(a.now(), a.history(), Math.min(a.first(), b.first()),
              Math.max(a.last(), b.last())));
    }
    Map<String, Touched> wantMove = new LinkedHashMap<>();
    List<MoveChains.Wanted> wanted = new ArrayList<>();
    for (Touched t : files.values()) {
      FileRecord cur = t.now();
      VersionRecord before = t.first() > 1 ? t.history().get(t.first() - 2) : null;
      if (cur.version() != t.last()) {
        steps.add(new RestoreStep(Kind.LEAVE, cur.path(), null, cur.version(), "changed since"
            + " the change set (now version " + cur.version() + "): left alone"));
      } else if (before == null || before.hash() == null) {
        if (!cur.deleted()) {
          steps.add(new RestoreStep(Kind.REMOVE, cur.path(), null, cur.version(),
              "the change set created it: removed; its history keeps every version"));
        }
      } else if (!cur.deleted() && !before.path().equals(cur.path())) {
        wantMove.put(before.path(), t);
        wanted.add(new MoveChains.Wanted(cur.path(), before.path()));
      } else {
        steps.add(content(before, cur, before.path()));
      }
    }
    Set<String> movable = MoveChains.movable(wanted, store::file);
    for (Map.Entry<String, Touched> e : wantMove.entrySet()) {
      String to = e.getKey();
      FileRecord cur = e.getValue().now();
      VersionRecord before = e.getValue().history().get(e.getValue().first() - 2);
      String moved = "the change set moved it from " + to;
      if (movable.contains(to)) {
        boolean rewrite = !before.hash().equals(cur.hash());
        boolean bytes = !rewrite || hasBytes.test(before.hash());
        steps.add(new RestoreStep(Kind.MOVE, to, before, cur.version(), moved + ": moved back"
            + (!rewrite ? "" : bytes ? ", with version " + before.version() + " written back"
                : "; the bytes of version " + before.version() + " were removed by retention"),
            cur.path(), rewrite && bytes));
        continue;
      }
      Optional<FileRecord> there = store.file(to);
      if (there.isPresent() && !there.get().deleted()) {
        steps.add(new RestoreStep(Kind.LEAVE, cur.path(), null, cur.version(), moved + ", but "
            + to + " holds another file now: left alone"));
        continue;
      }
      RestoreStep back = content(before, there.orElse(null), to);
      steps.add(back);
      if (back.kind() != Kind.UNAVAILABLE) {
        steps.add(new RestoreStep(Kind.REMOVE, cur.path(), null, cur.version(), moved
            + ", whose record belongs to another file now: its content is written back there"
            + " and it is removed here"));
      }
    }
    steps.sort(Comparator.comparing(RestoreStep::path));
    return new RestorePlan("undo of change set " + changeSetId, null, steps);
  }

  /** Puts {@code before}'s content at {@code path}, where {@code cur} stands (or nothing). */
  private RestoreStep content(VersionRecord before, FileRecord cur, String path) {
    int curVersion = cur == null ? 0 : cur.version();
    if (cur != null && !cur.deleted() && before.hash().equals(cur.hash())) {
      return new RestoreStep(Kind.KEEP, path, before, curVersion, "it holds version "
          + before.version() + "'s content already");
    }
    if (!hasBytes.test(before.hash())) {
      return new RestoreStep(Kind.UNAVAILABLE, path, before, curVersion, "the bytes of version "
          + before.version() + " were removed by retention; left as it is");
    }
    if (cur == null || cur.deleted()) {
      return new RestoreStep(Kind.RECREATE, path, before, curVersion, "the change set removed"
          + " it: version " + before.version() + " is recreated");
    }
    return new RestoreStep(Kind.WRITE, path, before, curVersion, "the change set wrote version "
        + cur.version() + ": version " + before.version() + " is written back");
  }
}
