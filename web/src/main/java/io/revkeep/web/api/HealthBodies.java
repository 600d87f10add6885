package io.revkeep.web.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.revkeep.core.status.DiskSpace;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The body of {@code GET /api/health}. */
public final class HealthBodies {
  private HealthBodies() {}

  /**
   * The web's verdict on each part it depends on.
   *
   * @param status ok, degraded or down (down when the store is)
   * @param parts part name (store, feed, listener, watcher, subscribers, backup, disk:NAME) to
   *     a verdict that starts with ok, degraded, down or unknown
   * @param details the figures; absent in the {@link #summary()} shown without a session
   */
  public record HealthReport(String status, Map<String, String> parts,
      @JsonInclude(JsonInclude.Include.NON_NULL) Details details) {
    public boolean ok() {
      return "ok".equals(status);
    }

    /**
     * What anyone may see, without a session: the overall status and each part's state (ok,
     * starting, degraded, down or unknown) only; no reasons, paths, addresses or figures.
     */
    public HealthReport summary() {
      Map<String, String> states = new LinkedHashMap<>();
      parts.forEach((part, verdict) -> states.put(part, state(verdict)));
      return new HealthReport(status, states, null);
    }

    private static String state(String verdict) {
      for (String s : List.of("ok", "starting", "degraded", "down", "unknown")) {
        if (verdict.equals(s) || verdict.startsWith(s + ":") || verdict.startsWith(s + " ")) {
          return s;
        }
      }
      return "unknown";
    }
  }

  /**
   * The figures behind the verdicts.
   *
   * @param journalPending changes the listener keeps in its journal; absent when no listener
   *     runs
   * @param subscribers the listener's feed subscribers as it publishes them (absent when no
   *     listener runs)
   * @param backupBehind events the backup has still to copy: absent when no backup publishes
   *     its status, null (empty) when it does not say
   * @param disk folder name (shared, data, backup) to its disk's space
   */
  public record Details(
      @JsonInclude(JsonInclude.Include.NON_NULL) Long journalPending,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<?> subscribers,
      @JsonInclude(JsonInclude.Include.NON_NULL) Optional<Long> backupBehind,
      Map<String, DiskReport> disk) {}

  /**
   * The space of the file system that holds a folder.
   *
   * @param freePercent rounded to one decimal
   */
  public record DiskReport(long freeBytes, long totalBytes, double freePercent, String folder) {
    public static DiskReport of(DiskSpace space, Path folder) {
      return new DiskReport(space.free(), space.total(),
          Math.round(space.freePercent() * 10) / 10.0, folder.toString());
    }
  }
}
