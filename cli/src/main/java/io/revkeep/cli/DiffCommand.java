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
 * {@code revkeep diff PATH@A [@B]} (or {@code diff PATH A [B]}): the unified diff between two
 * recorded versions of a text file, each a {@link Revision} (B defaults to the newest). Binary content is reported as such, not diffed; versions
 * too different to show line by line ({@link TextDiff#MAX_CHANGED_LINES}) get one line and exit
 * status 1. The exit status is 0 whether or not the versions differ (1 is kept for failures).
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
    description = {"Show a unified diff between two versions of a text file: diff PATH@A [@B]"
        + " (B defaults to the newest), e.g. diff report.txt@-1, diff report.txt@2 @5,"
        + " diff 'report.txt@yesterday 9:00'.",
        "The older form diff PATH V1 [V2] takes version numbers."})
final class DiffCommand implements Callable<Integer> {
  /** Larger versions are not diffed in memory. */
  static final long MAX_BYTES = 16L * 1024 * 1024;
  @Mixin ConfigOption configOption;

  @Parameters(index = "0", paramLabel = "PATH@A", description = "file and the older version")
  String path;

  @Parameters(index = "1..2", arity = "0..2", paramLabel = "B",
      description = "@B, PATH@B or a version number (default: the newest); with PATH alone,"
          + " the older version's number and then the newer's")
  List<String> more = new java.util.ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Logging.configureConsoleOnly(Level.WARN);
    Revision first = Revision.parse(path);
    List<String> numbers = first.given() ? List.of() : more;
    if (!first.given() && more.isEmpty()) {
      throw new BadUsage("give two versions: diff " + path + "@-1 (the one before the newest),"
          + " diff " + path + "@A @B, or diff PATH V1 [V2]");
    }
    if (first.given() && more.size() > 1) {
      throw new BadUsage("give at most two versions: diff PATH@A [@B]");
    }
    for (String n : numbers) {
      if (!n.matches("\\d{1,9}")) {
        throw new BadUsage("'" + n + "' is not a version number; write diff " + path + "@" + n
            + " for a time");
      }
    }
    Config config = configOption.load();
    PathArguments paths = PathArguments.of(config);
    String rel = paths.file(first.path);
    try (Store store = Services.openStore(config)) {
      Vault vault = Services.openVault(config);
      Optional<FileRecord> rec = store.file(rel);
      if (rec.isEmpty()) {
        throw new UserError("no history for '" + rel + "': revkeep has never recorded it"
            + " (try 'revkeep ls' to see what it knows)");
      }
      Revision older = first.given() ? first : Revision.parse(first.path + "@" + numbers.get(0));
      Revision newer = Revision.parse(first.path + "@");
      if (first.given() && !more.isEmpty()) {
        String b = more.get(0);
        newer = Revision.parse(b.startsWith("@") ? first.path + b : b);
        if (!b.startsWith("@") && !newer.given() && b.matches("\\d{1,9}")) {
          newer = Revision.parse(first.path + "@" + b);
        } else if (!b.startsWith("@") && !paths.file(newer.path).equals(rel)) {
          throw new BadUsage("diff compares two versions of one file; give the second as @B");
        }
      } else if (numbers.size() == 2) {
        newer = Revision.parse(first.path + "@" + numbers.get(1));
      }
      VersionRecord a = older.resolve(store, rel);
      VersionRecord b = newer.resolve(store, rel);
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
