package io.revkeep.core.store;

import java.time.Instant;
import java.util.List;

/**
 * Pinned versions (schema step 2), whose bytes retention never removes. Thread-safe.
 *
 * <p>Pins are the only thing retention reads from the store besides versions: a pinned
 * version's bytes survive every policy. Retention itself never changes the store (a pruned
 * version keeps its row; only its bytes go), so these three methods are all it needs.
 */
public interface Pins {

  /**
   * Pins one version of the file at this path (following renames, as
   * {@link FileVersions#version}), or replaces the label and time of an existing pin.
   *
   * @return false when the file has no such version (nothing is pinned)
   */
  boolean pin(String path, int version, String label, Instant time);

  /** Removes the pin of one version; false if that version was not pinned. */
  boolean unpin(String path, int version);

  /** The pins of the file at this path, ordered by version; empty for an unknown path. */
  List<Pin> pins(String path);
}
