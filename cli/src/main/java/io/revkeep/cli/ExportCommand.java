package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.core.Printable;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code revkeep export PATH|DIR[@REV|@TIME] DEST}: a file's version, or a whole folder as it is
 * or as it was, written to a place outside the shared folder, as {@code git archive} does; no
 * version is recorded. A folder is built under a temporary name beside DEST and renamed into
 * place, so DEST appears whole or not at all; with {@code --force} an existing DEST is written
 * into, file by file (each atomic). Writing is {@link ExportFiles}'.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = {"Write a file's version, or a folder as it was, to DEST outside the shared"
        + " folder; nothing is recorded.",
        "PATH, PATH@N, PATH@-N, PATH@TIME: one file (DEST a file name, or a folder to put it in);"
            + " DIR or DIR@TIME: every file below DIR as it was then, into the new folder DEST.",
        "An existing file or folder is not replaced unless --force."})
final class ExportCommand extends StoreCommand {
  @Parameters(index = "0", paramLabel = "PATH[@REV]", description = "what to export, and when")
  String source;

  @Parameters(index = "1", paramLabel = "DEST", description = "where, outside the shared folder")
  Path dest;

  @Option(names = "--force", description = "replace an existing file; write into an existing"
      + " folder")
  boolean force;

  @Override
  int run(Config config, Store store) throws Exception {
    Revision rev = Revision.parse(source);
    PathArguments paths = PathArguments.of(config);
    Path target = dest.toAbsolutePath().normalize();
    refuseInside(config, target);
    ExportFiles files = new ExportFiles(Services.openVault(config));
    String dir = paths.dir(rev.path);
    Optional<FileRecord> file = dir.isEmpty() ? Optional.empty() : store.file(dir);
    if (file.isPresent()) {
      VersionRecord v = rev.resolve(store, dir);
      if (v.hash() == null) {
        throw new UserError("version " + v.version() + " of " + dir + " is a deletion: it has no"
            + " content; pick another version (see 'revkeep log " + dir + "')");
      }
      Path out = Files.isDirectory(target)
          ? target.resolve(dir.substring(dir.lastIndexOf('/') + 1)) : target;
      requireFolder(out.getParent());
      files.write(v, out, force);
      System.out.println("exported " + Printable.of(dir) + " version " + v.version() + " to "
          + Printable.of(out));
      return 0;
    }
    if (rev.given() && rev.kind != Revision.Kind.TIME) {
      throw new BadUsage("'" + rev.path + "' is not a recorded file: a folder is exported as of"
          + " a time, DIR@TIME");
    }
    List<VersionRecord> versions = versions(store, dir, rev.given() ? rev.at : null);
    if (versions.isEmpty()) {
      String where = dir.isEmpty() ? "the shared folder" : "'" + dir + "'";
      throw new UserError(rev.given() ? "nothing was in " + where + " at " + rev.at
          : "revkeep knows no file in " + where + " (see 'revkeep ls')");
    }
    writeFolder(files, dir, versions, target);
    System.out.println("exported " + versions.size() + " file" + (versions.size() == 1 ? "" : "s")
        + " of " + (dir.isEmpty() ? "the shared folder" : Printable.of(dir))
        + (rev.given() ? " as of " + rev.at : "") + " to " + Printable.of(target));
    return 0;
  }

  /** The versions to write: each live file's newest, or each file's version at {@code at}. */
  private static List<VersionRecord> versions(Store store, String dir, Instant at) {
    List<VersionRecord> out = new ArrayList<>();
    if (at != null) {
      store.filesAt(dir, at).stream().filter(v -> v.hash() != null).forEach(out::add);
      return out;
    }
    for (FileRecord r : store.files(dir, true, false)) {
      store.version(r.path(), r.version()).filter(v -> v.hash() != null).ifPresent(out::add);
    }
    return out;
  }

  private void writeFolder(ExportFiles files, String dir, List<VersionRecord> versions,
      Path target) throws IOException {
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw new UserError(target + " exists and is not a folder");
    }
    if (Files.exists(target) && !force) {
      throw new UserError(target + " exists; give --force to write into it");
    }
    requireFolder(target.getParent());
    boolean whole = !Files.exists(target);
    Path into = whole ? ExportFiles.tempFolder(target.getParent()) : target;
    String prefix = dir.isEmpty() ? "" : dir + "/";
    for (VersionRecord v : versions) {
      Path out = into.resolve(v.path().substring(prefix.length())).normalize();
      if (!out.startsWith(into) || out.equals(into)) {
        throw new UserError("the recorded path '" + v.path() + "' cannot be exported");
      }
      ExportFiles.folders(out.getParent());
      files.write(v, out, force);
    }
    if (whole) {
      ExportFiles.placeFolder(into, target);
    }
  }

  private static void requireFolder(Path folder) {
    if (folder == null || !Files.isDirectory(folder)) {
      throw new UserError("the folder " + folder + " does not exist; create it first");
    }
  }

  /** DEST must lie outside the shared folder and revkeep's own folders (links resolved). */
  private static void refuseInside(Config config, Path target) {
    Path real = realExistingPart(target);
    for (Path own : List.of(config.paths().shared(), config.paths().data(),
        config.paths().backup())) {
      Path ownReal = realExistingPart(own.toAbsolutePath().normalize());
      if (real.startsWith(ownReal) || target.startsWith(own)) {
        throw new UserError(target + " is inside revkeep's " + (own.equals(config.paths().shared())
            ? "shared folder: to put a version back there, use 'revkeep restore'"
            : "own folders; export to a place outside them"));
      }
    }
  }

  private static Path realExistingPart(Path p) {
    Path existing = p;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return p;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(p)).normalize();
    } catch (IOException e) {
      return p;
    }
  }
}
