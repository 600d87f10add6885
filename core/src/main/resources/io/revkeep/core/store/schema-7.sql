-- revkeep SQLite schema, version 7 (PRAGMA user_version = 7): listings read O(children).
--
-- A listing (FolderContents: the web's /api/files) shows a folder's direct files and, for each
-- sub-folder, the sums of what lies beneath it. Without help that reads the whole subtree and
-- the whole event log; with these it reads the folder's direct entries only, whatever lies
-- below (SqliteFolderSums).
--
-- dir: the folder a row's path lies directly in ('' at the root), on files and on versions, so
-- that a folder's direct files, now and at an instant, are one index range. Paths are relative,
-- '/'-separated, without empty segments: rtrim(path, <its characters but '/'>) keeps everything
-- up to its last '/', and the second rtrim drops that '/' (SqliteFolderSums.parent is the same
-- in Java).
ALTER TABLE files ADD COLUMN dir TEXT NOT NULL DEFAULT '';
UPDATE files SET dir = rtrim(rtrim(path, replace(path, '/', '')), '/');
CREATE INDEX files_dir ON files (dir, path) WHERE detached = 0;
ALTER TABLE versions ADD COLUMN dir TEXT NOT NULL DEFAULT '';
UPDATE versions SET dir = rtrim(rtrim(path, replace(path, '/', '')), '/');
CREATE INDEX versions_dir_time ON versions (dir, time, file_id);

-- The sums of each folder that ever held a record, now: size and files of the live records
-- beneath it at any depth, records = the attached records beneath it (live or tombstones: a
-- folder whose records are all tombstones is listed with deleted files only), last_seq = the
-- newest event whose path or former path lies beneath it. Updated in the transaction that
-- writes the records (SqliteRecording, SqliteHistoryImport); a row is kept when its records
-- drop to 0 (its history and its place under its parent stay). Filled by SqliteFolderSums.rebuild
-- when a version-6 file is migrated.
CREATE TABLE folder_sums (
  path     TEXT    PRIMARY KEY,
  parent   TEXT    NOT NULL,
  size     INTEGER NOT NULL,
  files    INTEGER NOT NULL,
  records  INTEGER NOT NULL,
  last_seq INTEGER NOT NULL
) WITHOUT ROWID;
-- A folder's sub-folders.
CREATE INDEX folder_sums_parent ON folder_sums (parent, path);

-- A row per event beneath a folder (its path or former path), keyed by the event's time and
-- seq: the folder's size and files as the events beneath it keyed at or before the row leave
-- them, and the highest seq among those events. Its sums at an instant T are then the row with
-- the highest key by T, one key lookup, and its newest change by T that row's last_seq
-- (SqliteFolderSums.history). Rows are only appended, but for an event recorded with an
-- earlier time than rows already there (clocks of two processes), whose change those later
-- rows then take in too.
CREATE TABLE folder_sums_history (
  folder   TEXT    NOT NULL,
  time     INTEGER NOT NULL,
  seq      INTEGER NOT NULL,
  size     INTEGER NOT NULL,
  files    INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  PRIMARY KEY (folder, time, seq)
) WITHOUT ROWID;
