package io.revkeep.core.restore;

import static io.revkeep.core.restore.Moments.time;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.FileThen;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.restore.RestoreStep.Kind;
import io.revkeep.core.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The plan for a folder as it was at a moment ({@link RestorePlanner#folderAt}). In place, a file
 * that stood in the tree then and lives elsewhere now (renamed, moved, its folder renamed) is the
 * same file — the store says which ({@link Store#filesAtAndNow}) — so it is moved back (MOVE),
 * never written as a second copy. Onto a path a deleted file's record holds (a path reused and
 * deleted since) it is simply moved, the rename detaching that record; onto a path where another
 * file lives now, that file is removed first (a DELETE recorded: its versions stay in its
 * history) and the step says so ({@link RestoreStep#replaces}). Only swapped files (a cycle,
 * {@link MoveChains}) get their old content written back instead, the file where it is now
 * being removed, so the tree holds it once either way. Into another folder ({@code --to}) every
 * file is written as a copy.
 */
final class FolderPlanner {
  private final Store store;
  private final Predicate<String> hasBytes;

  FolderPlanner(Store store, Predicate<String> hasBytes) {
    this.store = store;
    this.hasBytes = hasBytes;
  }

  RestorePlan plan(String dir, Instant at, String dest, boolean exact) {
    String prefix = dir.isEmpty() ? "" : dir + "/";
    boolean inPlace = dest == null;
    String targetDir = inPlace ? dir : dest;
    String targetPrefix = targetDir.isEmpty() ? "" : targetDir + "/";

    Map<String, FileThen> then = new TreeMap<>();
    for (FileThen f : store.filesAtAndNow(dir, at)) {
      then.put(targetPrefix + f.then().path().substring(prefix.length()), f);
    }
    Map<String, FileRecord> now = new HashMap<>();
    for (FileRecord r : store.files(targetDir, true, true)) {
      now.put(r.path(), r);
    }
    List<MoveChains.Wanted> wanted = new ArrayList<>();
    if (inPlace) {
      then.values().stream().filter(FileThen::movedSince)
          .forEach(f -> wanted.add(new MoveChains.Wanted(f.now().path(), f.then().path())));
    }
    Set<String> movable = MoveChains.movable(wanted, p -> Optional.ofNullable(now.get(p)), true);
    Set<String> vacated = new HashSet<>(); // paths a move of the plan empties before any write
    wanted.stream().filter(w -> movable.contains(w.to())).forEach(w -> vacated.add(w.from()));

    List<RestoreStep> steps = new ArrayList<>();
    Set<String> handled = new HashSet<>(then.keySet()); // paths a step of the loop below covers
    for (Map.Entry<String, FileThen> e : then.entrySet()) {
      String target = e.getKey();
      FileThen f = e.getValue();
      VersionRecord v = f.then();
      String was = "version " + v.version() + " of " + time(v.time());
      String moved = !(inPlace && f.movedSince()) ? null
          : Moments.movedSince(store.history(f.now().path()), v.version(), v.path(),
              f.now().path());
      if (moved != null && movable.contains(target)) {
        boolean rewrite = !v.hash().equals(f.now().hash());
        boolean bytes = !rewrite || hasBytes.test(v.hash());
        FileRecord standing = now.get(target);
        boolean replaces = standing != null && !standing.deleted() && !vacated.contains(target);
        String first = !replaces ? "" : target + " holds another file now (" + whence(standing, at)
            + "): it is removed first, its versions kept in its history; then ";
        steps.add(new RestoreStep(Kind.MOVE, target, v, f.now().version(), moved
            + ": " + first + "moved back" + (!rewrite ? "" : bytes ? ", and " + was
                + " written back (it changed since)" : "; the bytes of " + was + " were removed"
                + " by retention, so it keeps its content of now"), f.now().path(),
            rewrite && bytes, replaces));
        handled.add(f.now().path());
        continue;
      }
      RestoreStep step = contentStep(target, v,
          vacated.contains(target) ? null : now.get(target), dest, targetDir, moved);
      steps.add(step);
      if (moved != null && !then.containsKey(f.now().path())) {
        // the file itself, elsewhere now: once its content is back here it goes from there
        handled.add(f.now().path());
        steps.add(step.kind() == Kind.UNAVAILABLE
            ? new RestoreStep(Kind.LEAVE, f.now().path(), null, f.now().version(), "stood at "
                + target + " then; its old bytes are gone, so it stays here")
            : new RestoreStep(Kind.REMOVE, f.now().path(), null, f.now().version(), "stood at "
                + target + " then, which gets its content back as a copy: removed here; its"
                + " history keeps every version"));
      }
    }
    for (FileRecord r : now.values()) {
      if (r.deleted() || handled.contains(r.path())) {
        continue;
      }
      String since = "not there at " + time(at) + " (" + whence(r, at) + ")";
      steps.add(exact
          ? new RestoreStep(Kind.REMOVE, r.path(), null, r.version(),
              since + ": removed (--exact); its history keeps every version")
          : new RestoreStep(Kind.LEAVE, r.path(), null, r.version(),
              since + ": left in place (an exact restore would remove it)"));
    }
    steps.sort(Comparator.comparing(RestoreStep::path));
    String where = dir.isEmpty() ? "the shared folder" : dir;
    return new RestorePlan(where + " as of " + time(at)
        + (inPlace ? "" : ", into " + (targetDir.isEmpty() ? "the shared folder" : targetDir))
        + (exact ? ", exact" : ""), at, steps);
  }

  /**
   * The step that puts {@code v}'s content at {@code target}, whatever stands there now.
   *
   * @param moved how the file went elsewhere, when it did and cannot be moved back; else null
   */
  private RestoreStep contentStep(String target, VersionRecord v, FileRecord cur, String dest,
      String targetDir, String moved) {
    int curVersion = cur == null ? 0 : cur.version();
    String was = "version " + v.version() + " of " + time(v.time());
    String why = moved == null ? "" : moved + ", and " + target + (cur == null ? ""
        : cur.deleted() ? " keeps the record of another file, deleted since"
            : " holds another file now") + ": ";
    if (cur != null && !cur.deleted() && v.hash().equals(cur.hash())) {
      return new RestoreStep(Kind.KEEP, target, v, curVersion, why
          + "unchanged: it already holds " + was);
    }
    if (!hasBytes.test(v.hash())) {
      return new RestoreStep(Kind.UNAVAILABLE, target, v, curVersion, why + "the bytes of "
          + was + " were removed by retention; left as it is");
    }
    if (cur != null && !cur.deleted()) {
      return new RestoreStep(Kind.WRITE, target, v, curVersion, why + (moved != null ? ""
          : "modified since (now version " + cur.version() + " of " + time(cur.lastModified())
              + " by " + cur.lastModifiedUser() + "): ") + was + " is written back");
    }
    if (cur != null) {
      return new RestoreStep(Kind.RECREATE, target, v, curVersion, why + (moved != null ? ""
          : "deleted since (" + time(cur.lastModified()) + "): ") + was + " is recreated");
    }
    return new RestoreStep(Kind.RECREATE, target, v, 0, dest == null
        ? why + "not there now: " + was + " is recreated"
        : "new in " + (targetDir.isEmpty() ? "the shared folder" : targetDir) + ": " + was
            + " of " + v.path() + " is written");
  }

  /** Where a file that was not in the tree then came from: created since, or moved in. */
  private String whence(FileRecord r, Instant at) {
    List<VersionRecord> history = store.history(r.path());
    VersionRecord then = Moments.versionAt(history, at);
    if (then != null && then.hash() != null) {
      return "it was " + then.path() + " then; "
          + Moments.movedSince(history, then.version(), then.path(), r.path());
    }
    VersionRecord born = null;
    for (VersionRecord v : history) {
      if (v.time().isAfter(at) && v.action() == Action.CREATE && born == null) {
        born = v;
      }
    }
    if (born == null) {
      return "created or moved here " + time(r.created());
    }
    return "created " + time(born.time()) + (born.path().equals(r.path()) ? ""
        : " as " + born.path() + ", then " + Moments.movedSince(history, born.version(),
            born.path(), r.path()));
  }
}
