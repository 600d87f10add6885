package io.revkeep.core.store;

import io.revkeep.core.RegularFile;
import io.revkeep.core.Sha256;
import io.revkeep.core.model.FileRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What stands at a path on disk, compared with the store's live record of it — the check every
 * writer into the shared folder makes first (web uploads and restores, folder restores), so that
 * an edit the listener has not recorded yet is never overwritten.
 */
public enum OnDisk {
  /** Nothing is there (or it vanished while it was read). */
  NOTHING,
  /** A file is there and it is the live record's content. */
  RECORDED,
  /**
   * A file is there that the store does not have as the live record's content (yet), or
   * something that is not a regular file (a folder, a link, a FIFO).
   */
  UNRECORDED;

  /**
   * Compares the file at {@code abs} with {@code live}, the path's live record (empty when it has
   * none or it is deleted): the size and modification time the listener recorded first (its own
   * fast path), else the content's SHA-256.
   */
  public static OnDisk check(Optional<FileRecord> live, Path abs) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(abs, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return NOTHING;
    }
    if (!attrs.isRegularFile()) {
      return UNRECORDED;
    }
    if (live.isPresent() && live.get().fsSize() == attrs.size()
        && live.get().fsMtime() == attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS)) {
      return RECORDED;
    }
    String hash;
    // opened by RegularFile: a FIFO swapped in since the stat is refused, not waited on
    try (RegularFile.Opened opened = RegularFile.open(abs);
        InputStream in = Channels.newInputStream(opened.channel())) {
      hash = Sha256.of(in);
    } catch (NoSuchFileException e) {
      return NOTHING;
    } catch (RegularFile.NotRegularException e) {
      return UNRECORDED;
    }
    return live.isPresent() && hash.equals(live.get().hash()) ? RECORDED : UNRECORDED;
  }
}
