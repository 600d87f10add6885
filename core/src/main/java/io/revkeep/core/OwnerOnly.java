package io.revkeep.core;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * Creates and tightens revkeep's private files (the data folder, the database, the vault, the
 * journal, status files, secrets) so that only their owner can read them, whatever the process's
 * umask: folders {@code rwx------} (0700), files {@code rw-------} (0600). Modes are set
 * explicitly after creation, because a creation mode is only ever narrowed by the umask, and a
 * permissive umask must not widen anything either. On a file system without POSIX permissions
 * (Windows) every method only creates.
 */
public final class OwnerOnly {
  /** {@code rwx------}. */
  public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
  /** {@code rw-------}. */
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnly() {}

  /**
   * Creates {@code dir} as 0700 if it is missing (its missing parents get the ordinary mode, as
   * they may hold folders others must reach); an existing folder is left as it is.
   *
   * @return {@code dir}
   */
  public static Path createFolder(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return dir;
    }
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null && !Files.exists(parent)) {
      Files.createDirectories(parent);
    }
    try {
      if (posix(parent)) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(FOLDER));
        Files.setPosixFilePermissions(dir, FOLDER);
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
      // created by another process meanwhile: theirs is made the same way
    }
    return dir;
  }

  /**
   * Creates {@code file} empty as 0600 if it is missing; an existing file is left as it is.
   *
   * @return whether this call created it
   */
  public static boolean createFile(Path file) throws IOException {
    try {
      if (posix(file.toAbsolutePath().getParent())) {
        Files.createFile(file, fileAttribute());
        Files.setPosixFilePermissions(file, FILE);
      } else {
        Files.createFile(file);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  /** The creation attribute for a 0600 file, for {@code FileChannel.open} and the like. */
  public static FileAttribute<Set<PosixFilePermission>> fileAttribute() {
    return PosixFilePermissions.asFileAttribute(FILE);
  }

  /**
   * The creation attributes of a 0600 file in {@code folder}: {@link #fileAttribute()} where
   * its file system has POSIX modes, none where it has not (Windows), as {@link #createFile}
   * decides.
   */
  public static FileAttribute<?>[] fileAttributesIn(Path folder) throws IOException {
    return posix(folder) ? new FileAttribute<?>[] {fileAttribute()} : new FileAttribute<?>[0];
  }

  /**
   * Takes every permission of group and others away from {@code path} (a folder or file, not
   * followed if it is a link), if it has any and this process may change it.
   *
   * @return the mode it had, such as {@code rwxr-xr-x}, when it was changed; empty when it was
   *     already owner-only, is missing or a link, has no POSIX mode, or is not this user's to change
   */
  public static Optional<String> tighten(Path path) {
    try {
      PosixFileAttributeView view =
          Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      if (view == null || !Files.exists(path, LinkOption.NOFOLLOW_LINKS)
          || Files.isSymbolicLink(path)) {
        return Optional.empty();
      }
      Set<PosixFilePermission> mode = view.readAttributes().permissions();
      Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rwx------");
      owner.retainAll(mode);
      if (owner.equals(mode)) {
        return Optional.empty();
      }
      view.setPermissions(owner);
      return Optional.of(PosixFilePermissions.toString(mode));
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return Optional.empty(); // not ours (another user runs this command), or vanished
    }
  }

  private static boolean posix(Path existing) throws IOException {
    return existing != null && Files.getFileStore(existing)
        .supportsFileAttributeView(PosixFileAttributeView.class);
  }
}
