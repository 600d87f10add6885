package io.revkeep.core.paths;

/** A path given by a user or a peer is not acceptable; the message says why. Nothing was done. */
public final class BadPathException extends Exception {
  public BadPathException(String message) {
    super(message);
  }
}
