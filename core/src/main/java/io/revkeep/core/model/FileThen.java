package io.revkeep.core.model;

import java.util.Objects;

/**
 * One file as it stood at an instant, and the same file today: the store follows a file's
 * identity across renames (its id), so {@code now} is where it went — at another path after a
 * rename or move, a tombstone where it was deleted. Folder restores move such a file back
 * instead of writing a copy, and {@code ls --at} says where it is now.
 *
 * @param then the version it had at the instant, carrying the path it had then
 * @param now its record today (live or deleted), at the path it has today
 */
public record FileThen(VersionRecord then, FileRecord now) {
  public FileThen {
    Objects.requireNonNull(then, "then");
    Objects.requireNonNull(now, "now");
  }

  /** Whether the file lives today at another path than it had then (renamed or moved since). */
  public boolean movedSince() {
    return !now.deleted() && !now.path().equals(then.path());
  }

  /** Whether the file is deleted today (wherever it was last). */
  public boolean deletedSince() {
    return now.deleted();
  }
}
