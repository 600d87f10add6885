package io.revkeep.core.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What one running service last said about itself, as kept in {@code <data>/status/<name>.json}.
 *
 * @param service {@code listener}, {@code backup} or {@code web}
 * @param healthy the service's own verdict on its parts (watcher alive, store reachable…)
 * @param updated when it was written; a file not renewed for {@link StatusBoard#STALE_AFTER}
 *     belongs to a process that died without cleaning up
 * @param details service-specific figures (subscribers and their lag, events behind…)
 */
public record ServiceStatus(String service, long pid, String host, Instant started,
    Instant updated, boolean healthy, Map<String, Object> details) {

  /** Whether the service counts as running at {@code now}. */
  public boolean aliveAt(Instant now) {
    return Duration.between(updated, now).compareTo(StatusBoard.STALE_AFTER) < 0;
  }
}
