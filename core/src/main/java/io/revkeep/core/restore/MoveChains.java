package io.revkeep.core.restore;

import io.revkeep.core.model.FileRecord;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which of the moves a plan would like to make can be made as moves. A file is moved back onto
 * a path where no file lives — no record, or a deleted file's tombstone, which the RENAME
 * detaches (FileVersions.record) — or where the file standing there is itself moved away first
 * (a chain: b goes to c, then a to b), or, when the plan may replace files, onto a path where
 * another file lives that no move takes away: that file is removed first (a DELETE recorded;
 * {@link RestoreStep#replaces}). A cycle (a and b swapped since) has no free start: its files
 * are written back as copies instead. {@link RestoreExecutor} makes the removals first, then the
 * moves of a chain in order, each round recorded before the next.
 */
final class MoveChains {
  private MoveChains() {}

  /** A move a plan would like to make: the file at {@code from} back to {@code to}. */
  record Wanted(String from, String to) {}

  /**
   * @param wanted the moves wanted, at most one per target and one per source
   * @param recordAt the record (live or deleted) at a path now
   * @param mayReplace whether a move may go onto a path where a file lives that no move of the
   *     plan takes away (it is removed first); false leaves such a move out
   * @return the targets of the moves that can be made as moves
   */
  static Set<String> movable(List<Wanted> wanted, Function<String, Optional<FileRecord>> recordAt,
      boolean mayReplace) {
    Map<String, Wanted> bySource = new HashMap<>();
    wanted.forEach(w -> bySource.put(w.from(), w));
    Map<String, Boolean> decided = new HashMap<>();
    for (Wanted w : wanted) {
      decide(w, bySource, recordAt, mayReplace, decided, new HashSet<>());
    }
    Set<String> out = new HashSet<>();
    decided.forEach((to, ok) -> {
      if (ok) {
        out.add(to);
      }
    });
    return out;
  }

  private static boolean decide(Wanted w, Map<String, Wanted> bySource,
      Function<String, Optional<FileRecord>> recordAt, boolean mayReplace,
      Map<String, Boolean> decided, Set<String> visiting) {
    Boolean known = decided.get(w.to());
    if (known != null) {
      return known;
    }
    if (!visiting.add(w.to())) {
      return false; // a cycle: no move of it can go first
    }
    Optional<FileRecord> there = recordAt.apply(w.to());
    boolean ok;
    if (there.isEmpty() || there.get().deleted()) {
      ok = true;
    } else {
      Wanted away = bySource.get(w.to());
      // a file that wants to move itself is never removed for another: a chain, or nothing
      ok = away == null ? mayReplace
          : decide(away, bySource, recordAt, mayReplace, decided, visiting);
    }
    decided.put(w.to(), ok);
    return ok;
  }
}
