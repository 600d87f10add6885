package io.revkeep.core.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A pinned version: retention never removes its bytes (backup copy or vault object).
 *
 * @param version the pinned version of the file
 * @param label why it is kept, as the user gave it (e.g. "signed contract")
 * @param time when it was pinned (or relabelled)
 */
public record Pin(int version, String label, Instant time) {
  public Pin {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(time, "time");
  }
}
