package io.revkeep.backup;

import java.time.Instant;
import java.util.Objects;

/**
 * A backup copy retention removed, as the record keeps it ({@link BackupRecord}). Written before
 * the copy is deleted, so a copy is never gone without its reason; a removal recorded for a copy
 * that a crash left in place is recorded again by the next prune (the reader keeps one per seq).
 *
 * @param seq the seq of the version whose copy was removed (its {@link RecordedVersion})
 * @param path the path the file had at that version
 * @param version the version number
 * @param hash SHA-256 hex of the removed bytes
 * @param copy the removed copy's name relative to the backup root
 * @param removedAt when retention removed it
 * @param policy the retention policy in force, in one line (e.g. {@code keep the newest 2
 *     versions of each file})
 * @param reason why this version went, in one line
 */
public record RecordedRemoval(long seq, String path, int version, String hash, String copy,
    Instant removedAt, String policy, String reason) {

  public RecordedRemoval {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(hash, "hash");
    Objects.requireNonNull(copy, "copy");
    Objects.requireNonNull(removedAt, "removedAt");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public String toString() {
    return path + " v" + version + " (seq " + seq + ") removed at " + removedAt + ": " + reason;
  }
}
