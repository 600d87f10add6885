package io.revkeep.core.write;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one call of {@link SharedFolderWriter#apply} does: its operations, in order, all under
 * one change set and one user.
 *
 * @param what how messages name the request ("the upload", "the restore")
 * @param user who writes: the web user, or the OS user of a CLI command
 * @param changeSet the id every version this request makes carries, or null for none (a
 *     single-file revert from the command line)
 * @param ops the operations, run in this order; paths must be distinct
 * @param awaitBefore how long to wait for the listener to record what stands at each target
 *     before writing; {@link Duration#ZERO} refuses at once if something is not recorded
 * @param awaitAfter how long to wait after writing until the listener has recorded every
 *     operation; {@link Duration#ZERO} returns as soon as the bytes are in place
 * @param progress told after each operation; may be null
 */
public record WriteRequest(String what, String user, String changeSet, List<WriteOp> ops,
    Duration awaitBefore, Duration awaitAfter, Progress progress) {

  /** Reports each operation as it is done (index from 1). */
  @FunctionalInterface
  public interface Progress {
    void done(int index, int total, WriteOp op);
  }

  public WriteRequest {
    Objects.requireNonNull(what, "what");
    Objects.requireNonNull(user, "user");
    ops = List.copyOf(ops);
    if (ops.isEmpty()) {
      throw new IllegalArgumentException("a write request needs at least one operation");
    }
    Objects.requireNonNull(awaitBefore, "awaitBefore");
    Objects.requireNonNull(awaitAfter, "awaitAfter");
    if (awaitBefore.isNegative() || awaitAfter.isNegative()) {
      throw new IllegalArgumentException("waits cannot be negative");
    }
  }

  /** The same request, reporting progress. */
  public WriteRequest withProgress(Progress p) {
    return new WriteRequest(what, user, changeSet, ops, awaitBefore, awaitAfter, p);
  }
}
