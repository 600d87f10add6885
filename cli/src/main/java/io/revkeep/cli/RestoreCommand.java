package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.core.Printable;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.restore.RestorePlan;
import io.revkeep.core.restore.RestorePlanner;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import io.revkeep.core.write.SharedFolderWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code revkeep restore PATH --version N [--to DEST]}: writes one recorded version of a file —
 * live or deleted — back into the shared folder, at its own path or at DEST. Restore never
 * destroys: what stands at the destination must be recorded as a version first (the command
 * waits for the listener), and the restored content becomes a new version in turn.
 */
@Command(name = "restore",
    description = {"Write a version of a file (also of a deleted one) back into the shared folder,"
        + " or to DEST: PATH@N, PATH@-N (N before the newest), PATH@TIME, or PATH --version N. What stands at the destination is versioned first; nothing is lost.",
        "With DIR@TIME or DIR --at TIME: put a whole folder back as it was at TIME (files"
        + " deleted since come back; files created since stay unless --exact). Every file"
        + " written becomes a new version of one change set, which 'revkeep revert"
        + " --change-set ID' undoes. --dry-run shows what would be written and why.",
        "TIME: 2026-01-31T14:00:00Z, 2026-01-31 14:00 (local), 2026-01-31 (its start), 30m, 2h,"
        + " 3d, 1w, yesterday 14:00.",
        "Needs a running listener ('revkeep up')."})
final class RestoreCommand implements Callable<Integer> {
  @Mixin ConfigOption configOption;

  // Not mixinStandardHelpOptions: its -V/--version would take the --version N of the interface.
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Parameters(paramLabel = "PATH[@REV]",
      description = "file@N, file@-N, file@TIME (also: file --version N), or folder@TIME (also:"
          + " folder --at TIME)")
  String path;

  @Spec CommandSpec spec;

  @Option(names = "--version", paramLabel = "N",
      description = "the version to restore (see 'revkeep history PATH')")
  Integer version;

  @Option(names = "--at", paramLabel = "TIME",
      description = "restore the folder PATH as it was at TIME")
  String at;

  @Option(names = "--dry-run", description = "with --at: print what would be done, change nothing")
  boolean dryRun;

  @Option(names = "--exact", description = "with --at: also remove files created since TIME")
  boolean exact;

  @Option(names = "--json", description = "with --at: print the plan and result as JSON")
  boolean json;

  @Option(names = "--to", paramLabel = "DEST",
      description = "where to put it, relative to the shared folder (default: PATH itself);"
          + " with --at, the folder the tree is put into")
  String to;

  @Override
  public Integer call() throws Exception {
    Revision rev = Revision.parse(path);
    if (rev.given() && (version != null || at != null)) {
      throw new ParameterException(spec.commandLine(), "give the version once: " + path
          + " or --version/--at, not both");
    }
    Config config = null;
    if (rev.given()) {
      Logging.configureConsoleOnly(Level.WARN);
      config = configOption.load();
      applyRevision(config, rev);
    }
    if ((version == null) == (at == null)) {
      throw new ParameterException(spec.commandLine(), "give either --version N (one file) or"
          + " --at TIME (a whole folder as it was)");
    }
    if (at == null && (dryRun || exact || json)) {
      throw new ParameterException(spec.commandLine(), "--dry-run, --exact and --json go with"
          + " --at TIME (restoring a folder)");
    }
    if (config == null) {
      Logging.configureConsoleOnly(Level.WARN);
      config = configOption.load();
    }
    if (at != null) {
      return folder(config);
    }
    PathArguments paths = PathArguments.of(config);
    String rel = paths.file(path);
    String dest = to == null ? rel : paths.file(to);
    try (Store store = Services.openStore(config);
        SharedFolderWriter writer = CliWriter.open(config, store, Services.openVault(config))) {
      List<VersionRecord> history = store.history(rel);
      if (history.isEmpty()) {
        throw new UserError("no history for '" + rel + "': revkeep has never recorded it"
            + " (try 'revkeep ls --deleted' to see what it knows)");
      }
      int newest = history.get(history.size() - 1).version();
      Optional<VersionRecord> v = store.version(rel, version);
      if (v.isEmpty()) {
        throw new UserError(version < 1 || version > newest
            ? "no version " + version + " of " + rel + ": it has " + newest + " version"
                + (newest == 1 ? "" : "s")
            : "version " + version + " of " + rel + " is no longer kept (see 'revkeep history "
                + rel + "')");
      }
      CliWriter.requireContent(writer, v.get());
      dest = CliWriter.prepare(writer, dest, "the restore");
      Optional<FileRecord> standing = store.file(dest).filter(r -> !r.deleted());
      String where = dest.equals(rel) ? "" : " to " + Printable.of(dest);
      if (standing.isPresent() && standing.get().hash().equals(v.get().hash())) {
        System.out.printf("%s already has the content of version %d of %s; nothing to do%n",
            Printable.of(dest), version, Printable.of(rel));
        return 0;
      }
      int now = CliWriter.writeVersion(writer, dest, v.get(), "the restore");
      System.out.printf("restored version %d of %s%s (now version %d%s)%n", version,
          Printable.of(rel), where, now, where.isEmpty() ? "" : " of " + Printable.of(dest));
      return 0;
    }
  }

  /**
   * {@code PATH@REV} as the options it stands for: a file's version as {@code --version}, a
   * folder's time as {@code --at} (a time names a file's version when PATH is a recorded file).
   */
  private void applyRevision(Config config, Revision rev) throws Exception {
    PathArguments paths = PathArguments.of(config);
    boolean time = rev.kind == Revision.Kind.TIME;
    String rel = time ? paths.dir(rev.path) : paths.file(rev.path);
    try (Store store = Services.openStore(config)) {
      if (time && (rel.isEmpty() || store.file(rel).isEmpty())) {
        at = rev.text;
      } else {
        version = rev.resolve(store, rel).version();
      }
    }
    path = rev.path;
  }

  /** {@code restore DIR --at TIME [--to DEST] [--dry-run] [--exact]}. */
  private int folder(Config config) throws Exception {
    PathArguments paths = PathArguments.of(config);
    String dir = paths.dir(path);
    String dest = to == null ? null : paths.dir(to);
    Instant when = FolderRestores.parseAt(at);
    try (Store store = Services.openStore(config)) {
      Vault vault = Services.openVault(config);
      if (store.filesAt(dir, when).isEmpty()) {
        String where = dir.isEmpty() ? "the shared folder" : "'" + dir + "'";
        throw new UserError("nothing was in " + where + " at " + when + " (as far as revkeep"
            + " recorded); nothing was changed — see 'revkeep ls " + dir + " --at TIME'");
      }
      RestorePlan plan = new RestorePlanner(store, vault::contains).folderAt(dir, when, dest,
          exact);
      if (dryRun) {
        FolderRestores.print(plan, json, null);
        return 0;
      }
      return FolderRestores.run(config, store, vault, plan, json);
    }
  }
}
