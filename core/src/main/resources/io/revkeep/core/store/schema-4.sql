-- revkeep SQLite schema, version 4 (PRAGMA user_version = 4): holes in the event log.
--
-- SQLite never leaves a seq without an event, but a store rebuilt from a backup keeps the seqs
-- of the store the backup followed (SqliteHistoryImport), and that one may have had holes (a
-- Couchbase writer that died after taking its seq) or events after the last one the backup
-- holds. Each row declares the seqs first..last holes: no event will ever have them
-- (EventLog.isHole), and the next event takes a seq after them.
CREATE TABLE holes (
  first INTEGER PRIMARY KEY,
  last  INTEGER NOT NULL CHECK (last >= first)
);
