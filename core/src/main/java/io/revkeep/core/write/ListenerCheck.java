package io.revkeep.core.write;

import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The first guard of every write into the shared folder: a write that no listener would record
 * is not made. Only a running listener turns a write into a version (the write intent that
 * names its user expires), so a listener must publish a fresh, healthy status on the data
 * folder. Reads the status file on every call (small; writes are rare). Thread-safe.
 */
@FunctionalInterface
public interface ListenerCheck {

  /**
   * Throws {@link WriteRefusedException} ({@link WriteRefusedException.Reason#LISTENER_DOWN})
   * unless a healthy listener runs.
   *
   * @param what how the message names what would not be recorded ("the upload")
   */
  void require(String what);

  /** The check against the listener's status file in {@code <data>/status/}. */
  static ListenerCheck statusBoard(Path dataDir, Clock clock) {
    StatusBoard board = new StatusBoard(dataDir);
    return what -> {
      Optional<ServiceStatus> st = board.read("listener");
      if (st.isEmpty() || !st.get().aliveAt(clock.instant())) {
        throw new WriteRefusedException(WriteRefusedException.Reason.LISTENER_DOWN,
            "the listener is not running: start it with 'revkeep up' (or the revkeep-listener"
                + " service); nothing was changed, since " + what + " would not be recorded");
      }
      if (!st.get().healthy()) {
        throw new WriteRefusedException(WriteRefusedException.Reason.LISTENER_DOWN,
            "the listener is running but unhealthy" + stoppedParts(st.get())
                + " (see 'revkeep status' or /api/health); nothing was changed, since " + what
                + " might not be recorded");
      }
    };
  }

  /**
   * Which of the listener's threads its status says have stopped (its details
   * {@code watcher_alive}, {@code settler_alive}), as ": its watch thread has stopped", or
   * nothing: the one thing an operator needs to know first, without the status at hand.
   */
  private static String stoppedParts(ServiceStatus st) {
    StringBuilder parts = new StringBuilder();
    if (Boolean.FALSE.equals(st.details().get("watcher_alive"))) {
      parts.append("watch");
    }
    if (Boolean.FALSE.equals(st.details().get("settler_alive"))) {
      parts.append(parts.isEmpty() ? "" : " and ").append("settle");
    }
    return parts.isEmpty() ? "" : ": its " + parts + " thread"
        + (parts.indexOf(" and ") >= 0 ? "s have" : " has") + " stopped";
  }
}
