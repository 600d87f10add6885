package io.revkeep.core.restore;

/**
 * A restore that could not be done, with a message for the user. {@link #partial()} tells
 * whether some files were already written (the message then says how far it got).
 */
public final class RestoreRefusedException extends RuntimeException {
  private final boolean partial;

  public RestoreRefusedException(String message, boolean partial) {
    super(message, null, false, false);
    this.partial = partial;
  }

  /** Whether the shared folder was changed before the failure. */
  public boolean partial() {
    return partial;
  }
}
