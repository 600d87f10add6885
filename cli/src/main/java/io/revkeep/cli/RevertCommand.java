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
 * {@code revkeep revert PATH@REV} (or {@code -f PATH -r N}, as the original tool had it): puts a
 * file back to a version — {@code @-3}, {@code -r 3} and {@code -r -3} all mean "three versions
 * back"; {@code @N} is version N, {@code @TIME} the version in force then ({@link Revision}). The old content is written
 * into the shared folder like any edit, so it becomes a new version; history is never rewritten.
 */
@Command(name = "revert", mixinStandardHelpOptions = true,
    description = {"Put a file back to an older version: PATH@-N (N versions back; also -f PATH"
        + " -r N), PATH@N (version N) or PATH@TIME. Its content becomes a new version, recorded"
        + " by the listener with origin cli and your user name.",
        "Or --change-set ID: undo everything one change set did (a folder restore, an upload);"
        + " the undo is a change set of its own.",
        "Needs a running listener ('revkeep up')."})
final class RevertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;

  @Parameters(paramLabel = "PATH@REV", arity = "0..1",
      description = "file and version: report.txt@-1, report.txt@3, 'report.txt@yesterday 14:00'")
  String target;

  @Option(names = {"-f", "--file"}, paramLabel = "PATH",
      description = "file (with -r N)")
  String path;

  @Option(names = {"-r", "--revisions"}, paramLabel = "N",
      description = "how many versions back; -N means the same as N")
  Integer back;

  @Option(names = "--change-set", paramLabel = "ID",
      description = "undo a change set (a folder restore, an upload): every file it wrote gets"
          + " its content from before, files it created are removed, files it removed return")
  String changeSet;

  @Option(names = "--dry-run", description = "with --change-set: print what would be done")
  boolean dryRun;

  @Option(names = "--json", description = "with --change-set: print the plan and result as JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (changeSet != null) {
      if (path != null || back != null || target != null) {
        throw new ParameterException(spec.commandLine(), "give either PATH@REV, -f PATH -r N or"
            + " --change-set ID, not two");
      }
      return undo();
    }
    Revision rev = target == null ? null : Revision.parse(target);
    if (rev != null) {
      if (path != null || back != null) {
        throw new ParameterException(spec.commandLine(), "give either PATH@REV or -f PATH -r N,"
            + " not both");
      }
      if (!rev.given()) {
        throw new ParameterException(spec.commandLine(), "say which version to go back to: '"
            + target + "@-1' (one back), '@N' (version N) or '@TIME'");
      }
    } else if (path == null || back == null) {
      throw new ParameterException(spec.commandLine(), "give PATH@REV, or -f PATH and -r N (N"
          + " versions back), or --change-set ID");
    }
    if (dryRun || json) {
      throw new ParameterException(spec.commandLine(), "--dry-run and --json go with"
          + " --change-set ID");
    }
    if (back != null && back == 0) {
      throw new ParameterException(spec.commandLine(),
          "-r 0 would change nothing: give how many versions back, e.g. -r 1");
    }
    int steps = back == null ? 0 : Math.abs(back.intValue());
    Logging.configureConsoleOnly(Level.WARN);
    Config config = configOption.load();
    String rel = PathArguments.of(config).file(rev == null ? path : rev.path);
    try (Store store = Services.openStore(config);
        SharedFolderWriter writer = CliWriter.open(config, store, Services.openVault(config))) {
      if (store.file(rel).isEmpty()) {
        throw new UserError("no history for '" + rel + "': revkeep has never recorded it"
            + " (try 'revkeep ls' to see what it knows)");
      }
      CliWriter.prepare(writer, rel, "the revert");
      FileRecord current = store.file(rel).orElseThrow();
      int target = rev == null ? current.version() - steps : rev.resolve(store, rel).version();
      if (target < 1) {
        throw new UserError("cannot revert " + rel + " by " + steps + ": it has "
            + current.version() + " version" + (current.version() == 1 ? "" : "s")
            + (current.version() > 1 ? " (go back at most " + (current.version() - 1) + ")"
                : ", there is nothing to go back to"));
      }
      Optional<VersionRecord> v = store.version(rel, target);
      if (v.isEmpty()) {
        throw new UserError("version " + target + " of " + rel + " is no longer kept"
            + " (see 'revkeep history " + rel + "')");
      }
      CliWriter.requireContent(writer, v.get());
      if (!current.deleted() && v.get().hash().equals(current.hash())) {
        System.out.printf("%s already has the content of version %d (it is version %d);"
            + " nothing to do%n", Printable.of(rel), target, current.version());
        return 0;
      }
      int now = CliWriter.writeVersion(writer, rel, v.get(), "the revert");
      System.out.printf("reverted %s to version %d (now version %d)%n", Printable.of(rel), target,
          now);
      return 0;
    }
  }

  /** {@code revert --change-set ID}: the change set undone, itself as a new change set. */
  private int undo() throws Exception {
    Logging.configureConsoleOnly(Level.WARN);
    Config config = configOption.load();
    try (Store store = Services.openStore(config)) {
      Vault vault = Services.openVault(config);
      RestorePlan plan;
      try {
        plan = new RestorePlanner(store, vault::contains)
            .undo(ChangeSetIds.resolve(store, changeSet));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      if (dryRun) {
        FolderRestores.print(plan, json, null);
        return 0;
      }
      return FolderRestores.run(config, store, vault, plan, json);
    }
  }
}
