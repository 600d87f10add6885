package io.revkeep.core.restore;

import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.restore.RestoreStep.Kind;
import io.revkeep.core.store.Store;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Works out, from the store alone, what putting a folder back as it was at a moment — or undoing
 * a change set — means for every path. Nothing is written here; {@link RestoreExecutor} runs the
 * plan. Both the CLI ({@code restore DIR --at}, {@code revert --change-set}) and the web use it,
 * so the preview a user sees is exactly what runs.
 */
public final class RestorePlanner {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private final Store store;
  private final Predicate<String> hasBytes;

  /**
   * @param hasBytes whether the vault still holds the content with this hash (retention may
   *     have removed old versions' bytes)
   */
  public RestorePlanner(Store store, Predicate<String> hasBytes) {
    this.store = Objects.requireNonNull(store, "store");
    this.hasBytes = Objects.requireNonNull(hasBytes, "hasBytes");
  }

  /**
   * The plan for putting {@code dir} back as it was at {@code at}.
   *
   * @param dir the folder restored ("" is the whole shared folder), normalized
   * @param dest where the tree is put: null puts it back in place, else this folder (normalized)
   * @param exact whether files under the target that did not exist at {@code at} are removed
   */
  public RestorePlan folderAt(String dir, Instant at, String dest, boolean exact) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(at, "at");
    String prefix = dir.isEmpty() ? "" : dir + "/";
    String targetDir = dest == null ? dir : dest;
    String targetPrefix = targetDir.isEmpty() ? "" : targetDir + "/";

    Map<String, VersionRecord> then = new TreeMap<>();
    for (VersionRecord v : store.filesAt(dir, at)) {
      then.put(targetPrefix + v.path().substring(prefix.length()), v);
    }
    Map<String, FileRecord> now = new HashMap<>();
    for (FileRecord r : store.files(targetDir, true, true)) {
      now.put(r.path(), r);
    }

    List<RestoreStep> steps = new ArrayList<>();
    for (Map.Entry<String, VersionRecord> e : then.entrySet()) {
      String target = e.getKey();
      VersionRecord v = e.getValue();
      FileRecord cur = now.get(target);
      int curVersion = cur == null ? 0 : cur.version();
      String was = "version " + v.version() + " of " + TIME.format(v.time());
      if (cur != null && !cur.deleted() && v.hash().equals(cur.hash())) {
        steps.add(new RestoreStep(Kind.KEEP, target, v, curVersion,
            "unchanged: it already holds " + was));
      } else if (!hasBytes.test(v.hash())) {
        steps.add(new RestoreStep(Kind.UNAVAILABLE, target, v, curVersion, "the bytes of " + was
            + " were removed by retention; left as it is"));
      } else if (cur != null && !cur.deleted()) {
        steps.add(new RestoreStep(Kind.WRITE, target, v, curVersion, "modified since (now"
            + " version " + cur.version() + " of " + TIME.format(cur.lastModified()) + " by "
            + cur.lastModifiedUser() + "): " + was + " is written back"));
      } else if (cur != null) {
        steps.add(new RestoreStep(Kind.RECREATE, target, v, curVersion, "deleted since ("
            + TIME.format(cur.lastModified()) + "): " + was + " is recreated"));
      } else {
        steps.add(new RestoreStep(Kind.RECREATE, target, v, 0, dest == null
            ? "not there now: " + was + " is recreated"
            : "new in " + (targetDir.isEmpty() ? "the shared folder" : targetDir) + ": " + was
                + " of " + v.path() + " is written"));
      }
    }
    for (FileRecord r : now.values()) {
      if (r.deleted() || then.containsKey(r.path())) {
        continue;
      }
      String since = "not there at " + TIME.format(at) + " (created or moved here "
          + TIME.format(r.created()) + ")";
      steps.add(exact
          ? new RestoreStep(Kind.REMOVE, r.path(), null, r.version(),
              since + ": removed (--exact); its history keeps every version")
          : new RestoreStep(Kind.LEAVE, r.path(), null, r.version(),
              since + ": left in place (an exact restore would remove it)"));
    }
    steps.sort(Comparator.comparing(RestoreStep::path));
    String where = dir.isEmpty() ? "the shared folder" : dir;
    return new RestorePlan(where + " as of " + TIME.format(at)
        + (dest == null ? "" : ", into " + (targetDir.isEmpty() ? "the shared folder" : targetDir))
        + (exact ? ", exact" : ""), at, steps);
  }

  /**
   * The plan that undoes a change set: every file it wrote gets the content it had just before
   * (or is removed again if the change set created it), every file it removed comes back. A
   * file changed again since the change set is left alone (its newer content is not the change
   * set's to take back).
   *
   * @throws IllegalArgumentException if no version carries that change-set id
   */
  public RestorePlan undo(String changeSetId) {
    List<VersionRecord> set = store.changeSet(changeSetId);
    if (set.isEmpty()) {
      throw new IllegalArgumentException("no change set '" + changeSetId + "' is recorded (see"
          + " the change_set column of 'revkeep history PATH --json')");
    }
    Map<String, VersionRecord> newestPerPath = new LinkedHashMap<>();
    for (VersionRecord v : set) {
      newestPerPath.merge(v.path(), v, (a, b) -> a.version() >= b.version() ? a : b);
    }
    List<RestoreStep> steps = new ArrayList<>();
    for (VersionRecord v : newestPerPath.values()) {
      FileRecord cur = store.file(v.path()).orElse(null);
      List<VersionRecord> history = cur == null ? List.of() : store.history(v.path());
      boolean same = cur != null && cur.version() == v.version() && history.size() >= v.version()
          && history.get(v.version() - 1).time().equals(v.time());
      if (!same) {
        steps.add(new RestoreStep(Kind.LEAVE, v.path(), null, cur == null ? 0 : cur.version(),
            "changed since the change set (now " + (cur == null ? "gone or moved"
                : "version " + cur.version()) + "): left alone"));
        continue;
      }
      VersionRecord before = v.version() > 1 ? history.get(v.version() - 2) : null;
      if (before == null || before.hash() == null) {
        steps.add(new RestoreStep(Kind.REMOVE, v.path(), null, cur.version(),
            "the change set created it: removed; its history keeps every version"));
      } else if (!hasBytes.test(before.hash())) {
        steps.add(new RestoreStep(Kind.UNAVAILABLE, v.path(), before, cur.version(),
            "the bytes of version " + before.version() + " were removed by retention; left as"
                + " it is"));
      } else if (v.hash() == null) {
        steps.add(new RestoreStep(Kind.RECREATE, v.path(), before, cur.version(),
            "the change set removed it: version " + before.version() + " is recreated"));
      } else {
        steps.add(new RestoreStep(Kind.WRITE, v.path(), before, cur.version(),
            "the change set wrote version " + v.version() + ": version " + before.version()
                + " is written back"));
      }
    }
    steps.sort(Comparator.comparing(RestoreStep::path));
    return new RestorePlan("undo of change set " + changeSetId, null, steps);
  }
}
