package io.revkeep.core.store;

/** The store could not do what was asked (unreachable, corrupt, I/O). The message says why. */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public StoreException(String message) {
    super(message);
  }
}
