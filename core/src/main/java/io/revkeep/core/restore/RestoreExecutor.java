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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Runs a {@link RestorePlan} through the {@link SharedFolderWriter}, all under one change-set
 * id, so the listener records every step as a new version — history is never rewritten, and
 * the whole restore can be undone by its change-set id. The writer checks every target of a
 * request before its first write (a refused request changes nothing), waits until what stands
 * on disk is recorded, and waits after writing until the listener has recorded every step.
 *
 * <p>A plan with moves runs as several requests: first one that removes every file standing
 * where a move goes ({@link RestoreStep#replaces}), recorded as deleted before anything moves —
 * so the listener sees the path's file deleted, then another file moved there, and never takes
 * the move for an edit of the file that stood there; then the moves, in rounds — a move onto a
 * path another move empties waits for that one to be recorded ({@link MoveChains}) — so that
 * the listener sees each as one rename and the file's history follows it; then one request
 * with every write and removal (the content a moved file had then included). A refusal in a
 * later request leaves the earlier ones done: the message says so and names the change set.
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
  public record Result(String changeSet, int written, int removed, int kept, int moved) {
    public Map<String, Object> asJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("change_set", changeSet);
      m.put("moved", moved);
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
   * @throws WriteRefusedException when a check fails (nothing was written, unless the message
   *     and {@link WriteRefusedException#partial()} say otherwise) or the listener did not
   *     record the run in time (the files were written; the message says so)
   */
  public Result execute(RestorePlan plan, String user, String changeSet, Progress progress)
      throws IOException {
    List<RestoreStep> changing = plan.changing();
    List<RestoreStep> clears = new ArrayList<>();
    for (RestoreStep s : changing) {
      if (s.kind() == Kind.MOVE && s.replaces()) {
        clears.add(new RestoreStep(Kind.REMOVE, s.path(), null, 0, "removed first: the file"
            + " moved back from " + s.from() + " stood here"));
      }
    }
    List<List<RestoreStep>> rounds = rounds(changing);
    List<List<RestoreStep>> requests = new ArrayList<>();
    if (!clears.isEmpty()) {
      requests.add(clears);
    }
    requests.addAll(rounds);
    int moved = rounds.stream().mapToInt(List::size).sum();
    List<RestoreStep> rest = new ArrayList<>();
    for (RestoreStep s : changing) {
      if (s.kind() != Kind.MOVE || s.rewrite()) {
        rest.add(s);
      }
    }
    if (!rest.isEmpty()) {
      requests.add(rest);
    }
    int total = requests.stream().mapToInt(List::size).sum();
    int done = 0;
    int written = 0;
    int removed = 0;
    for (int r = 0; r < requests.size(); r++) {
      List<RestoreStep> steps = requests.get(r);
      boolean clearing = r == 0 && !clears.isEmpty();
      boolean moves = !clearing && r < requests.size() - (rest.isEmpty() ? 0 : 1);
      List<WriteOp> ops = new ArrayList<>(steps.size());
      for (RestoreStep s : steps) {
        ops.add(moves ? new WriteOp.Move(s.from(), s.path()) : s.kind() == Kind.REMOVE
            ? new WriteOp.Remove(s.path())
            : new WriteOp.Put(s.path(), new WriteOp.FromVault(s.source().hash(),
                "version " + s.source().version() + " of " + s.source().path())));
      }
      int before = done;
      WriteRequest.Progress report = progress == null ? null
          : (i, n, op) -> progress.done(before + i, total, steps.get(i - 1));
      WriteResult result;
      try {
        result = writer.apply(new WriteRequest("the restore", user, changeSet, ops,
            recordTimeout, recordTimeout, report));
      } catch (WriteRefusedException e) {
        if (done == 0 || e.partial()) {
          throw e;
        }
        throw new WriteRefusedException(e.reason(), e.getMessage() + ", after " + done
            + " other steps of the restore were done (change set " + changeSet + ")", true);
      }
      done += steps.size();
      if (clearing) {
        removed += result.removed();
      } else if (!moves) {
        written = result.written();
        removed += result.removed();
      }
    }
    return new Result(changeSet, written, removed, plan.steps().size() - changing.size(), moved);
  }

  /** The moves in rounds: a move waits for the moves that empty its target. */
  static List<List<RestoreStep>> rounds(List<RestoreStep> steps) {
    List<RestoreStep> pending = new ArrayList<>();
    for (RestoreStep s : steps) {
      if (s.kind() == Kind.MOVE) {
        pending.add(s);
      }
    }
    List<List<RestoreStep>> rounds = new ArrayList<>();
    while (!pending.isEmpty()) {
      Set<String> stillOccupied = new HashSet<>();
      pending.forEach(s -> stillOccupied.add(s.from()));
      List<RestoreStep> round = pending.stream()
          .filter(s -> !stillOccupied.contains(s.path())).toList();
      if (round.isEmpty()) {
        throw new IllegalStateException("the moves of the plan form a cycle: " + pending);
      }
      rounds.add(round);
      pending.removeAll(round);
    }
    return rounds;
  }
}
