package io.revkeep.core.model;

import java.time.Instant;

/**
 * The current state of one file (the original tool's file document).
 *
 * @param id stable identity; survives renames, so history follows the file
 * @param path path relative to the shared root, '/'-separated, no leading slash
 * @param hash SHA-256 (lower-case hex) of the newest version's content; null when deleted
 * @param size size in bytes of the newest content (0 when deleted)
 * @param version newest version number, 1-based, gap-free
 * @param deleted true when the newest version is a DELETE tombstone
 * @param fsSize size seen on disk when last read (reconcile fast path)
 * @param fsMtime modification time seen on disk when last read, epoch nanoseconds (fast path)
 * @param rev optimistic-concurrency counter, bumped on every update of this record
 */
public record FileRecord(
    long id,
    String path,
    String hash,
    long size,
    Instant created,
    String createdUser,
    Instant lastModified,
    String lastModifiedUser,
    int version,
    boolean deleted,
    long fsSize,
    long fsMtime,
    long rev) {

  /** The last path segment. */
  public String name() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }
}
