-- revkeep SQLite schema, version 3 (PRAGMA user_version = 3): point in time and change sets.
--
-- filesAt ("this folder as it was at T") finds candidates through versions_path_time (step 1)
-- and each file's newest version by T through the (file_id, version) key; changeSet (revert
-- --change-set) reads versions by their change-set id, which only multi-file operations set.
-- Deletion intents (a restore --exact removing files) are stored with hash '' (the column is
-- part of the key and NOT NULL).
CREATE INDEX versions_change_set ON versions (change_set) WHERE change_set IS NOT NULL;
