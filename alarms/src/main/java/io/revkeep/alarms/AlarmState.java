package io.revkeep.alarms;

import java.time.Duration;
import java.time.Instant;

/**
 * One alarm's state machine, a pure function of what was observed and when: ok → firing (mail)
 * → still firing (no mail until {@code minInterval} has passed, then one reminder) → recovered
 * (a recovery mail) → ok. A condition may have to hold for a while ({@code holdFor}) before it
 * counts, e.g. "the backup is behind for more than ten minutes".
 *
 * <p>Not thread-safe: owned by the {@link AlarmDaemon}'s evaluation thread.
 */
final class AlarmState {

  /** What a step asks the caller to do. */
  enum Action {
    /** Nothing to send. */
    NONE,
    /** The problem has just begun: send the alarm. */
    FIRE,
    /** The problem goes on and {@code minInterval} has passed since the last mail: remind. */
    REMIND,
    /** The problem is over: send the recovery mail. */
    RECOVER
  }

  private final Duration holdFor;
  private final Duration minInterval;
  /** When the condition was first seen bad in the current bad spell; null while it is good. */
  private Instant badSince;
  /** Whether an alarm mail went out for the current bad spell. */
  private boolean firing;
  /** When the last alarm or reminder mail went out. */
  private Instant lastMail;

  AlarmState(Duration holdFor, Duration minInterval) {
    this.holdFor = holdFor;
    this.minInterval = minInterval;
  }

  /** Feeds one observation taken at {@code now}; returns what to send. */
  Action step(boolean bad, Instant now) {
    if (!bad) {
      badSince = null;
      if (firing) {
        firing = false;
        return Action.RECOVER;
      }
      return Action.NONE;
    }
    if (badSince == null) {
      badSince = now;
    }
    if (!firing) {
      if (Duration.between(badSince, now).compareTo(holdFor) < 0) {
        return Action.NONE;
      }
      firing = true;
      lastMail = now;
      return Action.FIRE;
    }
    if (Duration.between(lastMail, now).compareTo(minInterval) >= 0) {
      lastMail = now;
      return Action.REMIND;
    }
    return Action.NONE;
  }

  /** The mail a step asked for could not be sent: undo the step so the next one asks again. */
  void unsent(Action action) {
    switch (action) {
      case FIRE -> firing = false;
      case RECOVER -> firing = true;
      default -> { }
    }
  }

  boolean firing() {
    return firing;
  }
}
