package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.config.Logging;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.Store;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code revkeep restore PATH --version N [--to DEST]}: writes one recorded version of a file —
 * live or deleted — back into the shared folder, at its own path or at DEST. Restore never
 * destroys: what stands at the destination must be recorded as a version first (the command
 * waits for the listener), and the restored content becomes a new version in turn.
 */
@Command(name = "restore",
    description = {"Write version N of a file (also of a deleted one) back into the shared folder,"
        + " or to DEST. What stands at the destination is versioned first; nothing is lost.",
        "Needs a running listener ('revkeep up')."})
final class RestoreCommand implements Callable<Integer> {
  @Mixin ConfigOption configOption;

  // Not mixinStandardHelpOptions: its -V/--version would take the --version N of the interface.
  @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
  boolean help;

  @Parameters(paramLabel = "PATH", description = "file, relative to the shared folder")
  String path;

  @Option(names = "--version", required = true, paramLabel = "N",
      description = "the version to restore (see 'revkeep history PATH')")
  int version;

  @Option(names = "--to", paramLabel = "DEST",
      description = "where to put it, relative to the shared folder (default: PATH itself)")
  String to;

  @Override
  public Integer call() throws Exception {
    Logging.configureConsoleOnly(Level.WARN);
    Config config = configOption.load();
    String rel = SharedRoot.normalize(path);
    String dest = to == null ? rel : SharedRoot.normalize(to);
    try (Store store = Services.openStore(config)) {
      WriteBack writer = new WriteBack(config, store, Services.openVault(config));
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
      writer.requireContent(v.get());
      Path abs = writer.requireVersionable(dest);
      writer.requireListener();
      writer.requireUnlocked(dest);
      Optional<String> standing = writer.awaitCurrentRecorded(dest, abs);
      String where = dest.equals(rel) ? "" : " to " + dest;
      if (standing.isPresent() && standing.get().equals(v.get().hash())) {
        System.out.printf("%s already has the content of version %d of %s; nothing to do%n",
            dest, version, rel);
        return 0;
      }
      int before = store.file(dest).map(FileRecord::version).orElse(0);
      int now = writer.write(dest, v.get(), before);
      System.out.printf("restored version %d of %s%s (now version %d%s)%n", version, rel, where,
          now, where.isEmpty() ? "" : " of " + dest);
      return 0;
    }
  }
}
