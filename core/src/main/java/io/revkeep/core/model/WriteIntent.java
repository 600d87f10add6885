package io.revkeep.core.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Announces, before the web or the CLI renames a file into the shared folder (or removes one from
 * it), who is writing which content there. When the listener records that path with that hash
 * before {@code expiry}, the version gets this user, origin and change set instead of the file
 * owner and {@code fs}.
 *
 * @param hash the content about to be written; null announces a deletion of the path
 */
public record WriteIntent(
    String path, String hash, String user, Origin origin, String changeSet, Instant expiry) {

  public WriteIntent {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(expiry, "expiry");
  }

  /** An intent to delete the file at {@code path}: its tombstone gets this user and change set. */
  public static WriteIntent deletion(String path, String user, Origin origin, String changeSet,
      Instant expiry) {
    return new WriteIntent(path, null, user, origin, changeSet, expiry);
  }

  /** True when this announces a deletion rather than content. */
  public boolean isDeletion() {
    return hash == null;
  }
}
