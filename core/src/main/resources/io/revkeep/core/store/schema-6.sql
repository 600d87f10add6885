-- revkeep SQLite schema, version 6 (PRAGMA user_version = 6): the web's sessions.
--
-- One row per logged-in web session, so that a restart of the web keeps everyone logged in
-- and several web servers on one store accept each other's sessions (WebSessions). id_hash is
-- the SHA-256 (lower-case hex) of the cookie's value: the cookie itself is never stored. No
-- foreign key to users: the web checks the user on every request, and removes a removed
-- user's sessions itself. Times are epoch milliseconds.
CREATE TABLE web_sessions (
  id_hash   TEXT    PRIMARY KEY,
  user      TEXT    NOT NULL,
  csrf      TEXT    NOT NULL,
  created   INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
) WITHOUT ROWID;
-- Ending one user's sessions (logout everywhere, a removed user, a new password).
CREATE INDEX web_sessions_user ON web_sessions (user);
-- The sweep of idle sessions.
CREATE INDEX web_sessions_last_seen ON web_sessions (last_seen);
