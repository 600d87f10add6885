package io.revkeep.web;

import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Refuses a write into the shared folder that no listener would record: the web's uploads and
 * restores land in the folder like any edit, and only a running listener turns them into
 * versions with the web user's name (the write intent expires). Reads the listener's status
 * file on every call (a small file; writes are rare next to reads). Stateless, thread-safe.
 */
final class ListenerGate {
  private final StatusBoard board;
  private final Clock clock;

  ListenerGate(Path data, Clock clock) {
    this.board = new StatusBoard(data);
    this.clock = clock;
  }

  /** Throws 503 unless a listener publishes a fresh, healthy status on this data folder. */
  void require(String what) {
    Optional<ServiceStatus> st = board.read("listener");
    if (st.isEmpty() || !st.get().aliveAt(clock.instant())) {
      throw new HttpError(503, "the listener is not running, so " + what + " would not be"
          + " recorded; nothing was changed — start it ('revkeep up' or the revkeep-listener"
          + " service) and try again");
    }
    if (!st.get().healthy()) {
      throw new HttpError(503, "the listener is unhealthy (see /api/health), so " + what
          + " might not be recorded; nothing was changed");
    }
  }
}
