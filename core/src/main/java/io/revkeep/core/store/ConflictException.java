package io.revkeep.core.store;

/**
 * An optimistic-concurrency check failed: the record changed since it was read (its {@code rev}
 * or CAS differs), or a record that must not exist already does. Retry from a fresh read.
 *
 * <p>Not a {@link StoreException}: a conflict says the store answered and refused this change as
 * things stand, not that the store is unavailable, so a caller handles the two apart and never
 * depends on the order of its catch clauses to tell them apart.
 */
public class ConflictException extends RuntimeException {
  public ConflictException(String message) {
    super(message);
  }
}
