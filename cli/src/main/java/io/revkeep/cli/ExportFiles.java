package io.revkeep.cli;

import io.revkeep.core.Durable;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Writes recorded versions' bytes to a place outside the shared folder ({@code revkeep export};
 * {@link ExportCommand} refuses a destination inside the shared, data or backup folder). Every
 * file is atomic: a {@code .revkeep-tmp-*} name in the same folder (created new, so the umask
 * applies as to any new file), the bytes checked against the version's hash as they are copied,
 * fsync, rename, fsync of the folder. Nothing is recorded: the listener never sees these writes.
 */
final class ExportFiles {
  private final Vault vault;

  ExportFiles(Vault vault) {
    this.vault = vault;
  }

  /** A fresh temporary name in {@code folder}. */
  static Path tempIn(Path folder) {
    return folder.resolve(SharedRoot.TEMP_PREFIX + "export-" + UUID.randomUUID());
  }

  /** A new empty folder under a temporary name in {@code parent}. */
  static Path tempFolder(Path parent) throws IOException {
    return Files.createDirectory(tempIn(parent));
  }

  /** Creates a folder (and its parents) inside a folder this export made. */
  static void folders(Path dir) throws IOException {
    Files.createDirectories(dir);
  }

  /**
   * Writes {@code v}'s bytes at {@code target}: an existing file is replaced only with
   * {@code replace} (else a user error, and nothing changes).
   */
  void write(VersionRecord v, Path target, boolean replace) throws IOException {
    Path folder = target.getParent();
    Path tmp = stage(v, folder);
    try {
      if (replace) {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } else {
        // a hard link fails if the name exists, in one step (no check-then-act)
        try {
          Files.createLink(target, tmp);
        } catch (FileAlreadyExistsException e) {
          throw new UserError(target + " exists; give --force to replace it");
        } catch (UnsupportedOperationException | IOException noLinks) {
          if (Files.exists(target)) {
            throw new UserError(target + " exists; give --force to replace it");
          }
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    Durable.fsyncDirectory(folder);
  }

  /** Renames a folder this export filled to its final name, which must not exist. */
  static void placeFolder(Path tmp, Path dest) throws IOException {
    if (Files.exists(dest)) {
      throw new UserError(dest + " exists; give --force to write into it");
    }
    Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE);
    Durable.fsyncDirectory(dest.getParent());
  }

  /** Copies the bytes into a new temporary file beside the target, checked and fsynced. */
  private Path stage(VersionRecord v, Path folder) throws IOException {
    Path tmp = tempIn(folder);
    MessageDigest sha = sha256();
    try (InputStream in = vault.open(v.hash()).orElseThrow(() -> new UserError("the bytes of"
            + " version " + v.version() + " of " + v.path() + " are not in the vault (removed by"
            + " retention, or the vault is damaged)"));
        OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp,
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SYNC),
            sha)) {
      in.transferTo(out);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    if (!HexFormat.of().formatHex(sha.digest()).equals(v.hash())) {
      Files.deleteIfExists(tmp);
      throw new UserError("the vault's copy of version " + v.version() + " of " + v.path()
          + " is damaged ('revkeep verify --repair' rewrites it from the backup)");
    }
    return tmp;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this Java has no SHA-256", e);
    }
  }
}
