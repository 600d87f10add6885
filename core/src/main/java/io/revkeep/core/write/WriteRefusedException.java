package io.revkeep.core.write;

import java.util.Objects;

/**
 * The {@link SharedFolderWriter} did not do (all of) what was asked. The message is one line for
 * a person — what was wrong and what to do — and names no server path or class; the
 * {@link Reason} says what kind of refusal it is, so each front end maps it to its own answer (an
 * HTTP status, an exit code) without parsing the message.
 */
public final class WriteRefusedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a write was refused, in the order the writer's guards run. */
  public enum Reason {
    /** No running, healthy listener would record the write; nothing was changed. */
    LISTENER_DOWN,
    /** The path may not be written (escapes the root, a link, a folder, an ignored name…). */
    BAD_PATH,
    /** Someone else holds the path's lock ({@code [revisions] lockfiles = true}). */
    LOCKED,
    /** Something stands where a new folder was to be made; nothing was changed. */
    EXISTS,
    /** The bytes to write are not in the vault (retention removed them, or damage). */
    CONTENT_MISSING,
    /** What stands at a target was not recorded in time; nothing was written. */
    UNRECORDED,
    /** The bytes read back from the vault do not match their hash; nothing more was written. */
    DAMAGED,
    /** Written, but the listener did not record every write in time. */
    NOT_RECORDED,
    /** The waiting thread was interrupted. */
    INTERRUPTED
  }

  private final Reason reason;
  private final boolean partial;

  /**
   * @param partial true when some of the request's writes were already made (the message then
   *     says how many and the change set)
   */
  public WriteRefusedException(Reason reason, String message, boolean partial) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.partial = partial;
  }

  /** A refusal before anything was written. */
  public WriteRefusedException(Reason reason, String message) {
    this(reason, message, false);
  }

  public Reason reason() {
    return reason;
  }

  /** Whether some writes of the request were made before it stopped. */
  public boolean partial() {
    return partial;
  }
}
