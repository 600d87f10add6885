package io.revkeep.core.paths;

import io.revkeep.core.Printable;

/**
 * A path given by a user or a peer is not acceptable; the message says why. Nothing was done.
 * The message is one printable line: the names it quotes are escaped ({@link Printable}), since a
 * recorded name may hold a line feed or a terminal escape.
 */
public final class BadPathException extends Exception {
  public BadPathException(String message) {
    super(Printable.escape(message));
  }
}
