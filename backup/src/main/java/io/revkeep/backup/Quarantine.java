package io.revkeep.backup;

import io.revkeep.core.Durable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Where a file of the backup folder goes when it stands where a copy belongs but holds other
 * bytes (bit rot, a copy of the layout before the seq that no version claims): moved, never
 * deleted and never overwritten, to {@code <backup>/.revkeep-backup/quarantine/<its relative
 * path>.<UTC time>-<random>}, so a person can still look at it. Nothing removes it
 * automatically.
 *
 * <p>The move is one rename inside the backup folder's file system, then an fsync of both folders:
 * a crash leaves the file either where it was or in the quarantine, never half of it anywhere.
 * Stateless.
 */
final class Quarantine {
  private static final Logger LOG = LogManager.getLogger(Quarantine.class);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Quarantine() {}

  /**
   * Moves {@code file} (under the backup root, outside its state folder) into the quarantine.
   *
   * @param why one line for the log: what was wrong with it
   * @return where it is now
   */
  static Path move(BackupFolder folder, Path file, Instant now, String why) throws IOException {
    String relative = folder.relative(file);
    // a random part, so the name is new without looking first: a rename never replaces anything
    Path target = folder.quarantineDir().resolve(relative + "." + STAMP.format(now) + "-"
        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
    Files.createDirectories(target.getParent());
    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
    Durable.fsyncDirectory(target.getParent());
    Durable.fsyncDirectory(file.getParent());
    LOG.warn("backup: moved {} to the quarantine ({}): {}", relative,
        folder.root().relativize(target), why);
    return target;
  }
}
