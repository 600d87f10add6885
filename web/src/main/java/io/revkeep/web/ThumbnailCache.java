package io.revkeep.web;

import io.revkeep.core.Durable;
import io.revkeep.core.OwnerOnly;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The thumbnails of image versions, made once per content and kept in
 * {@code <data>/thumbnails/ab/<hash>.png} (a version never changes, and two versions with the
 * same bytes share one). An image that gets none (too large, not readable) is remembered as
 * {@code <hash>.none} holding the reason, so it is not decoded again either. Each file is written
 * atomically: a {@code .revkeep-tmp-*} file in the same folder, fsync, atomic rename, fsync of the
 * folder; a crash leaves either the whole file or none. This folder lies in the data folder,
 * never in the shared folder (the one writer rule of docs/ARCHITECTURE.md).
 */
final class ThumbnailCache {
  /*
   * Threads:    any request thread, without a lock. Two requests for the same hash at once may
   *             both make the thumbnail; both write the same bytes under their own temp name and
   *             the second rename replaces the first with identical bytes, so a reader sees a
   *             whole file either way.
   * State:      only files; nothing in memory.
   * Invariants: a file named <hash>.png or <hash>.none is complete (written under a temp name).
   */

  /** What the cache holds for a content: a thumbnail or the reason there is none. */
  record Entry(byte[] png, String refusal) {
    boolean made() {
      return png != null;
    }
  }

  /** Makes a thumbnail from a version's bytes (ImageThumbnails.of in the server). */
  interface Maker {
    byte[] make(InputStream in) throws IOException, ImageThumbnails.Refused;
  }

  private final Path root;
  private final Maker maker;

  /** @param root the cache's folder ({@code <data>/thumbnails}); made when first needed */
  ThumbnailCache(Path root, Maker maker) {
    this.root = root;
    this.maker = maker;
  }

  ThumbnailCache(Path root) {
    this(root, ImageThumbnails::of);
  }

  /**
   * The thumbnail of the content {@code hash}, made from {@code bytes} (opened only when the
   * cache has none) the first time.
   */
  Entry get(String hash, BytesSource bytes) throws IOException {
    if (!Vault.isHash(hash)) {
      throw new IllegalArgumentException("not a content hash");
    }
    Path dir = root.resolve(hash.substring(0, 2));
    Path png = dir.resolve(hash + ".png");
    Path none = dir.resolve(hash + ".none");
    Optional<byte[]> cached = read(png);
    if (cached.isPresent()) {
      return new Entry(cached.get(), null);
    }
    Optional<byte[]> refused = read(none);
    if (refused.isPresent()) {
      return new Entry(null, new String(refused.get(), StandardCharsets.UTF_8));
    }
    Entry made;
    try (InputStream in = bytes.open()) {
      made = new Entry(maker.make(in), null);
    } catch (ImageThumbnails.Refused e) {
      made = new Entry(null, e.getMessage());
    }
    OwnerOnly.createFolder(root); // 0700 like the rest of the data folder, whatever the umask
    OwnerOnly.createFolder(dir);
    if (made.made()) {
      writeAtomically(dir, png, made.png());
    } else {
      writeAtomically(dir, none, made.refusal().getBytes(StandardCharsets.UTF_8));
    }
    return made;
  }

  /** Opens the version's bytes (only when the thumbnail must be made). */
  interface BytesSource {
    InputStream open() throws IOException;
  }

  /** The cache's file for a hash, for tests and the docs: {@code <root>/ab/<hash>.png}. */
  Path fileOf(String hash) {
    return root.resolve(hash.substring(0, 2)).resolve(hash + ".png");
  }

  private static Optional<byte[]> read(Path p) throws IOException {
    try {
      return Optional.of(Files.readAllBytes(p));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static void writeAtomically(Path dir, Path target, byte[] bytes) throws IOException {
    Path tmp = Files.createTempFile(dir, SharedRoot.TEMP_PREFIX + "thumb-", ".part",
        OwnerOnly.fileAttribute());
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("the data folder's file system cannot rename atomically", e);
      }
      Durable.fsyncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
