package io.revkeep.listener;

import java.nio.file.Path;

/** What the watch thread tells the settler. Absolute paths. */
sealed interface Signal {

  /** Something happened at this path (created, modified, deleted, or the folder vanished). */
  record Touched(Path path) implements Signal {}

  /** Events under this folder may have been lost: walk it and compare with the store. */
  record Rescan(Path dir) implements Signal {}
}
