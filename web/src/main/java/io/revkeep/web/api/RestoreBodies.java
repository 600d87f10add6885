package io.revkeep.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.revkeep.core.restore.RestoreExecutor;
import io.revkeep.core.restore.RestorePlan;
import io.revkeep.core.restore.RestoreStep;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bodies of {@code POST /api/restore} (one version) and {@code POST /api/restore-folder}. */
public final class RestoreBodies {
  private RestoreBodies() {}

  /**
   * One version written back as a new one.
   *
   * @param version required
   * @param to where to write it (a path in the shared folder); null: over the file itself
   */
  public record RestoreRequest(String path, Integer version, String to) {}

  /**
   * What a single restore did.
   *
   * @param to the path written
   * @param unchanged true when {@code to} held that content already (nothing was written)
   * @param changeSet the change set of the write, to undo it ({@code POST /api/undo}); absent
   *     when nothing was written
   */
  public record RestoreAnswer(String path, int version, String to, boolean unchanged,
      @JsonInclude(JsonInclude.Include.NON_NULL) String changeSet) {
    public RestoreAnswer(String path, int version, String to, boolean unchanged) {
      this(path, version, to, unchanged, null);
    }
  }

  /**
   * A folder as it was at a moment.
   *
   * @param dir the folder ("" or null: the shared root)
   * @param at the moment, as {@link io.revkeep.core.time.TimeSpec} reads it; required
   * @param to another folder to restore into, or null
   * @param exact also remove the files that were not there then
   * @param dryRun only plan (the preview)
   */
  public record FolderRestoreRequest(String dir, String at, String to, Boolean exact,
      Boolean dryRun) {}

  /**
   * A folder restore's plan and, when it ran, its result.
   *
   * @param what one line: "docs as of …"
   * @param counts how many steps of each kind, every kind present
   * @param result absent for a dry run or a plan that changes nothing
   */
  public record FolderRestoreAnswer(String what, Instant at, Map<String, Integer> counts,
      List<PlanStep> steps, @JsonInclude(JsonInclude.Include.NON_NULL) RestoreResult result) {

    /** The plan, not run. */
    public static FolderRestoreAnswer planned(RestorePlan plan) {
      Map<String, Integer> counts = new LinkedHashMap<>();
      plan.counts().forEach((kind, n) -> counts.put(kind.wire(), n));
      return new FolderRestoreAnswer(plan.what(), plan.at(), counts,
          plan.steps().stream().map(PlanStep::of).toList(), null);
    }

    /** The same plan with what running it did. */
    public FolderRestoreAnswer ran(RestoreExecutor.Result done) {
      return new FolderRestoreAnswer(what, at, counts, steps, RestoreResult.of(done));
    }
  }

  /**
   * One path of a plan.
   *
   * @param action move, write, recreate, keep, leave, remove or unavailable
   * @param from a move's source: where the file is now (absent for other actions)
   * @param to a move's destination, the same as {@code path} (absent for other actions)
   * @param rewrite a move that also writes the content the file had then back (absent for
   *     other actions)
   * @param replaces a move onto a path where another file lives now: that file is removed first,
   *     its versions kept in its history (absent for other actions)
   * @param fromPath the path of the version written (null when none is)
   * @param currentVersion the version at the target now; null when nothing stands there
   * @param reason one line a user understands
   */
  public record PlanStep(String action, String path,
      @JsonInclude(JsonInclude.Include.NON_NULL) String from,
      @JsonInclude(JsonInclude.Include.NON_NULL) String to,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean rewrite,
      @JsonInclude(JsonInclude.Include.NON_NULL) Boolean replaces, String fromPath,
      Integer version, String hash, Long size, Integer currentVersion, String reason) {
    public static PlanStep of(RestoreStep s) {
      var from = s.source();
      boolean move = s.kind() == RestoreStep.Kind.MOVE;
      return new PlanStep(s.kind().wire(), s.path(), move ? s.from() : null,
          move ? s.path() : null, move ? s.rewrite() : null, move ? s.replaces() : null,
          from == null ? null : from.path(),
          from == null ? null : from.version(), from == null ? null : from.hash(),
          from == null ? null : from.size(), s.currentVersion() == 0 ? null : s.currentVersion(),
          s.reason());
    }
  }

  /**
   * What running a folder restore did.
   *
   * @param changeSet the id to undo it by ({@code revkeep revert --change-set})
   * @param moved files moved back (renamed or moved since)
   * @param unchanged steps left as they were (their content was there already)
   */
  public record RestoreResult(String changeSet, int moved, int written, int removed,
      int unchanged) {
    public static RestoreResult of(RestoreExecutor.Result r) {
      return new RestoreResult(r.changeSet(), r.moved(), r.written(), r.removed(), r.kept());
    }
  }
}
