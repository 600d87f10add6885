package io.revkeep.cli;

import io.revkeep.backup.BackupRecord;
import io.revkeep.backup.RecordDamagedException;
import io.revkeep.backup.RecordedRemoval;
import io.revkeep.backup.RecordedVersion;
import io.revkeep.config.Config;
import io.revkeep.core.Printable;
import io.revkeep.core.model.ImportedVersion;
import io.revkeep.core.model.Origin;
import io.revkeep.core.recover.HistoryRebuild;
import io.revkeep.core.store.ImportException;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code revkeep recover --from-backup DIR}: rebuilds a lost data folder — the store and the
 * vault — from a backup folder alone (docs/ARCHITECTURE.md, "Recovering from the backup"). The
 * backup's record ({@link BackupRecord}) gives the history, its copies the bytes;
 * {@link HistoryRebuild} checks every copy against its hash as it puts it into the vault and
 * imports the versions into the empty store with their original seqs, so the backup (same
 * folder) carries on from its cursor.
 *
 * <p>Every refusal comes before anything is written (exit 2): a data folder or store that is not
 * empty, a folder that holds no backup record, a backup inside the shared folder, a damaged or
 * not yet complete record.
 */
@Command(name = "recover", mixinStandardHelpOptions = true,
    description = "Rebuild an empty data folder (the store and the vault) from a backup folder"
        + " after the data disk was lost; then start 'revkeep up'. Users are not in the backup:"
        + " the first admin is created as on a new install.")
final class RecoverCommand implements Callable<Integer> {
  @Mixin ConfigOption configOption;

  @Option(names = "--from-backup", required = true, paramLabel = "DIR",
      description = "the backup folder to recover from (the [paths] backup of the lost server)")
  Path from;

  /** A refusal: one line on stderr, exit 2, nothing changed. */
  private static final class Refused extends Exception {
    Refused(String message) {
      super(message);
    }
  }

  @Override
  public Integer call() throws Exception {
    Logging.configureConsoleOnly(Level.WARN);
    Config config = configOption.loadCreating();
    try {
      return recover(config);
    } catch (Refused r) {
      System.err.println("revkeep: recover refused: " + Printable.of(r.getMessage())
          + "; nothing was changed");
      return Main.EXIT_USAGE;
    }
  }

  private int recover(Config config) throws Exception {
    Path backup = real(from);
    Path data = real(config.paths().data());
    Path shared = real(config.paths().shared());
    if (!Files.isDirectory(backup) || !BackupRecord.exists(backup)) {
      throw new Refused(from + " is not a revkeep backup folder (it has no .revkeep-backup/record)");
    }
    if (inside(backup, shared) || inside(shared, backup)) {
      throw new Refused(from + " is inside the shared folder " + shared
          + " (or holds it); recover from the backup folder itself");
    }
    if (inside(data, backup) || inside(backup, data)) {
      throw new Refused("the data folder " + data + " and the backup " + from + " overlap");
    }
    if (!emptyOrMissing(data)) {
      throw new Refused("the data folder " + data + " is not empty; recover rebuilds only an"
          + " empty (or missing) data folder — move the old one aside first");
    }
    BackupRecord record;
    try {
      record = BackupRecord.read(backup);
    } catch (RecordDamagedException e) {
      throw new Refused("the " + e.getMessage() + " (restore that file from another copy of"
          + " the backup folder)");
    }
    if (!record.complete()) {
      throw new Refused(from + " was written before the backup record and has not been"
          + " migrated yet (a running 'revkeep backup' migrates it); its record is incomplete");
    }
    if (record.versions().isEmpty()) {
      throw new Refused(from + " records no version: there is nothing to recover");
    }

    long started = System.nanoTime();
    HistoryRebuild.Report report;
    // The store is asked before the vault is opened: a Couchbase bucket that is not empty is
    // refused with nothing written into the data folder (loading the configuration only made it,
    // empty, as for every command). SQLite's file lives in the data folder, just found empty, so
    // that store is empty too.
    try (Store store = Services.openStore(config)) {
      if (!store.isEmpty()) {
        throw new Refused("the store (" + config.store().type().name().toLowerCase()
            + ") already holds files or events; recover rebuilds only an empty store");
      }
      Vault vault = Services.openVault(config);
      Map<Long, RecordedVersion> bySeq = bySeq(record);
      HistoryRebuild.Copies copies = v -> open(record, bySeq.get(v.seq()));
      Iterator<ImportedVersion> versions = record.versions().stream()
          .map(RecoverCommand::imported).iterator();
      try {
        report = new HistoryRebuild(store, vault, copies).run(versions, record.lastSeq());
      } catch (ImportException e) {
        // The record says something the store refuses: its history does not hold together.
        System.err.println("revkeep: recover stopped: " + Printable.of(e.getMessage())
            + "; empty the data folder (and the store) before another attempt");
        return Main.EXIT_FAILURE;
      }
    }
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    return print(record, bySeq(record), report, took);
  }

  private static Map<Long, RecordedVersion> bySeq(BackupRecord record) {
    Map<Long, RecordedVersion> bySeq = new HashMap<>();
    record.versions().forEach(v -> bySeq.put(v.seq(), v));
    return bySeq;
  }

  /** Reports each problem in one line, then a summary; the exit status. */
  private static int print(BackupRecord record, Map<Long, RecordedVersion> bySeq,
      HistoryRebuild.Report report, Duration took) {
    long lost = 0;
    for (ImportedVersion v : report.damaged()) {
      System.out.println("damaged copy: " + v.describe() + ": its bytes are not the version's"
          + " hash " + v.hash());
    }
    for (ImportedVersion v : report.unrecovered()) {
      Optional<RecordedRemoval> removal = record.removal(v.seq());
      if (removal.isPresent()) {
        System.out.println("removed by retention: " + v.describe() + " on "
            + removal.get().removedAt() + " (" + Printable.of(removal.get().reason()) + ")");
      } else if (bySeq.get(v.seq()).copy() == null) {
        // The backup recorded the version without a copy: retention in the data folder had
        // removed its bytes before the backup reached it (docs/ARCHITECTURE.md, "The backup
        // record"), so the backup never held them.
        System.out.println("removed by retention: " + v.describe() + " before the backup"
            + " copied it");
      } else if (report.damaged().contains(v)) {
        lost++;
        System.out.println("lost: " + v.describe() + ": its copy is damaged and no other copy"
            + " holds its bytes");
      } else {
        lost++;
        System.out.println("lost: " + v.describe() + ": its copy is missing from the backup");
      }
    }
    System.out.printf("recovered %d versions (up to seq %d), %d contents (%d bytes) in %.1f s;"
        + " %d damaged copies, %d versions removed by retention, %d versions lost%n",
        report.versions(), record.lastSeq(), report.objects(), report.bytes(),
        took.toMillis() / 1000.0, report.damaged().size(), report.unrecovered().size() - lost,
        lost);
    System.out.println("users are not in the backup: 'revkeep up' creates the first admin as on"
        + " a new install (its password is printed and written to <data>/initial-admin-password)");
    return lost == 0 ? 0 : Main.EXIT_FAILURE;
  }

  /**
   * A recorded version as the store imports it. A record written from the events of a listener
   * that did not send the origin (an older peer) has origin null: such a listener only ever
   * recorded what it saw on disk, so it is imported as {@link Origin#FS}.
   */
  static ImportedVersion imported(RecordedVersion v) {
    Origin origin = v.origin() == null ? Origin.FS : v.origin();
    return new ImportedVersion(v.seq(), v.action(), v.path(), v.from(), v.version(), v.hash(),
        v.size(), v.time(), v.user(), origin, v.changeSet(), v.location());
  }

  /** The copy of a version, or empty when it has none or it is gone. */
  private static Optional<InputStream> open(BackupRecord record, RecordedVersion v)
      throws IOException {
    if (v == null) {
      return Optional.empty();
    }
    Optional<Path> file = record.copyFile(v);
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.newInputStream(file.get()));
    } catch (NoSuchFileException gone) {
      return Optional.empty();
    }
  }

  /** The path with its links resolved where it exists, so a link cannot hide an overlap. */
  private static Path real(Path p) throws IOException {
    Path abs = p.toAbsolutePath().normalize();
    return Files.exists(abs) ? abs.toRealPath() : abs;
  }

  private static boolean inside(Path child, Path parent) {
    return child.startsWith(parent);
  }

  private static boolean emptyOrMissing(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
