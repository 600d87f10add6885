package io.revkeep.core.restore;

import io.revkeep.core.restore.RestoreStep.Kind;
import io.revkeep.core.write.SharedFolderWriter;
import io.revkeep.core.write.WriteOp;
import io.revkeep.core.write.WriteRefusedException;
import io.revkeep.core.write.WriteRequest;
import io.revkeep.core.write.WriteResult;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs a {@link RestorePlan} as one {@link WriteRequest} of the {@link SharedFolderWriter}: each
 * changing step becomes a write of the version's bytes (or a removal), all under one change-set
 * id, so the listener records every step as a new version — history is never rewritten, and
 * the whole restore can be undone by its change-set id. The writer checks every target before
 * the first write (a refused restore changes nothing), waits until what stands on disk is
 * recorded, and waits after writing until the listener has recorded every step.
 *
 * <p>Stateless; one executor may run many plans, each on its caller's thread.
 */
public final class RestoreExecutor {

  /** Reports each step as it is done (index from 1). */
  @FunctionalInterface
  public interface Progress {
    void done(int index, int total, RestoreStep step);
  }

  /** What a run did. */
  public record Result(String changeSet, int written, int removed, int kept) {
    public Map<String, Object> asJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("change_set", changeSet);
      m.put("written", written);
      m.put("removed", removed);
      m.put("unchanged", kept);
      return m;
    }
  }

  private final SharedFolderWriter writer;
  private final Duration recordTimeout;

  /**
   * @param recordTimeout how long to wait for the listener, before writing (to record what is on
   *     disk) and after (to record the restore)
   */
  public RestoreExecutor(SharedFolderWriter writer, Duration recordTimeout) {
    this.writer = Objects.requireNonNull(writer, "writer");
    this.recordTimeout = Objects.requireNonNull(recordTimeout, "recordTimeout");
  }

  /**
   * Runs the plan (at least one changing step).
   *
   * @param changeSet the id every new version of this run carries
   * @throws WriteRefusedException when a check fails (nothing was written) or the listener did
   *     not record the run in time (the files were written; the message says so)
   */
  public Result execute(RestorePlan plan, String user, String changeSet, Progress progress)
      throws IOException {
    List<RestoreStep> steps = plan.changing();
    List<WriteOp> ops = new ArrayList<>(steps.size());
    for (RestoreStep s : steps) {
      ops.add(s.kind() == Kind.REMOVE ? new WriteOp.Remove(s.path())
          : new WriteOp.Put(s.path(), new WriteOp.FromVault(s.source().hash(),
              "version " + s.source().version() + " of " + s.source().path())));
    }
    WriteRequest.Progress report = progress == null ? null
        : (i, n, op) -> progress.done(i, n, steps.get(i - 1));
    WriteResult done = writer.apply(new WriteRequest("the restore", user, changeSet, ops,
        recordTimeout, recordTimeout, report));
    return new Result(changeSet, done.written(), done.removed(),
        plan.steps().size() - steps.size());
  }
}
