package io.revkeep.core.store;

import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** What SQLite's error codes mean for revkeep, and the StoreException messages that say so. */
final class SqliteErrors {
  private SqliteErrors() {}

  /** An error of an operation on {@code file} as one clear StoreException. */
  static StoreException translate(Path file, String what, int busyTimeoutMs, SQLException e) {
    if (isBusy(e)) {
      return new StoreException(busyMessage(file, what, busyTimeoutMs), e);
    }
    return new StoreException(what + " failed on sqlite " + file + ": " + e.getMessage(), e);
  }

  static String busyMessage(Path file, String what, int busyTimeoutMs) {
    return what + " failed: sqlite " + file + " stayed locked by another connection or process"
        + " for more than " + busyTimeoutMs + " ms (SQLITE_BUSY); is another revkeep process"
        + " stuck in a long transaction?";
  }

  /** SQLITE_BUSY or SQLITE_LOCKED: another connection holds the lock. */
  static boolean isBusy(SQLException e) {
    int primary = resultCode(e) & 0xff;
    return primary == SQLiteErrorCode.SQLITE_BUSY.code
        || primary == SQLiteErrorCode.SQLITE_LOCKED.code;
  }

  /** SQLITE_NOTADB: the file exists but is not a SQLite database. */
  static boolean isNotADatabase(SQLException e) {
    return (resultCode(e) & 0xff) == SQLiteErrorCode.SQLITE_NOTADB.code;
  }

  private static int resultCode(SQLException e) {
    return e instanceof SQLiteException se ? se.getResultCode().code : e.getErrorCode();
  }
}
