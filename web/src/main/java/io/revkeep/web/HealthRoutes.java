package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.status.DiskSpace;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.Store;
import io.revkeep.web.api.HealthBodies.Details;
import io.revkeep.web.api.HealthBodies.DiskReport;
import io.revkeep.web.api.HealthBodies.HealthReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * {@code GET /api/health} (public, details with a session only): each part's verdict, a string that starts with ok,
 * starting, degraded, down or unknown: store, feed, listener, watcher, subscribers (and their lag),
 * backup (behind by N events), backup_scrub (when the backup scrubs: degraded while its last pass
 * left damage unrepaired), the disk of each folder. The whole is "ok" (HTTP 200) when no
 * part is degraded or down, "starting" (503) while the listener's start-up reconcile runs and nothing
 * is worse, "down" when the store is, else "degraded" (503). The listener
 * and the backup are seen through their status files ({@link StatusBoard}).
 *
 * @param shared the shared folder (its disk is measured)
 * @param data the data folder: the status board, its disk
 * @param loggedIn whether the request carries a session: without one, the answer is the
 *     {@link HealthReport#summary()} (each part's state, no paths, addresses or figures)
 */
record HealthRoutes(Store store, Path shared, Path data, BooleanSupplier feedConnected,
    Clock clock, Predicate<Context> loggedIn) {
  /** A subscriber this many events behind makes the feed part degraded. */
  static final long SUBSCRIBER_LAG_DEGRADED = 10_000;
  /** A backup this many events behind makes the backup part degraded. */
  static final long BACKUP_BEHIND_DEGRADED = 1_000;

  void register(RoutesConfig routes) {
    routes.get("/api/health", this::health);
  }

  private void health(Context ctx) {
    HealthReport body = report();
    Json.send(ctx, body.ok() ? 200 : 503, loggedIn.test(ctx) ? body : body.summary());
  }

  /** What {@code /api/health} answers now. */
  HealthReport report() {
    Map<String, String> parts = new LinkedHashMap<>();
    try {
      store.ping();
      parts.put("store", "ok");
    } catch (RuntimeException e) {
      parts.put("store", "down: " + e.getMessage());
    }
    parts.put("feed", feedConnected.getAsBoolean() ? "ok" : "down: not connected to the listener");
    Instant now = clock.instant();
    StatusBoard board = new StatusBoard(data);
    Long journaled = null;
    List<?> subs = null;
    Optional<ServiceStatus> listener = board.read("listener").filter(s -> s.aliveAt(now));
    if (listener.isEmpty()) {
      parts.put("listener", "down: not running");
      parts.put("watcher", "down: the listener is not running");
      parts.put("subscribers", "unknown: the listener is not running");
    } else {
      Map<String, Object> d = listener.get().details();
      Object downSince = d.get("store_unavailable_since");
      journaled = d.get("journal_pending") instanceof Number n ? n.longValue() : 0L;
      if (!listener.get().healthy()) {
        parts.put("listener", "degraded: unhealthy (see revkeep status)");
      } else if (downSince != null || journaled > 0) {
        // capturing, but the store has not taken what it captured yet (listener's journal)
        parts.put("listener", "degraded: " + (downSince != null ? "the store is unavailable"
            + " to it since " + downSince + "; " : "catching up; ") + journaled
            + " changes kept in <data>/pending" + (Boolean.TRUE.equals(d.get("journal_full"))
                ? " (full: further changes are read again later)" : ""));
      } else if (Boolean.TRUE.equals(d.get("starting"))) {
        // after the outage check: a store that does not answer at start is worse news
        parts.put("listener", "starting: comparing the shared folder with the store (the"
            + " start-up reconcile); changes are seen and recorded meanwhile");
      } else {
        parts.put("listener", "ok");
      }
      parts.put("watcher", Boolean.FALSE.equals(d.get("watcher_alive"))
          ? "down: the watcher thread has stopped" : "ok");
      subs = d.get("subscribers") instanceof List<?> l ? l : List.of();
      long maxLag = subs.stream().filter(Map.class::isInstance)
          .map(m -> ((Map<?, ?>) m).get("lag")).filter(Number.class::isInstance)
          .mapToLong(n -> ((Number) n).longValue()).max().orElse(0);
      parts.put("subscribers", (maxLag > SUBSCRIBER_LAG_DEGRADED ? "degraded: " : "ok: ")
          + subs.size() + " connected, largest lag " + maxLag + " events");
    }
    Optional<ServiceStatus> backup = board.read("backup").filter(s -> s.aliveAt(now));
    Map<String, Path> folders = new LinkedHashMap<>();
    folders.put("shared", shared);
    folders.put("data", data);
    Optional<Long> backupBehind = null; // absent: no backup publishes its status
    if (backup.isEmpty()) {
      parts.put("backup", "unknown: no backup publishes its status on this host");
    } else {
      Object behind = backup.get().details().get("behind");
      long n = behind instanceof Number num ? num.longValue() : -1;
      backupBehind = n < 0 ? Optional.empty() : Optional.of(n);
      parts.put("backup", n < 0 ? "unknown: behind by an unknown number of events"
          : (n > BACKUP_BEHIND_DEGRADED ? "degraded: " : "ok: ") + "behind by " + n + " events");
      if (backup.get().details().get("scrub") instanceof Map<?, ?> scrub) {
        parts.put("backup_scrub", scrubVerdict(scrub));
      }
      if (backup.get().details().get("backup_folder") instanceof String folder) {
        folders.put("backup", Path.of(folder));
      }
    }
    Map<String, DiskReport> disks = new LinkedHashMap<>();
    for (Map.Entry<String, Path> f : folders.entrySet()) {
      try {
        DiskSpace space = DiskSpace.of(f.getValue());
        parts.put("disk:" + f.getKey(), space.verdict());
        disks.put(f.getKey(), DiskReport.of(space, f.getValue()));
      } catch (IOException e) {
        parts.put("disk:" + f.getKey(), "down: cannot measure " + f.getValue() + ": " + e);
      }
    }
    boolean ok = parts.values().stream()
        .noneMatch(v -> v.startsWith("degraded") || v.startsWith("down"));
    boolean starting = parts.values().stream().anyMatch(v -> v.startsWith("starting"));
    String status = ok ? (starting ? "starting" : "ok")
        : parts.get("store").startsWith("down") ? "down" : "degraded";
    return new HealthReport(status, parts, new Details(journaled, subs, backupBehind, disks));
  }

  /**
   * The background scrub's part, from the backup's status (its "scrub" details, present when
   * [backup] scrub_every is set): degraded while the last pass left damage it could not repair.
   */
  private static String scrubVerdict(Map<?, ?> scrub) {
    long left = scrub.get("unrepaired") instanceof Number n ? n.longValue() : 0;
    Object end = scrub.get("last_pass_end");
    if (left > 0) {
      return "degraded: the last scrub pass found " + left + " damaged or missing copies or"
          + " vault objects it could not repair (revkeep verify lists them)";
    }
    return end == null ? "ok: no scrub pass has ended yet"
        : "ok: the last scrub pass ended at " + end + ", " + scrub.get("repaired")
            + " repaired since the backup started";
  }
}
