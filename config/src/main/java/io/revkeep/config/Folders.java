package io.revkeep.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks how the configured folders lie relative to each other and creates the missing ones. The
 * checks compare real paths (symbolic links in the existing part resolved), so a link cannot hide
 * the backup folder inside the shared folder; they run before anything is created. A new data or
 * backup folder is made owner-only (0700) whatever the umask: it holds password hashes, secrets and
 * every version's bytes. Existing folders are tightened by the services at start, where it can be
 * logged (see the cli's ServeCommands).
 */
final class Folders {
  private record Folder(String section, String key, String role, Path path, boolean ownerOnly) {
    Folder(String section, String key, String role, Path path) {
      this(section, key, role, path, false);
    }
  }

  /** The mode of a new data or backup folder, whatever the umask. */
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  private Folders() {}

  /** Refuses folders that overlap in a harmful way, then creates every missing folder. */
  static void prepare(Config config, IniFile ini) {
    for (Folder folder : check(config, ini)) {
      create(folder, ini);
    }
  }

  /** Refuses folders that overlap in a harmful way; creates nothing. Returns the folders. */
  static List<Folder> check(Config config, IniFile ini) {
    var shared = new Folder("paths", "shared", "shared", config.paths().shared());
    var backup = new Folder("paths", "backup", "backup", config.paths().backup(), true);
    var data = new Folder("paths", "data", "data", config.paths().data(), true);
    var logs = new Folder("logs", "dir", "logs", config.logs().dir());
    List<Folder> all = List.of(shared, backup, data, logs);

    Path realShared = realPath(shared, ini);
    Path realBackup = realPath(backup, ini);
    if (realBackup.equals(realShared)) {
      throw ini.error("paths", "backup", "the backup folder is the shared folder (" + realShared
          + "): the listener would record every backup copy as a new version, forever; use a separate folder");
    }
    if (realBackup.startsWith(realShared)) {
      throw ini.error("paths", "backup", "the backup folder " + realBackup + " is inside the shared folder "
          + realShared + ": the listener would record every backup copy as a new version, forever;"
          + " use a folder outside it");
    }
    if (realShared.startsWith(realBackup)) {
      throw ini.error("paths", "backup", "the shared folder " + realShared + " is inside the backup folder "
          + realBackup + ": live files and backup copies would mix; use a folder outside it");
    }
    for (Folder own : List.of(data, logs)) {
      Path real = realPath(own, ini);
      if (real.startsWith(realShared)) {
        throw ini.error(own.section(), own.key(), "the " + own.role() + " folder " + real
            + " is inside the shared folder " + realShared
            + ": the listener would record revkeep's own files as new versions, forever; use a folder outside it");
      }
    }
    return all;
  }

  /** The path with the symbolic links of its existing part resolved. */
  private static Path realPath(Folder folder, IniFile ini) {
    Path existing = folder.path();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return folder.path();
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(folder.path())).normalize();
    } catch (IOException e) {
      throw ini.error(folder.section(), folder.key(), "cannot resolve " + existing + ": " + reason(e, existing));
    }
  }

  private static void create(Folder folder, IniFile ini) {
    Path path = folder.path();
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw ini.error(folder.section(), folder.key(), path + " exists and is not a folder");
    }
    try {
      if (folder.ownerOnly() && !Files.exists(path)) {
        createOwnerOnly(path);
      } else {
        Files.createDirectories(path);
      }
    } catch (IOException e) {
      throw ini.error(folder.section(), folder.key(), "cannot create the " + folder.role() + " folder "
          + path + ": " + reason(e, path));
    }
    if (!Files.isWritable(path)) {
      throw ini.error(folder.section(), folder.key(), "the " + folder.role() + " folder " + path
          + " is not writable");
    }
  }

  /**
   * Creates the folder as 0700 (its missing parents with the ordinary mode: they may hold the
   * shared folder); set explicitly, since a creation mode is only ever narrowed by the umask.
   */
  private static void createOwnerOnly(Path path) throws IOException {
    Path parent = path.getParent();
    if (parent != null && !Files.exists(parent)) {
      Files.createDirectories(parent);
    }
    if (parent == null || !Files.isDirectory(parent) || !Files.getFileStore(parent)
        .supportsFileAttributeView(PosixFileAttributeView.class)) {
      Files.createDirectories(path);
      return;
    }
    try {
      Files.createDirectory(path, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(path)) {
        throw e;
      }
      return; // another process made it meanwhile
    }
    Files.setPosixFilePermissions(path, OWNER_ONLY);
  }

  /** Why an operation on {@code path} failed, naming the file only if it is another one. */
  private static String reason(IOException e, Path path) {
    if (!(e instanceof FileSystemException fs)) {
      return e.toString();
    }
    String why = e instanceof AccessDeniedException ? "permission denied"
        : fs.getReason() != null ? fs.getReason().toLowerCase(Locale.ROOT)
        : e.getClass().getSimpleName();
    return fs.getFile() == null || Path.of(fs.getFile()).equals(path) ? why : why + " (" + fs.getFile() + ")";
  }
}
