package io.revkeep.core.status;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The free and total space of the file system that holds a folder, as health and status show
 * it.
 *
 * @param free bytes a non-root user may still write
 * @param total the file system's size in bytes
 */
public record DiskSpace(long free, long total) {
  /** Below this percentage of free space a folder's disk counts as nearly full (degraded). */
  public static final int NEARLY_FULL_PERCENT = 5;

  /** Measures the file system holding {@code folder}. */
  public static DiskSpace of(Path folder) throws IOException {
    FileStore fs = Files.getFileStore(folder);
    return new DiskSpace(fs.getUsableSpace(), fs.getTotalSpace());
  }

  public double freePercent() {
    return total <= 0 ? 100 : 100.0 * free / total;
  }

  /** "ok: 42.1% free (…)" or "degraded: nearly full, 2.0% free (…)". */
  public String verdict() {
    String figures = String.format(java.util.Locale.ROOT, "%.1f%% free (%d MiB of %d MiB)",
        freePercent(), free >> 20, total >> 20);
    return freePercent() < NEARLY_FULL_PERCENT ? "degraded: nearly full, " + figures
        : "ok: " + figures;
  }

  /** Free, total and percentage, for JSON. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("free_bytes", free);
    m.put("total_bytes", total);
    m.put("free_percent", Math.round(freePercent() * 10) / 10.0);
    return m;
  }
}
