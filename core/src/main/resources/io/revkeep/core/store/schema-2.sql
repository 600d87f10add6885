-- revkeep SQLite schema, version 2 (PRAGMA user_version = 2): pinned versions.
--
-- A pin keeps one version's bytes through every retention policy (backup copy and vault
-- object). Keyed by the file's id, like versions, so a pin follows the file through renames.
-- Retention never deletes rows of versions; a pin only protects their bytes.
CREATE TABLE pins (
  file_id INTEGER NOT NULL REFERENCES files (id),
  version INTEGER NOT NULL,
  label   TEXT    NOT NULL,
  time    INTEGER NOT NULL,
  PRIMARY KEY (file_id, version)
) WITHOUT ROWID;
