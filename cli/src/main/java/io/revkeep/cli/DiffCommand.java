package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.core.Printable;
import io.revkeep.core.TextDiff;
import io.revkeep.core.VersionsTooDifferentException;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code revkeep diff PATH V1 [V2]}: the unified diff between two recorded versions of a text
 * file (V2 defaults to the newest). Binary content is reported as such, not diffed; versions
 * too different to show line by line ({@link TextDiff#MAX_CHANGED_LINES}) get one line and exit
 * status 1. The exit status is 0 whether or not the versions differ (1 is kept for failures).
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = "Show a unified diff between two versions of a text file (V2 defaults to the"
        + " newest version).")
final class DiffCommand implements Callable<Integer> {
  /** Larger versions are not diffed in memory. */
  static final long MAX_BYTES = 16L * 1024 * 1024;
  @Mixin ConfigOption configOption;

  @Parameters(index = "0", paramLabel = "PATH", description = "file, relative to the shared folder")
  String path;

  @Parameters(index = "1", paramLabel = "V1", description = "the older version")
  int v1;

  @Parameters(index = "2", paramLabel = "V2", arity = "0..1",
      description = "the newer version (default: the newest)")
  Integer v2;

  @Override
  public Integer call() throws Exception {
    Logging.configureConsoleOnly(Level.WARN);
    Config config = configOption.load();
    String rel = PathArguments.of(config).file(path);
    try (Store store = Services.openStore(config)) {
      Vault vault = Services.openVault(config);
      Optional<FileRecord> rec = store.file(rel);
      if (rec.isEmpty()) {
        throw new UserError("no history for '" + rel + "': revkeep has never recorded it"
            + " (try 'revkeep ls' to see what it knows)");
      }
      int newest = rec.get().version();
      int to = v2 == null ? newest : v2;
      VersionRecord a = version(store, rel, v1, newest);
      VersionRecord b = version(store, rel, to, newest);
      byte[] left = bytes(vault, a);
      byte[] right = bytes(vault, b);
      if (Arrays.equals(left, right)) {
        return 0; // as diff(1): no output when there is no difference
      }
      Optional<List<String>> linesA = TextDiff.lines(left);
      Optional<List<String>> linesB = TextDiff.lines(right);
      if (linesA.isEmpty() || linesB.isEmpty()) {
        System.out.printf("Binary versions %d and %d of %s differ%n", a.version(), b.version(),
            Printable.of(rel));
        return 0;
      }
      // The headers name the file escaped; the content lines are the file's own, as diff(1) prints.
      String shown = Printable.of(rel);
      List<String> diff;
      try {
        diff = TextDiff.unified(TextDiff.label(shown, a.version()), linesA.get(),
            TextDiff.label(shown, b.version()), linesB.get());
      } catch (VersionsTooDifferentException e) {
        throw new UserError("versions " + a.version() + " and " + b.version() + " of " + shown
            + " are too different to show line by line (more than " + TextDiff.MAX_CHANGED_LINES
            + " changed lines); restore them with --to and compare with another tool");
      }
      for (String line : diff) {
        System.out.println(line);
      }
      return 0;
    }
  }

  private static VersionRecord version(Store store, String rel, int n, int newest) {
    Optional<VersionRecord> v = store.version(rel, n);
    if (v.isPresent()) {
      return v.get();
    }
    throw new UserError(n < 1 || n > newest
        ? "no version " + n + " of " + rel + ": it has " + newest + " version"
            + (newest == 1 ? "" : "s")
        : "version " + n + " of " + rel + " is no longer kept (see 'revkeep history " + rel
            + "')");
  }

  private static byte[] bytes(Vault vault, VersionRecord v) throws IOException {
    if (v.hash() == null) {
      throw new UserError("version " + v.version() + " of " + v.path() + " is a deletion: it has"
          + " no content to compare; pick another version (see 'revkeep history " + v.path()
          + "')");
    }
    if (v.size() > MAX_BYTES) {
      throw new UserError("version " + v.version() + " of " + v.path() + " is " + v.size()
          + " bytes, more than the " + MAX_BYTES + " that diff compares; restore it with"
          + " --to and compare with another tool");
    }
    Optional<InputStream> in = vault.open(v.hash());
    if (in.isEmpty()) {
      throw new UserError("the bytes of version " + v.version() + " of " + v.path()
          + " are not in the vault (removed by retention, or the vault is damaged)");
    }
    try (InputStream s = in.get()) {
      return s.readAllBytes();
    }
  }
}
