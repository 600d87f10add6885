package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.core.Printable;
import io.revkeep.core.status.DiskSpace;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code revkeep status [--json]}: each service (from the status files the running services
 * renew under {@code <data>/status/}), subscriber lag, watcher health, and whether the store
 * answers. Exit status 1 when an expected service is down or unhealthy, or the store is
 * unreachable; 0 when everything is up.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show each service (up, down, unhealthy), subscriber lag, watcher health,"
        + " backup lag, whether the store is reachable and the free disk space of each folder.",
        "Exit status 1 when something is down or a folder's disk is nearly full."})
final class StatusCommand implements Callable<Integer> {
  /** The services a complete installation runs; a missing or stale status file means down. */
  static final List<String> EXPECTED = List.of("listener", "backup", "web");

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  @Mixin ConfigOption configOption;

  @Option(names = "--json", description = "print machine-readable JSON")
  boolean json;

  @Override
  public Integer call() {
    Logging.configureConsoleOnly(Level.ERROR);
    Config config = configOption.loadConfigured();
    Instant now = Services.CLOCK.instant();
    Map<String, ServiceStatus> published = new TreeMap<>();
    for (ServiceStatus s : new StatusBoard(config.paths().data()).readAll()) {
      published.put(s.service(), s);
    }
    List<String> names = new ArrayList<>(EXPECTED);
    published.keySet().stream().filter(n -> !names.contains(n)).forEach(names::add);

    boolean ok = true;
    List<Map<String, Object>> services = new ArrayList<>();
    for (String name : names) {
      ServiceStatus s = published.get(name);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", name);
      String state;
      if (s == null) {
        state = "down";
        m.put("reason", "not running (no status file)");
      } else if (!s.aliveAt(now)) {
        state = "down";
        m.put("reason", "no news since " + TIME.format(s.updated())
            + " (the process died without cleaning up)");
      } else {
        state = s.healthy() ? "up" : "unhealthy";
      }
      m.put("state", state);
      if (s != null) {
        m.put("pid", s.pid());
        m.put("host", s.host());
        m.put("started", s.started());
        m.put("updated", s.updated());
        m.put("details", s.details());
      }
      if (!state.equals("up") && (EXPECTED.contains(name) || state.equals("unhealthy"))) {
        ok = false;
      }
      services.add(m);
    }

    Map<String, Object> store = new LinkedHashMap<>();
    try (Store st = Services.openStore(config)) {
      store.put("description", st.describe());
      st.ping();
      store.put("reachable", true);
    } catch (RuntimeException e) {
      store.put("reachable", false);
      store.put("error", e.getMessage());
      ok = false;
    }

    Map<String, Object> disks = new LinkedHashMap<>();
    Map<String, java.nio.file.Path> folders = new LinkedHashMap<>();
    folders.put("shared", config.paths().shared());
    folders.put("backup", config.paths().backup());
    folders.put("data", config.paths().data());
    for (Map.Entry<String, java.nio.file.Path> f : folders.entrySet()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("folder", f.getValue().toString());
      try {
        DiskSpace space = DiskSpace.of(f.getValue());
        d.putAll(space.toMap());
        d.put("verdict", space.verdict());
        if (space.verdict().startsWith("degraded")) {
          ok = false;
        }
      } catch (java.io.IOException e) {
        d.put("verdict", "down: cannot measure: " + e);
        ok = false;
      }
      disks.put(f.getKey(), d);
    }

    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("ok", ok);
      out.put("time", now);
      out.put("services", services);
      out.put("store", store);
      out.put("disks", disks);
      System.out.println(Json.write(out));
    } else {
      print(services, store, now);
      for (Map.Entry<String, Object> d : disks.entrySet()) {
        Map<?, ?> m = (Map<?, ?>) d.getValue();
        System.out.printf("%-9s %-9s %s: %s%n", "disk", d.getKey(), Printable.of(m.get("folder")),
            Printable.of(m.get("verdict")));
      }
      System.out.println(ok ? "everything is up" : "something is down: start it with 'revkeep up'"
          + " (or its systemd unit) and see its log");
    }
    return ok ? 0 : Main.EXIT_FAILURE;
  }

  @SuppressWarnings("unchecked")
  private static void print(List<Map<String, Object>> services, Map<String, Object> store,
      Instant now) {
    for (Map<String, Object> s : services) {
      String state = (String) s.get("state");
      StringBuilder line = new StringBuilder(String.format("%-9s %-9s", Printable.of(s.get("name")),
          state));
      if (s.containsKey("reason")) {
        line.append(' ').append(Printable.of(s.get("reason")));
      } else {
        Instant started = (Instant) s.get("started");
        line.append(String.format(" pid %s on %s, up %s", s.get("pid"), Printable.of(s.get("host")),
            human(Duration.between(started, now))));
      }
      System.out.println(line);
      Object d = s.get("details");
      if (!(d instanceof Map) || state.equals("down")) {
        continue;
      }
      Map<String, Object> details = (Map<String, Object>) d;
      for (Map.Entry<String, Object> e : details.entrySet()) {
        if (e.getValue() instanceof List<?> list) {
          System.out.printf("  %-24s %d%n", Printable.of(e.getKey()), list.size());
          for (Object item : list) {
            if (item instanceof Map<?, ?> sub) {
              System.out.printf("    %s%n", Printable.of(sub.entrySet().stream()
                  .map(x -> x.getKey() + "=" + x.getValue()).toList().toString()
                  .replaceAll("^\\[|\\]$", "")));
            }
          }
        } else {
          System.out.printf("  %-24s %s%n", Printable.of(e.getKey()), Printable.of(e.getValue()));
        }
      }
    }
    System.out.printf("%-9s %-9s %s%s%n", "store",
        Boolean.TRUE.equals(store.get("reachable")) ? "up" : "down",
        Printable.of(store.getOrDefault("description", "")),
        store.containsKey("error") ? " " + Printable.of(store.get("error")) : "");
  }

  private static String human(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 120) {
      return s + " s";
    }
    if (s < 7200) {
      return s / 60 + " min";
    }
    return s / 3600 + " h";
  }
}
