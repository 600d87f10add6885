package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.core.Printable;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.Store;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code revkeep log [PATH]} ({@code history} is its old name): the versions of a file, or of
 * every file below a folder, newest first, as {@code git log} lists commits — paged and coloured
 * on a terminal ({@link OutputOptions}), sizes and local times for people ({@link Human}).
 * Recorded names and users go through {@link Printable}; {@code --json} prints them exactly, in
 * recording order (oldest first), with exact sizes and ISO instants.
 */
@Command(name = "log", aliases = "history", mixinStandardHelpOptions = true,
    description = {"List the versions of a file, or of every file below a folder, newest first:"
        + " version, time, size, user, origin, action, hash, path and change set.",
        "Without PATH: the folder you are in inside the shared folder, else all of it."})
final class LogCommand extends StoreCommand {
  @Parameters(paramLabel = "PATH", arity = "0..1",
      description = "file or folder (relative to where you are inside the shared folder)")
  String path;

  @Option(names = {"-n", "--max-count"}, paramLabel = "N", description = "the newest N only")
  Integer max;

  @Option(names = "--json", description = "print machine-readable JSON (oldest first)")
  boolean json;

  @Mixin OutputOptions output;

  private static final String YELLOW = "\u001b[33m";
  private static final String GREEN = "\u001b[32m";
  private static final String RED = "\u001b[31m";
  private static final String CYAN = "\u001b[36m";
  private static final String RESET = "\u001b[0m";

  @Override
  int run(Config config, Store store) throws Exception {
    boolean colour = output.colour();
    PathArguments paths = PathArguments.of(config);
    List<VersionRecord> versions = versions(store, paths);
    if (max != null && versions.size() > max) {
      versions = versions.subList(versions.size() - Math.max(0, max), versions.size());
    }
    if (json) {
      System.out.println(Json.write(versions.stream().map(VersionRecord::asJson).toList()));
      return 0;
    }
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-7s %-24s %10s  %-12s %-6s %-7s %-12s %s", "VERSION", "TIME",
        "SIZE", "USER", "ORIGIN", "ACTION", "HASH", "PATH [CHANGE SET]"));
    for (int i = versions.size() - 1; i >= 0; i--) {
      VersionRecord v = versions.get(i);
      String version = String.format("%-7d", v.version());
      String action = String.format("%-7s", v.action().name());
      lines.add(String.format("%s %-24s %10s  %-12s %-6s %s %-12s %s%s",
          paint(colour, YELLOW, version), Human.time(v.time()),
          v.hash() == null ? "-" : Human.size(v.size()), Printable.of(v.user()),
          v.origin().wire(), paint(colour, actionColour(v.action()), action),
          v.hash() == null ? "-" : v.hash().substring(0, 12), Printable.of(v.path()),
          v.changeSet() == null ? ""
              : "  [" + Printable.of(ChangeSetIds.shortOf(v.changeSet())) + "]"));
    }
    Pager.print(lines, output.paged(), output.env());
    return 0;
  }

  /** A file's versions, or those of every file below a folder by time; oldest first. */
  private List<VersionRecord> versions(Store store, PathArguments paths) throws Exception {
    if (path != null) {
      String rel = paths.dir(path);
      if (!rel.isEmpty() && store.file(rel).isPresent()) {
        return store.history(rel);
      }
      List<VersionRecord> below = below(store, rel);
      if (below.isEmpty()) {
        throw new UserError("no history for '" + (rel.isEmpty() ? path : rel) + "': revkeep has"
            + " never recorded it (try 'revkeep ls' to see what it knows)");
      }
      return below;
    }
    return below(store, paths.dir(""));
  }

  private static List<VersionRecord> below(Store store, String dir) {
    Map<String, VersionRecord> all = new LinkedHashMap<>();
    for (FileRecord f : store.files(dir, true, true)) {
      for (VersionRecord v : store.history(f.path())) {
        all.putIfAbsent(v.path() + "\u0000" + v.version(), v);
      }
    }
    List<VersionRecord> out = new ArrayList<>(all.values());
    out.sort(Comparator.comparing(VersionRecord::time));
    return out;
  }

  private static String actionColour(Action action) {
    return switch (action) {
      case CREATE -> GREEN;
      case DELETE -> RED;
      case RENAME -> CYAN;
      default -> null;
    };
  }

  private static String paint(boolean colour, String code, String text) {
    return colour && code != null ? code + text + RESET : text;
  }
}
