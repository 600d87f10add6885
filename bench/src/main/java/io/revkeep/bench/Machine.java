package io.revkeep.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the figures were measured on. */
final class Machine {
  private Machine() {}

  static Map<String, String> describe(Path dir) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("CPUs (nproc)", Shell.describe("nproc"));
    m.put("CPU", cpuModel());
    m.put("Memory", memTotal());
    m.put("Kernel", Shell.describe("uname", "-srm"));
    m.put("Temp folder", dir.toString());
    m.put("Its filesystem", Shell.describe("findmnt", "-n", "-o", "FSTYPE,SOURCE,OPTIONS",
        "--target", dir.toString()));
    m.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("inotifywait", has("inotifywait")
        ? Shell.describe("sh", "-c", "inotifywait --help 2>&1 | head -1") : "not installed");
    m.put("cp", Shell.describe("sh", "-c", "cp --version | head -1"));
    m.put("find", Shell.describe("sh", "-c", "find --version | head -1"));
    m.put("git", BurstBench.gitAvailable() ? BurstBench.gitVersion() : "not installed");
    m.put("redis-server", FanoutBench.redisAvailable() ? FanoutBench.redisVersion()
        : "not installed");
    m.put("wrk", has("wrk") ? WebBench.describeWrk() : "not installed");
    m.put("curl", Shell.describe("sh", "-c", "curl --version | head -1"));
    m.put("dd", Shell.describe("sh", "-c", "dd --version | head -1"));
    m.put("Open files limit (ulimit -n)", Shell.describe("sh", "-c", "ulimit -n"));
    m.put("Other load at start (loadavg)", Shell.describe("cat", "/proc/loadavg"));
    return m;
  }

  /** Whether {@code tool} is on the PATH. */
  static boolean has(String tool) {
    try {
      return !Shell.run("sh", "-c", "command -v " + tool).isEmpty();
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The filesystem type of the folder holding {@code dir} (tmpfs is refused by the caller). */
  static String fsType(Path dir) {
    return Shell.describe("findmnt", "-n", "-o", "FSTYPE", "--target", dir.toString());
  }

  private static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst().orElse("unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String memTotal() {
    try {
      return Files.readAllLines(Path.of("/proc/meminfo")).stream()
          .filter(l -> l.startsWith("MemTotal:"))
          .map(l -> {
            long kib = Long.parseLong(l.replaceAll("[^0-9]", ""));
            return String.format("%.1f GiB", kib / 1024.0 / 1024.0);
          })
          .findFirst().orElse("unknown");
    } catch (IOException | NumberFormatException e) {
      return "unknown";
    }
  }
}
