package io.revkeep.cli;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import java.util.Optional;

/**
 * The listener's and the backup's main figures in a process that runs neither — {@code revkeep
 * web} alone, as the systemd units run it — read from the status files they renew every two
 * seconds, under the same meter names they use in-process. A service that is down (no file, or a
 * stale one) reads as NaN, which Prometheus shows as missing data rather than as zero. The gauges
 * hold the board strongly (Micrometer keeps only a weak reference by default, and a collected
 * board would read as NaN forever); that also keeps it alive for the counters.
 */
final class StatusMetrics {
  private StatusMetrics() {}

  static void bind(MeterRegistry registry, StatusBoard board) {
    gauge(registry, board, "listener", "pending", "revkeep.listener.settle.queue",
        "Paths waiting for their settle time (from the listener's status file).");
    gauge(registry, board, "listener", "watched_folders", "revkeep.listener.watched.folders",
        "Folders registered with the watch service (from the listener's status file).");
    counter(registry, board, "listener", "versions_recorded",
        "revkeep.listener.versions.recorded",
        "Versions recorded by the running listener (from its status file).");
    counter(registry, board, "listener", "overflows", "revkeep.listener.overflows",
        "Watch OVERFLOW events of the running listener (from its status file).");
    gauge(registry, board, "backup", "behind", "revkeep.backup.behind",
        "Events the backup is behind the listener (from its status file).");
    counter(registry, board, "backup", "copies_written", "revkeep.backup.copies.written",
        "Backup copies written by the running backup (from its status file).");
  }

  private static void gauge(MeterRegistry r, StatusBoard board, String service, String key,
      String name, String description) {
    Gauge.builder(name, board, b -> read(b, service, key)).description(description)
        .strongReference(true).register(r);
  }

  private static void counter(MeterRegistry r, StatusBoard board, String service, String key,
      String name, String description) {
    // FunctionCounter holds the board weakly; the gauges above hold it strongly, so it stays.
    FunctionCounter.builder(name, board, b -> read(b, service, key)).description(description)
        .register(r);
  }

  /** A number from a live service's status details, or NaN. */
  static double read(StatusBoard board, String service, String key) {
    Optional<ServiceStatus> s = board.read(service);
    if (s.isEmpty() || !s.get().aliveAt(Services.CLOCK.instant())) {
      return Double.NaN;
    }
    return s.get().details().get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }
}
