package io.revkeep.core.model;

import java.time.Instant;

/** An advisory lock on a path ({@code [revisions] lockfiles = true}). */
public record Lock(String path, String owner, Instant expiry) {
  public boolean expiredAt(Instant now) {
    return !expiry.isAfter(now);
  }
}
