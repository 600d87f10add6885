package io.revkeep.core.model;

/** What happened to a file; the {@code action} of versions and events. */
public enum Action {
  /** A path that had no live record now holds content. */
  CREATE,
  /** A live file's content changed (its hash differs from the last version). */
  MODIFY,
  /** A live file disappeared; its version is a tombstone with no hash. */
  DELETE,
  /** A live file moved to a path that had no record; its history follows it. */
  RENAME
}
