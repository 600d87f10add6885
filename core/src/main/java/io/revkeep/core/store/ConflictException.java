package io.revkeep.core.store;

/**
 * An optimistic-concurrency check failed: the record changed since it was read (its {@code rev}
 * or CAS differs), or a record that must not exist already does. Retry from a fresh read.
 */
public class ConflictException extends RuntimeException {
  public ConflictException(String message) {
    super(message);
  }
}
