package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.core.Printable;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.FileThen;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Commands that read the store and print: {@code ls} ({@code log} is {@link LogCommand}). Recorded names and users are
 * printed through {@link Printable} (control characters escaped, one row per entry); {@code --json}
 * prints them exactly.
 */
final class QueryCommands {
  private QueryCommands() {}


  /** A store command with {@code --json}. */
  private abstract static class Query extends StoreCommand {
    @Option(names = "--json", description = "print machine-readable JSON")
    boolean json;
  }

  @Command(name = "ls", mixinStandardHelpOptions = true,
      description = {"List a folder as revkeep knows it: subfolders, then files with their newest"
          + " version; -R lists every file below it.",
          "With --at TIME: the folder as it was then (each file's version then; files deleted"
          + " since included, files created since left out). TIME: 2026-01-31T14:00:00Z,"
          + " 2026-01-31 14:00 (local), 2026-01-31 (its start), 30m, 2h, 3d, yesterday 14:00."})
  static final class Ls extends Query {
    @Parameters(paramLabel = "DIR[@TIME]", arity = "0..1", defaultValue = "",
        description = "folder (default: where you are inside the shared folder, else its root);"
            + " DIR@TIME: as it was then (as --at TIME)")
    String dir;

    @Option(names = "--deleted", description = "include deleted files")
    boolean deleted;

    @Option(names = "--at", paramLabel = "TIME", description = "the folder as it was at TIME")
    String at;

    @Option(names = {"-R", "--recursive"}, description = "every file below DIR, by full path")
    boolean recursive;

    /** One line of the listing: a file now or as it was, whatever the source. */
    private record Entry(String path, int version, long size, String hash, Instant time,
        String user, boolean deleted, Map<String, Object> json) {}

    @Override
    int run(Config config, Store store) throws BadPathException {
      Revision rev = Revision.parse(dir);
      if (rev.given()) {
        if (rev.kind != Revision.Kind.TIME || at != null) {
          throw new BadUsage(rev.kind != Revision.Kind.TIME ? "a folder has no version numbers:"
              + " list it as it was with DIR@TIME" : "give the time once: DIR@TIME or --at TIME");
        }
        at = rev.text;
      }
      String rel = PathArguments.of(config).dir(rev.path);
      if (at != null && deleted) {
        throw new UserError("--deleted and --at do not go together: --at lists the files that"
            + " existed at that time, including those deleted since");
      }
      List<Entry> all = new ArrayList<>();
      if (at != null) {
        Instant when = FolderRestores.parseAt(at);
        // each file as it was, and where that same file is now (followed across renames)
        for (FileThen f : store.filesAtAndNow(rel, when)) {
          VersionRecord v = f.then();
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("version", v.version());
          m.put("size", v.size());
          m.put("hash", v.hash());
          m.put("last_modified", v.time());
          m.put("last_modified_user", v.user());
          m.put("action", v.action().name());
          m.put("change_set", v.changeSet());
          m.put("deleted_since", f.deletedSince());
          m.put("moved_to", f.movedSince() ? f.now().path() : null);
          all.add(new Entry(v.path(), v.version(), v.size(), v.hash(), v.time(), v.user(),
              false, m));
        }
        if (all.isEmpty()) {
          throw new UserError("nothing was in " + (rel.isEmpty() ? "the shared folder"
              : "'" + rel + "'") + " at " + when + " (as far as revkeep recorded)");
        }
      } else {
        for (FileRecord r : store.files(rel, true, deleted)) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("version", r.version());
          m.put("size", r.size());
          m.put("hash", r.hash());
          m.put("last_modified", r.lastModified());
          m.put("last_modified_user", r.lastModifiedUser());
          m.put("created", r.created());
          m.put("created_user", r.createdUser());
          m.put("deleted", r.deleted());
          all.add(new Entry(r.path(), r.version(), r.size(), r.hash(), r.lastModified(),
              r.lastModifiedUser(), r.deleted(), m));
        }
        if (all.isEmpty() && !rel.isEmpty()) {
          throw new UserError("no folder '" + rel + "' is known to revkeep");
        }
      }
      String prefix = rel.isEmpty() ? "" : rel + "/";
      Map<String, long[]> folders = new TreeMap<>(); // name → {files, bytes}
      List<Entry> files = new ArrayList<>();
      for (Entry e : all) {
        String rest = e.path().substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash < 0 || recursive) {
          files.add(e);
        } else {
          long[] agg = folders.computeIfAbsent(rest.substring(0, slash), k -> new long[2]);
          agg[0]++;
          agg[1] += e.size();
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
        for (Entry e : files) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("name", e.path().substring(e.path().lastIndexOf('/') + 1));
          m.put("path", e.path());
          m.put("type", "file");
          m.putAll(e.json());
          out.add(m);
        }
        System.out.println(Json.write(out));
        return 0;
      }
      folders.forEach((name, agg) -> System.out.printf("%-40s %8s %10s  (%d files)%n",
          Printable.of(name) + "/", "", Human.size(agg[1]), agg[0]));
      for (Entry e : files) {
        String name = recursive ? e.path().substring(prefix.length())
            : e.path().substring(e.path().lastIndexOf('/') + 1);
        String note = e.deleted() ? "  (deleted)"
            : Boolean.TRUE.equals(e.json().get("deleted_since")) ? "  (deleted since)"
            : e.json().get("moved_to") != null
                ? "  (moved since to " + Printable.of((String) e.json().get("moved_to")) + ")"
                : "";
        System.out.printf("%-40s %8s %10s  %-24s %s%s%n", Printable.of(name), "v" + e.version(),
            Human.size(e.size()), Human.time(e.time()), Printable.of(e.user()), note);
      }
      return 0;
    }
  }
}
