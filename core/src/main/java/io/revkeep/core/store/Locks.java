package io.revkeep.core.store;

import io.revkeep.core.model.Lock;
import java.time.Instant;
import java.util.Optional;

/**
 * Advisory locks on paths with an expiry, shared by every process on the store. The caller says
 * what time it is ({@code now}), so a store never reads the clock. Thread-safe.
 */
public interface Locks {

  /**
   * Takes or renews the lock atomically: succeeds when the path is unlocked, its lock has expired
   * at {@code now}, or it is already held by the same owner. Returns the lock that holds the path
   * afterwards (the caller's on success, the other owner's on refusal).
   */
  Lock tryLock(Lock lock, Instant now);

  /** The lock on this path, if any and not expired at {@code now}. */
  Optional<Lock> lock(String path, Instant now);

  /** Releases the lock if this owner holds it; false otherwise. */
  boolean unlock(String path, String owner);
}
