package io.revkeep.backup;

import io.revkeep.core.Durable;
import io.revkeep.core.Sha256;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Rewrites one side's damaged or missing copy of some bytes from the other side's good one, for
 * {@code revkeep verify --repair} ({@link Verifier}) and the background scrub ({@link Scrubber}).
 *
 * <p>Nothing is overwritten with other bytes: a file that stands where the bytes belong is hashed
 * once more just before it is moved (another repair may have put the right bytes there since it
 * was found damaged) and, if still wrong, moved aside — a backup copy to the backup's {@link
 * Quarantine}, a vault object to {@code <vault>/quarantine/<hash>.<UTC time>-<random>} (not the
 * vault's trash, which retention empties and puts back from: {@link Pruner}). The new bytes are
 * written to a temporary file, fsynced and checked against the hash before they take the place by
 * an atomic rename; a backup copy takes it by a hard link, which never replaces a file that
 * appeared meanwhile (where the file system has no hard links: a rename after checking the place
 * is empty).
 *
 * <p>Stateless; safe to call from several threads and processes at once for different or the
 * same bytes (the loser of a race finds the right bytes in place).
 */
final class Repair {
  private static final Logger LOG = LogManager.getLogger(Repair.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  /** The vault's quarantine folder, beside its two-hex-digit object folders and tmp/, trash/. */
  static final String VAULT_QUARANTINE = "quarantine";

  private Repair() {}

  /**
   * Makes the vault object {@code hash} hold its bytes again, from {@code source} (a backup copy
   * that hashes right). A damaged object is moved to the vault's quarantine first.
   *
   * @return false when {@code source} turned out not to hold the bytes (nothing changed then
   *     besides the quarantine move)
   */
  static boolean vaultObject(Vault vault, String hash, Path source, Instant now)
      throws IOException {
    Path object = vault.pathOf(hash);
    if (Files.exists(object)) {
      if (hashOf(object).filter(hash::equals).isPresent()) {
        return true; // repaired meanwhile
      }
      Path target = vault.root().resolve(VAULT_QUARANTINE)
          .resolve(hash + "." + STAMP.format(now) + "-" + random());
      Files.createDirectories(target.getParent());
      Files.move(object, target, StandardCopyOption.ATOMIC_MOVE);
      Durable.fsyncDirectory(target.getParent());
      Durable.fsyncDirectory(object.getParent());
      LOG.warn("vault: moved the damaged object {} to {}", hash, vault.root().relativize(target));
    }
    try (InputStream in = Files.newInputStream(source)) {
      // temporary file in the vault's tmp/, fsync, hash check, atomic rename, fsync of its folder
      return vault.putIfHash(in, hash);
    }
  }

  /** How a backup copy is put back. */
  enum CopyOutcome {
    /** The right bytes are in place (written, or found there). */
    REPAIRED,
    /** The source did not hold the bytes; nothing written. */
    SOURCE_BAD
  }

  /**
   * Makes the backup copy at {@code copy} hold {@code hash}'s bytes again, from the vault. A file
   * there with other bytes is moved to the backup's quarantine first.
   */
  static CopyOutcome backupCopy(BackupFolder folder, Path copy, String hash, Vault vault,
      Instant now) throws IOException {
    if (Files.exists(copy)) {
      if (hashOf(copy).filter(hash::equals).isPresent()) {
        return CopyOutcome.REPAIRED; // repaired meanwhile
      }
      Quarantine.move(folder, copy, now, "its bytes do not match its version's hash " + hash
          + "; rewritten from the vault");
    }
    Optional<InputStream> in = vault.open(hash);
    if (in.isEmpty()) {
      return CopyOutcome.SOURCE_BAD;
    }
    Files.createDirectories(copy.getParent());
    Path temp = BackupFolder.tempNextTo(copy);
    try {
      String written;
      try (InputStream s = in.get()) {
        written = BackupFolder.writeDurably(s, temp);
      }
      // what is on disk, not what was sent
      if (!written.equals(hash) || hashOf(temp).filter(hash::equals).isEmpty()) {
        return CopyOutcome.SOURCE_BAD;
      }
      BackupFolder.makeReadOnly(temp);
      if (!place(temp, copy)) {
        // another repair was quicker: fine if it put the right bytes there
        if (hashOf(copy).filter(hash::equals).isPresent()) {
          return CopyOutcome.REPAIRED;
        }
        throw new IOException(copy + " was written with other bytes while it was being"
            + " repaired; left as it is");
      }
      Durable.fsyncDirectory(copy.getParent());
    } finally {
      Files.deleteIfExists(temp);
    }
    LOG.warn("backup: rewrote the copy {} from the vault", folder.relative(copy));
    return CopyOutcome.REPAIRED;
  }

  /**
   * Puts {@code temp} at {@code target} without ever replacing a file standing there; false when
   * one does.
   */
  private static boolean place(Path temp, Path target) throws IOException {
    try {
      Files.createLink(target, temp);
      return true;
    } catch (FileAlreadyExistsException raced) {
      return false;
    } catch (UnsupportedOperationException | IOException noLinks) {
      if (Files.exists(target)) {
        return false;
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      return true;
    }
  }

  private static Optional<String> hashOf(Path file) throws IOException {
    return Sha256.ofFile(file);
  }

  private static String random() {
    return Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
  }
}
