-- revkeep SQLite schema, version 1 (PRAGMA user_version = 1).
--
-- Applied by SqliteSchema inside one BEGIN IMMEDIATE transaction together with the
-- user_version bump. Statements are separated by a ';' at the end of a line; keep
-- semicolons out of the middle of lines (no triggers). Never edit a released step:
-- add schema-2.sql and list it in SqliteSchema.MIGRATIONS.
--
-- Conventions: times are epoch milliseconds (INTEGER), except fs_mtime, which keeps the
-- listener's value as given (epoch nanoseconds, compared only for equality); enums as their wire
-- names (origin 'fs'/'web'/'cli', role 'admin'/'editor'/'viewer', action upper-case
-- 'CREATE'/'MODIFY'/'DELETE'/'RENAME'); hashes are lower-case SHA-256 hex.

-- The current state of each file. id is the file's identity: it survives renames (a RENAME
-- updates path in place), so versions keyed by file_id follow the file. One row per path,
-- live or deleted; a deleted row keeps its id so that re-creating the path continues its
-- history. rev is the optimistic-concurrency counter, bumped on every update.
CREATE TABLE files (
  id                 INTEGER PRIMARY KEY,
  path               TEXT    NOT NULL UNIQUE,
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
  rev                INTEGER NOT NULL
);
-- liveFilesWithHash (rename detection) and, later, retention (is this vault object still used?).
CREATE INDEX files_hash ON files (hash);

-- Every version of every file, gap-free per file_id. path is the path the file had when the
-- version was recorded (history shows renames).
CREATE TABLE versions (
  file_id    INTEGER NOT NULL REFERENCES files (id),
  version    INTEGER NOT NULL,
  path       TEXT    NOT NULL,
  hash       TEXT,
  size       INTEGER NOT NULL,
  time       INTEGER NOT NULL,
  user       TEXT,
  origin     TEXT    NOT NULL,
  action     TEXT    NOT NULL,
  change_set TEXT,
  PRIMARY KEY (file_id, version)
) WITHOUT ROWID;
-- Point-in-time queries ("this folder as it was at T") and retention by hash.
CREATE INDEX versions_path_time ON versions (path, time);
CREATE INDEX versions_hash ON versions (hash);

-- The event log. seq is assigned as max(seq)+1 inside the recording write transaction, so it
-- is strictly increasing and gap-free: a rolled-back transaction leaves no trace.
CREATE TABLE events (
  seq       INTEGER PRIMARY KEY,
  action    TEXT    NOT NULL,
  name      TEXT    NOT NULL,
  from_name TEXT,
  location  TEXT,
  version   INTEGER NOT NULL,
  hash      TEXT,
  size      INTEGER NOT NULL,
  time      INTEGER NOT NULL,
  user      TEXT
);

CREATE TABLE users (
  name          TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE locks (
  path   TEXT PRIMARY KEY,
  owner  TEXT    NOT NULL,
  expiry INTEGER NOT NULL
) WITHOUT ROWID;

-- Pending write intents of the web and the CLI; consumed by the record() that matches them.
CREATE TABLE intents (
  path       TEXT    NOT NULL,
  hash       TEXT    NOT NULL,
  user       TEXT,
  origin     TEXT    NOT NULL,
  change_set TEXT,
  expiry     INTEGER NOT NULL,
  PRIMARY KEY (path, hash)
) WITHOUT ROWID;
CREATE INDEX intents_expiry ON intents (expiry);
