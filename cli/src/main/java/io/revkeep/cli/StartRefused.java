package io.revkeep.cli;

import io.revkeep.core.store.StoreException;
import java.net.BindException;

/**
 * A service that cannot start for a reason the configuration can change — its port is taken, its
 * store refuses — said in one line naming the key to change, with no stack trace (the details go
 * to the log at debug). Exit status 1 ({@link Main#handle}).
 */
final class StartRefused extends RuntimeException {
  StartRefused(String message, Throwable cause) {
    super(message, cause);
  }

  /** A failure to listen on {@code address} as one line naming {@code key}; else {@code e}. */
  static Exception listening(Exception e, String what, String address, String key) {
    if (causedByBind(e)) {
      return new StartRefused("cannot start the " + what + " on " + address + ": the port is"
          + " already in use (another revkeep, or another program); set " + key
          + " to a free port (0 picks any)", e);
    }
    return e;
  }

  /** A store that does not open, naming where it is configured. */
  static StartRefused store(StoreException e, boolean sqlite) {
    return new StartRefused(e.getMessage() + (sqlite ? " (the database is in [paths] data)"
        : " (see the [store] section: connection, bucket, username, password)"), e);
  }

  private static boolean causedByBind(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException || t.getClass().getSimpleName().contains("BindException")
          || String.valueOf(t.getMessage()).contains("Address already in use")) {
        return true;
      }
    }
    return false;
  }
}
