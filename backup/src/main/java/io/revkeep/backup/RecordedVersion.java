package io.revkeep.backup;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.Origin;
import java.time.Instant;
import java.util.Objects;

/**
 * One event the backup handled, as its record keeps it ({@link BackupRecord}): the version the
 * event made and where its copy is. Every field of the event is here, so the record alone is the
 * history.
 *
 * @param seq the event's seq, unique in the record (the record's key)
 * @param path the path the file had at this version, relative to the shared root
 * @param version the version number, 1-based per file
 * @param hash SHA-256 hex of the content; null for a DELETE
 * @param size the content's size in bytes (0 for a DELETE)
 * @param time when the version was recorded
 * @param user who made it, or null
 * @param origin where it came from; null when not known (a listener that did not send it)
 * @param action what happened
 * @param from the old path of a RENAME, else null
 * @param changeSet the id shared by the versions of one multi-file operation, or null
 * @param location where the listener saw it (host:folder), or null
 * @param copy the copy's name relative to the backup root ({@code /} between folders); null for
 *     a DELETE, and when the bytes were gone (retention removed them before the backup copied
 *     them)
 */
public record RecordedVersion(long seq, String path, int version, String hash, long size,
    Instant time, String user, Origin origin, Action action, String from, String changeSet,
    String location, String copy) {

  public RecordedVersion {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(action, "action");
  }

  /** The entry for an event handled with its copy at {@code copy} (null: none). */
  static RecordedVersion of(Event e, String copy) {
    return new RecordedVersion(e.seq(), e.name(), e.version(), e.hash(), e.size(), e.time(),
        e.user(), e.origin(), e.action(), e.from(), e.changeSet(), e.location(), copy);
  }

  @Override
  public String toString() {
    return path + " v" + version + " (seq " + seq + ")";
  }
}
