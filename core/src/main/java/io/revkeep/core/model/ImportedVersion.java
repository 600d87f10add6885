package io.revkeep.core.model;

import io.revkeep.core.Printable;
import java.time.Instant;
import java.util.Objects;

/**
 * One version as it was originally recorded, with the event that announced it: what a
 * {@link io.revkeep.core.store.HistoryImport} puts back into an empty store when revkeep is
 * rebuilt from its backup ({@code revkeep recover --from-backup}).
 *
 * <p>The fields are those of the {@link Event} and of the {@link VersionRecord} together. This
 * record only refuses missing required fields; whether the version may follow what the store
 * holds (its seq, its version number, a rename's source) is the import's check.
 *
 * @param seq the event's seq in the original store (1, 2, 3…; gaps are holes)
 * @param action what happened
 * @param path the path the file had when the version was recorded (the event's name)
 * @param from the previous path of a RENAME, else null
 * @param version the file's version number (1-based, gap-free per file)
 * @param hash SHA-256 hex of the content; null for a DELETE tombstone
 * @param size the content's size in bytes (0 for a DELETE)
 * @param time when it was recorded
 * @param user who made it (the version's user, after any write intent)
 * @param origin where it came from
 * @param changeSet the id shared by the versions of one multi-file operation, or null
 * @param location where the listener saw it (host and absolute path), or null
 */
public record ImportedVersion(
    long seq,
    Action action,
    String path,
    String from,
    int version,
    String hash,
    long size,
    Instant time,
    String user,
    Origin origin,
    String changeSet,
    String location) {

  public ImportedVersion {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(origin, "origin");
  }

  /** The version as {@link io.revkeep.core.store.FileVersions#history} lists it. */
  public VersionRecord asVersionRecord() {
    return new VersionRecord(path, version, hash, size, time, user, origin, action, changeSet);
  }

  /** A short description for messages: seq, action, path(s) (printable) and version. */
  public String describe() {
    return "seq " + seq + " (" + action + " "
        + (from == null ? "" : Printable.escape(from) + " -> ") + Printable.escape(path)
        + ", version " + version + ")";
  }
}
