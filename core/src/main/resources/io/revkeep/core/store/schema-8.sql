-- revkeep SQLite schema, version 8 (PRAGMA user_version = 8): a reconcile's read from an index.
--
-- The listener's reconcile compares the disk with the store folder by folder
-- (FileVersions.forEachLiveFileStatIn): it reads the path, fs_size and fs_mtime of a folder's
-- direct live files. This index holds exactly those rows and columns, in path order within
-- their folder, so SQLite answers from the index alone (one range, no visit to the table per
-- file: SqliteFileStats). The sub-folders holding live files come from folder_sums (step 7).
CREATE INDEX files_live_stat ON files (dir, path, fs_size, fs_mtime)
  WHERE detached = 0 AND deleted = 0;
