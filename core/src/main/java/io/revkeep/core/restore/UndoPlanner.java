package io.revkeep.core.restore;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.FileThen;
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
 *
 * <p>A file the change set removed whose path a moved file then took (a folder restore that
 * removed the file standing where a file was moved back, {@link RestoreStep#replaces}) is no
 * longer the record at its path: the rename detached it (FileVersions.record). It is found as
 * the file that stood at its path just before its removal ({@link Store#filesAtAndNow}), and
 * recreated there from that version once the moved file has moved away again — as a new file:
 * a detached record never comes back to a path.
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

  /** A file the change set removed and whose path a rename took since: what it was before. */
  private record Detached(String path, VersionRecord before) {}

  RestorePlan plan(String changeSetId) {
    List<VersionRecord> set = store.changeSet(changeSetId);
    if (set.isEmpty()) {
      throw new IllegalArgumentException("no change set '" + changeSetId + "' is recorded (see"
          + " the change_set column of 'revkeep history PATH --json')");
    }
    Map<Long, Touched> files = new LinkedHashMap<>();
    List<RestoreStep> steps = new ArrayList<>();
    Set<String> leftAlone = new HashSet<>();
    List<Detached> detached = new ArrayList<>();
    for (VersionRecord v : set) {
      FileRecord cur = store.file(v.path()).orElse(null);
      List<VersionRecord> history = cur == null ? List.of() : store.history(v.path());
      boolean same = cur != null && history.size() >= v.version()
          && history.get(v.version() - 1).time().equals(v.time())
          && history.get(v.version() - 1).path().equals(v.path());
      VersionRecord removed = same ? null : removedThenDetached(v, cur);
      if (removed != null) {
        detached.add(new Detached(v.path(), removed));
        continue;
      }
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
    Set<String> movable = MoveChains.movable(wanted, store::file, false);
    Set<String> movedAway = new HashSet<>(); // paths a move of this plan empties
    for (Map.Entry<String, Touched> e : wantMove.entrySet()) {
      if (movable.contains(e.getKey())) {
        movedAway.add(e.getValue().now().path());
      }
    }
    for (Detached d : detached) {
      Optional<FileRecord> there = store.file(d.path());
      if (there.isPresent() && !there.get().deleted() && !movedAway.contains(d.path())) {
        steps.add(new RestoreStep(Kind.LEAVE, d.path(), null, there.get().version(), "the"
            + " change set removed the file that was here, and " + d.path() + " holds another"
            + " file now: left alone"));
        continue;
      }
      RestoreStep back = content(d.before(), null, d.path());
      steps.add(back.kind() != Kind.RECREATE ? back : new RestoreStep(Kind.RECREATE,
          d.path(), d.before(), 0, "the change set removed it" + (there.isPresent()
              && !there.get().deleted() ? " to move another file here, which goes back" : "")
              + ": version " + d.before().version() + " is recreated (as a new file: its"
              + " history stays with its old record)"));
    }
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

  /**
   * For a DELETE of the change set whose file is no longer the record at its path ({@code cur},
   * or none): the version that file had just before, when a rename detached it since — the
   * store then still gives it, deleted at that version, as the file that stood at the path an
   * instant before the removal. Null for any other version.
   */
  private VersionRecord removedThenDetached(VersionRecord v, FileRecord cur) {
    if (v.action() != Action.DELETE || v.version() < 2) {
      return null;
    }
    int slash = v.path().lastIndexOf('/');
    String dir = slash < 0 ? "" : v.path().substring(0, slash);
    for (FileThen f : store.filesAtAndNow(dir, v.time().minusMillis(1))) {
      FileRecord it = f.now();
      if (f.then().path().equals(v.path()) && f.then().version() == v.version() - 1
          && it.deleted() && it.version() == v.version() && it.lastModified().equals(v.time())
          && (cur == null || cur.id() != it.id())) {
        return f.then();
      }
    }
    return null;
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
