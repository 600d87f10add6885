package io.revkeep.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * What the listener saw, handed to {@link io.revkeep.core.store.Store#record(Change)}.
 *
 * <p>For CREATE/MODIFY the store decides which of the two it is (and whether anything changed at
 * all) from its own record; the listener passes {@link Action#MODIFY} for "content is now this".
 *
 * @param action MODIFY (content now is hash/size), DELETE, or RENAME (from → path)
 * @param path path relative to the shared root
 * @param from previous path for RENAME, else null
 * @param hash SHA-256 hex of the content read; null for DELETE
 * @param fsSize size on disk when read (stat before the read)
 * @param fsMtime mtime on disk when read, epoch nanoseconds
 * @param user who made the change, as far as the listener knows (the file's owner)
 * @param origin FS for edits seen on disk; a pending write intent may override user and origin
 * @param location host and absolute path where the change was seen
 */
public record Change(
    Action action,
    String path,
    String from,
    String hash,
    long size,
    long fsSize,
    long fsMtime,
    Instant time,
    String user,
    Origin origin,
    String location) {

  public Change {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(origin, "origin");
    if (action != Action.DELETE) {
      Objects.requireNonNull(hash, "hash");
    }
    if (action == Action.RENAME) {
      Objects.requireNonNull(from, "from");
    }
  }

  public static Change content(String path, String hash, long size, long fsMtime, Instant time,
      String user, String location) {
    return new Change(Action.MODIFY, path, null, hash, size, size, fsMtime, time, user, Origin.FS,
        location);
  }

  public static Change delete(String path, Instant time, String user, String location) {
    return new Change(Action.DELETE, path, null, null, 0, 0, 0, time, user, Origin.FS, location);
  }

  public static Change rename(String from, String to, String hash, long size, long fsMtime,
      Instant time, String user, String location) {
    return new Change(Action.RENAME, to, from, hash, size, size, fsMtime, time, user, Origin.FS,
        location);
  }
}
