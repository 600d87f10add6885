package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.Store;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Commands that read the store and print: {@code history}, {@code ls}. */
final class QueryCommands {
  private QueryCommands() {}

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  /** A store command with {@code --json}. */
  private abstract static class Query extends StoreCommand {
    @Option(names = "--json", description = "print machine-readable JSON")
    boolean json;
  }

  @Command(name = "history", mixinStandardHelpOptions = true,
      description = "List the versions of a file: version, hash, size, time, user, origin, action.")
  static final class History extends Query {
    @Parameters(paramLabel = "PATH", description = "file, relative to the shared folder")
    String path;

    @Override
    int run(Config config, Store store) throws BadPathException {
      String rel = SharedRoot.normalize(path);
      List<VersionRecord> versions = store.history(rel);
      if (versions.isEmpty()) {
        throw new UserError("no history for '" + rel + "': revkeep has never recorded it"
            + " (try 'revkeep ls' to see what it knows)");
      }
      if (json) {
        System.out.println(Json.write(versions.stream().map(VersionRecord::asJson).toList()));
        return 0;
      }
      System.out.printf("%-7s %-19s %12s  %-12s %-6s %-7s %-12s %s%n", "VERSION", "TIME", "SIZE",
          "USER", "ORIGIN", "ACTION", "HASH", "PATH");
      for (VersionRecord v : versions) {
        System.out.printf("%-7d %-19s %12s  %-12s %-6s %-7s %-12s %s%n", v.version(),
            TIME.format(v.time()), v.hash() == null ? "-" : Long.toString(v.size()), v.user(),
            v.origin().wire(), v.action().name(),
            v.hash() == null ? "-" : v.hash().substring(0, 12), v.path());
      }
      return 0;
    }
  }

  @Command(name = "ls", mixinStandardHelpOptions = true,
      description = "List a folder as revkeep knows it: subfolders, then files with their newest version.")
  static final class Ls extends Query {
    @Parameters(paramLabel = "DIR", arity = "0..1", defaultValue = "",
        description = "folder relative to the shared folder (default: the root)")
    String dir;

    @Option(names = "--deleted", description = "include deleted files")
    boolean deleted;

    @Override
    int run(Config config, Store store) throws BadPathException {
      String rel = SharedRoot.normalizeDir(dir);
      List<FileRecord> all = store.files(rel, true, deleted);
      if (all.isEmpty() && !rel.isEmpty()) {
        throw new UserError("no folder '" + rel + "' is known to revkeep");
      }
      String prefix = rel.isEmpty() ? "" : rel + "/";
      Map<String, long[]> folders = new TreeMap<>(); // name → {files, bytes}
      List<FileRecord> files = new ArrayList<>();
      for (FileRecord r : all) {
        String rest = r.path().substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash < 0) {
          files.add(r);
        } else {
          long[] agg = folders.computeIfAbsent(rest.substring(0, slash), k -> new long[2]);
          agg[0]++;
          agg[1] += r.size();
        }
      }
      if (json) {
        List<Map<String, Object>> out = new ArrayList<>();
        folders.forEach((name, agg) -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", name);
          m.put("path", prefix + name);
          m.put("type", "folder");
          m.put("files", agg[0]);
          m.put("size", agg[1]);
          out.add(m);
        });
        for (FileRecord r : files) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", r.name());
          m.put("path", r.path());
          m.put("type", "file");
          m.put("version", r.version());
          m.put("size", r.size());
          m.put("hash", r.hash());
          m.put("last_modified", r.lastModified());
          m.put("last_modified_user", r.lastModifiedUser());
          m.put("created", r.created());
          m.put("created_user", r.createdUser());
          m.put("deleted", r.deleted());
          out.add(m);
        }
        System.out.println(Json.write(out));
        return 0;
      }
      folders.forEach((name, agg) -> System.out.printf("%-40s %8s %12d  (%d files)%n",
          name + "/", "", agg[1], agg[0]));
      for (FileRecord r : files) {
        System.out.printf("%-40s %8s %12d  %-19s %s%s%n", r.name(), "v" + r.version(), r.size(),
            TIME.format(r.lastModified()), r.lastModifiedUser(), r.deleted() ? "  (deleted)" : "");
      }
      return 0;
    }
  }
}
