package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.Store;
import java.io.InputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code revkeep show PATH[@REV]}: a version's bytes on standard output, as {@code git show
 * REV:PATH} prints them; nothing is written anywhere. The bytes are the vault's, exactly.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
    description = {"Print a version of a file to standard output: PATH (the newest), PATH@N,"
        + " PATH@-N or PATH@TIME.",
        "E.g. revkeep show report.txt@-1 > old-report.txt"})
final class ShowCommand extends StoreCommand {
  @Parameters(paramLabel = "PATH[@REV]", description = "the file, and which version")
  String path;

  @Override
  int run(Config config, Store store) throws Exception {
    Revision rev = Revision.parse(path);
    String rel = PathArguments.of(config).file(rev.path);
    VersionRecord v = rev.resolve(store, rel);
    if (v.hash() == null) {
      throw new UserError("version " + v.version() + " of " + rel + " is a deletion: it has no"
          + " content; pick another version (see 'revkeep log " + rel + "')");
    }
    try (InputStream in = Services.openVault(config).open(v.hash()).orElseThrow(
        () -> new UserError("the bytes of version " + v.version() + " of " + rel + " are not in"
            + " the vault (removed by retention, or the vault is damaged)"))) {
      in.transferTo(System.out);
    }
    System.out.flush();
    return 0;
  }
}
