package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.config.Logging;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.Store;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code revkeep revert -f PATH -r N}: puts a file back N versions, as the original tool did
 * ({@code -r -3} and {@code -r 3} both mean "three versions back"). The old content is written
 * into the shared folder like any edit, so it becomes a new version; history is never rewritten.
 */
@Command(name = "revert", mixinStandardHelpOptions = true,
    description = {"Put a file back N versions: the content of version (newest - N) becomes a new"
        + " version, recorded by the listener with origin cli and your user name.",
        "Needs a running listener ('revkeep up')."})
final class RevertCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption configOption;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "PATH",
      description = "file, relative to the shared folder")
  String path;

  @Option(names = {"-r", "--revisions"}, required = true, paramLabel = "N",
      description = "how many versions back; -N means the same as N")
  int back;

  @Override
  public Integer call() throws Exception {
    if (back == 0) {
      throw new ParameterException(spec.commandLine(),
          "-r 0 would change nothing: give how many versions back, e.g. -r 1");
    }
    int steps = Math.abs(back);
    Logging.configureConsoleOnly(Level.WARN);
    Config config = configOption.load();
    String rel = SharedRoot.normalize(path);
    try (Store store = Services.openStore(config)) {
      WriteBack writer = new WriteBack(config, store, Services.openVault(config));
      if (store.file(rel).isEmpty()) {
        throw new UserError("no history for '" + rel + "': revkeep has never recorded it"
            + " (try 'revkeep ls' to see what it knows)");
      }
      writer.requireListener();
      writer.requireUnlocked(rel);
      Path abs = writer.requireVersionable(rel);
      writer.awaitCurrentRecorded(rel, abs);
      FileRecord current = store.file(rel).orElseThrow();
      int target = current.version() - steps;
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
      writer.requireContent(v.get());
      if (!current.deleted() && v.get().hash().equals(current.hash())) {
        System.out.printf("%s already has the content of version %d (it is version %d);"
            + " nothing to do%n", rel, target, current.version());
        return 0;
      }
      int now = writer.write(rel, v.get(), current.version());
      System.out.printf("reverted %s to version %d (now version %d)%n", rel, target, now);
      return 0;
    }
  }
}
