package io.revkeep.web;

import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.write.ListenerCheck;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The web's first guard of a write (see {@link ListenerCheck}), patient at start-up: an upload
 * or a restore that arrives while the listener is still starting waits for it, bounded, instead
 * of failing at once with 503. "Still starting" is: no listener has published a fresh status yet
 * and the web itself started less than {@link Tuning#startWindow} ago ({@code revkeep up} starts
 * the listener and the web together; systemd may start the web first), or the listener's status
 * says it is starting and not yet healthy; and a listener whose status was healthy but is a few
 * seconds late. A listener that is simply not running long after the web started is refused at
 * once, as before. After the wait the usual check decides, with its
 * usual message.
 */
final class ListenerWait implements ListenerCheck {
  /*
   * Threads:    Jetty's request threads, any number at once; each waits on its own (a write
   *             holds its request thread for at most Tuning.maxWait, then answers).
   * State:      none that changes: the status board is read anew on every look (the listener
   *             may be another process; its status file is the only signal).
   * Invariants: a wait ends by Tuning.maxWait after it began (System.nanoTime, not the wall
   *             clock), or at once when the thread is interrupted; then the plain check runs,
   *             so no write passes that the plain check would refuse.
   * Shutdown:   nothing to stop; a waiting request ends with the server (interrupt) or bound.
   */

  /**
   * @param maxWait how long a write waits for a starting listener at most
   * @param startWindow how long after the web's start a missing listener status counts as a
   *     listener still starting
   * @param poll how often the status is looked at while waiting
   */
  record Tuning(Duration maxWait, Duration startWindow, Duration poll) {
    static final Tuning DEFAULT = new Tuning(Duration.ofSeconds(10), Duration.ofSeconds(30),
        Duration.ofMillis(100));
  }

  private final StatusBoard board;
  private final Clock clock;
  private final ListenerCheck check;
  private final Tuning tuning;
  private final LongSupplier nanoTime;
  private final long startedNanos;

  ListenerWait(Path dataDir, Clock clock, Tuning tuning, LongSupplier nanoTime) {
    this.board = new StatusBoard(dataDir);
    this.clock = clock;
    this.check = ListenerCheck.statusBoard(dataDir, clock);
    this.tuning = tuning;
    this.nanoTime = nanoTime;
    this.startedNanos = nanoTime.getAsLong();
  }

  /**
   * Waits (bounded) while the listener is starting or late, then checks it as {@link
   * ListenerCheck}.
   */
  @Override
  public void require(String what) {
    long deadline = nanoTime.getAsLong() + tuning.maxWait().toNanos();
    while (worthWaitingFor() && nanoTime.getAsLong() - deadline < 0) {
      try {
        // a look at a status file another process renews; there is no event to wait for
        Thread.sleep(tuning.poll().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    check.require(what);
  }

  /**
   * The check without the wait, for a request about to receive a body: refuses at once (as
   * {@link ListenerCheck}) unless the listener is ready or still starting — a starting one is
   * waited for once the body is in (by {@link #require}, the writer's guard), since a request
   * whose body is not read for seconds would fall below the minimum data rate (HttpLimits).
   */
  void requireReadyOrStarting(String what) {
    if (!worthWaitingFor()) {
      check.require(what);
    }
  }

  /**
   * Whether the listener is worth waiting for: still starting (see the class comment), or late —
   * healthy when it last renewed its status, which has gone stale less than {@link
   * Tuning#maxWait} ago: a listener slowed by a loaded machine (a soak on two cores left its
   * renewal more than {@link StatusBoard#STALE_AFTER} late once, and an upload was refused),
   * not one that stopped (a clean stop removes the file; one killed is refused after the wait).
   */
  boolean worthWaitingFor() {
    Instant now = clock.instant();
    Optional<ServiceStatus> read = board.read("listener");
    Optional<ServiceStatus> st = read.filter(s -> s.aliveAt(now));
    if (st.isEmpty()) {
      boolean late = read.isPresent() && read.get().healthy() && Duration.between(
          read.get().updated(), now).compareTo(StatusBoard.STALE_AFTER.plus(tuning.maxWait())) < 0;
      return late || nanoTime.getAsLong() - startedNanos < tuning.startWindow().toNanos();
    }
    return !st.get().healthy() && Boolean.TRUE.equals(st.get().details().get("starting"));
  }
}
