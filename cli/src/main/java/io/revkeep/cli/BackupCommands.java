package io.revkeep.cli;

import io.revkeep.backup.BackupDaemon;
import io.revkeep.backup.BackupSettings;
import io.revkeep.backup.BackupFolder;
import io.revkeep.backup.Pruner;
import io.revkeep.backup.RetentionPolicy.Removal;
import io.revkeep.backup.RetentionPolicy;
import io.revkeep.backup.Verifier;
import io.revkeep.config.Config;
import io.revkeep.core.FeedToken;
import io.revkeep.core.Printable;
import io.revkeep.core.store.Pin;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The backup's short commands: {@code prune [--dry-run]}, {@code verify}, {@code pin},
 * {@code unpin}, {@code pins}; and how the long-running backup is built from the configuration
 * ({@link #startDaemon}, used by {@code up} and {@code backup} in {@link ServeCommands}).
 */
final class BackupCommands {
  private BackupCommands() {}

  /**
   * Starts the backup daemon as configured.
   *
   * @param store the open store (vault mode), or null in feed mode
   * @param vault the open vault (vault mode), or null in feed mode
   * @param feedHost the listener's feed host
   * @param feedPort the listener's feed port
   */
  static BackupDaemon startDaemon(Config config, Store store, Vault vault, String feedHost,
      int feedPort) throws IOException {
    boolean vaultMode = config.backup().source() == Config.BackupSource.VAULT;
    String token;
    if (vaultMode) {
      token = FeedToken.resolve(config.listener().token(), config.paths().data());
    } else if (config.listener().token().isBlank()) {
      throw new UserError("[backup] source = feed needs the listener's feed secret in [listener]"
          + " token (on the listener's host it is [listener] token or <data>/" + FeedToken.FILE
          + ")");
    } else {
      token = config.listener().token().trim();
    }
    BackupSettings settings = BackupSettings.of(config.paths().backup(),
        config.revisions().revisionSuffix(),
        vaultMode ? BackupSettings.Source.VAULT : BackupSettings.Source.FEED, feedHost, feedPort,
        token, vaultMode ? config.paths().data() : null)
        .withFeedTls(Services.feedClientTls(config))
        .withScrub(config.backup().scrubEvery(), config.backup().scrubRate());
    return BackupDaemon.start(settings, vaultMode ? store : null, vaultMode ? vault : null,
        RetentionPolicy.from(config.revisions()), Services.CLOCK);
  }

  /** A store command that may look at the backup folder. */
  private abstract static class WithStore extends StoreCommand {
    /** The backup folder, if a backup has ever written into it. */
    static BackupFolder backupFolder(Config config) {
      BackupFolder folder = new BackupFolder(config.paths().backup(),
          config.revisions().revisionSuffix());
      return folder.hasState() ? folder : null;
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = "Apply retention ([revisions] policy, count, max_age, quota): remove the bytes"
          + " (backup copies, unreferenced vault objects) of versions it does not keep. Records"
          + " and pinned versions stay.")
  static final class Prune extends WithStore {
    @Option(names = "--dry-run", description = "print what would be removed and why; remove nothing")
    boolean dryRun;

    @Override
    int run(Config config, Store store) throws IOException {
      Vault vault = Services.openVault(config);
      BackupFolder folder = backupFolder(config);
      RetentionPolicy policy = RetentionPolicy.from(config.revisions());
      Pruner pruner = new Pruner(store, vault, folder, policy);
      Pruner.Plan plan = pruner.plan(Services.CLOCK.instant());
      System.out.println("policy: " + plan.policy());
      for (Removal r : plan.removals()) {
        System.out.println((dryRun ? "would remove " : "remove ") + Printable.of(r));
      }
      for (String hash : plan.vaultObjects()) {
        System.out.println((dryRun ? "would remove " : "remove ") + "vault object " + hash
            + ": no retained version uses it");
      }
      if (dryRun) {
        System.out.printf("%d of %d versions and %d vault objects would be removed (dry run:"
            + " nothing changed)%n", plan.removals().size(), plan.versions().size(),
            plan.vaultObjects().size());
        return 0;
      }
      Pruner.Result result = pruner.apply(plan);
      System.out.printf("removed %d backup copies and %d vault objects (%d bytes); %d versions"
          + " kept%n", result.copiesRemoved(), result.vaultObjectsRemoved(), result.bytesFreed(),
          plan.versions().size() - plan.removals().size());
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Check both sides of every retained version: its vault object and its backup"
          + " copy, each against the version's hash; list every problem, one line each.",
          "With --repair, a damaged or missing side is rewritten from the other (the damaged"
              + " file is quarantined first, never overwritten); what cannot be repaired is"
              + " listed.",
          "Exit status 1 when anything is left wrong."})
  static final class Verify extends WithStore {
    @Option(names = "--repair",
        description = "rewrite a damaged or missing vault object from its backup copy, and a"
            + " damaged or missing backup copy from the vault")
    boolean repair;

    @Option(names = "--json", description = "print machine-readable JSON")
    boolean json;

    @Override
    int run(Config config, Store store) throws IOException {
      Vault vault = Services.openVault(config);
      BackupFolder folder = backupFolder(config);
      Pruner pruner = new Pruner(store, vault, folder, RetentionPolicy.from(config.revisions()));
      Verifier.Report report = Verifier.verify(pruner.plan(Services.CLOCK.instant()), vault,
          folder, repair);
      String checked = report.versions() + " versions, " + report.vaultObjects()
          + " vault objects, " + (folder == null ? "no backup copies (no backup has run into "
              + config.paths().backup() + ")" : report.copies() + " backup copies");
      if (json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", report.ok());
        out.put("versions", report.versions());
        out.put("vault_objects", report.vaultObjects());
        out.put("backup_copies", folder == null ? null : report.copies());
        out.put("problems", report.problems());
        out.put("repaired", report.repaired());
        System.out.println(Json.write(out));
        return report.ok() ? 0 : Main.EXIT_FAILURE;
      }
      report.repaired().forEach(line -> System.out.println("repaired: " + Printable.of(line)));
      report.problems().forEach(problem -> System.out.println(Printable.of(problem)));
      if (!report.ok()) {
        System.err.println("revkeep: verify found " + report.problems().size()
            + (repair ? " problems it could not repair" : " problems") + " in " + checked
            + (report.repaired().isEmpty() ? "" : " (repaired " + report.repaired().size()
                + ")"));
        return Main.EXIT_FAILURE;
      }
      System.out.println("ok: " + checked + " match their hashes"
          + (report.repaired().isEmpty() ? "" : " (" + report.repaired().size()
              + " repaired)"));
      return 0;
    }
  }

  @Command(name = "pin",
      description = "Keep one version's bytes through every retention policy.")
  static final class PinVersion extends WithStore {
    @Mixin PathVersion target;

    @Option(names = "--label", paramLabel = "TEXT", defaultValue = "pinned",
        description = "why it is kept (default: ${DEFAULT-VALUE})")
    String label;

    @Override
    int run(Config config, Store store) throws Exception {
      String rel = target.rel(config);
      int version = target.version(store, rel);
      if (!store.pin(rel, version, label, Services.CLOCK.instant())) {
        throw new UserError("'" + rel + "' has no version " + version
            + " (see 'revkeep history " + rel + "')");
      }
      System.out.println("pinned " + Printable.of(rel) + " version " + version + ": "
          + Printable.of(label));
      return 0;
    }
  }

  @Command(name = "unpin",
      description = "Let retention treat a pinned version like any other again.")
  static final class Unpin extends WithStore {
    @Mixin PathVersion target;

    @Override
    int run(Config config, Store store) throws Exception {
      String rel = target.rel(config);
      int version = target.version(store, rel);
      if (!store.unpin(rel, version)) {
        throw new UserError("version " + version + " of '" + rel + "' is not pinned");
      }
      System.out.println("unpinned " + Printable.of(rel) + " version " + version);
      return 0;
    }
  }

  @Command(name = "pins", mixinStandardHelpOptions = true,
      description = "List the pinned versions of a file.")
  static final class Pins extends WithStore {
    @Parameters(paramLabel = "PATH", description = "file, relative to the shared folder")
    String path;

    @Override
    int run(Config config, Store store) throws Exception {
      String rel = PathArguments.of(config).file(path);
      List<Pin> pins = store.pins(rel);
      if (pins.isEmpty()) {
        System.out.println("no pinned versions of " + Printable.of(rel));
      }
      for (Pin p : pins) {
        System.out.println(Printable.of(rel) + " version " + p.version() + ": "
            + Printable.of(p.label()));
      }
      return 0;
    }
  }

  /**
   * PATH@REV, or PATH and --version N, with -h/--help declared by hand: picocli's standard help
   * options would bring -V/--version, which takes the command's own --version N.
   */
  static final class PathVersion {
    @Option(names = {"-h", "--help"}, usageHelp = true,
        description = "Show this help message and exit.")
    boolean help;

    @Parameters(paramLabel = "PATH@REV",
        description = "file and version: report.txt@3, report.txt@-1, report.txt@TIME")
    String path;

    @Option(names = "--version", paramLabel = "N", description = "the version (or PATH@N)")
    Integer version;

    private Revision revision() {
      Revision rev = Revision.parse(path);
      if (rev.given() == (version != null)) {
        throw new BadUsage(rev.given() ? "give the version once: " + path + " or --version N"
            : "say which version: " + path + "@N or " + path + " --version N");
      }
      return rev;
    }

    String rel(Config config) throws Exception {
      return PathArguments.of(config).file(revision().path);
    }

    int version(Store store, String rel) {
      Revision rev = revision();
      return rev.given() ? rev.resolve(store, rel).version() : version;
    }
  }
}
