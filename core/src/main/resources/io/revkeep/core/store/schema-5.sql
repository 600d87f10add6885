-- revkeep SQLite schema, version 5 (PRAGMA user_version = 5): a rename onto a deleted file's path.
--
-- A RENAME may land on a path whose record is a tombstone (restore DIR --at T moving a file
-- back to a path that was reused after it left, FileVersions.record): the tombstone's record is
-- detached from the path. It keeps its id, path (where it stood last), versions, events and
-- pins, so whatever reads versions by file id or time (filesAt, filesAtAndNow, the event log,
-- changeSet) still finds it; but it is no longer the record AT the path: file(path), files(),
-- history(path) and version(path, n) read only records with detached = 0, and only those keep
-- their path unique (files_path). A detached record never changes again.
--
-- path loses its column UNIQUE, which SQLite can only drop by rebuilding the table: the
-- documented procedure (create, copy, drop, rename) with foreign keys off for the migration
-- (SqliteSchema.migrate turns them off around its transaction and checks them before the commit).
CREATE TABLE files_v5 (
  id                 INTEGER PRIMARY KEY,
  path               TEXT    NOT NULL,
  hash               TEXT,
  size               INTEGER NOT NULL,
  created            INTEGER NOT NULL,
  created_user       TEXT,
  last_modified      INTEGER NOT NULL,
  last_modified_user TEXT,
  version            INTEGER NOT NULL,
  deleted            INTEGER NOT NULL CHECK (deleted IN (0, 1)),
  fs_size            INTEGER NOT NULL,
  fs_mtime           INTEGER NOT NULL,
  rev                INTEGER NOT NULL,
  detached           INTEGER NOT NULL DEFAULT 0 CHECK (detached IN (0, 1) AND detached <= deleted)
);
INSERT INTO files_v5 (id, path, hash, size, created, created_user, last_modified,
  last_modified_user, version, deleted, fs_size, fs_mtime, rev, detached)
  SELECT id, path, hash, size, created, created_user, last_modified, last_modified_user,
    version, deleted, fs_size, fs_mtime, rev, 0 FROM files;
DROP TABLE files;
ALTER TABLE files_v5 RENAME TO files;
-- One record at a path: the attached one.
CREATE UNIQUE INDEX files_path ON files (path) WHERE detached = 0;
-- As in step 1 (dropped with the old table).
CREATE INDEX files_hash ON files (hash);
