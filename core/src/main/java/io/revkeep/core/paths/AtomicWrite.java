package io.revkeep.core.paths;

import io.revkeep.core.Durable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.UUID;

/**
 * Puts content at a path of the shared folder so that no reader — the listener above all — ever
 * sees a partial file: the bytes go to a temporary name ({@link SharedRoot#TEMP_PREFIX}…) in the
 * target's own folder, are fsynced, and are renamed over the target in one step; then the folder
 * is fsynced so the rename survives a power loss.
 *
 * <p>The path is checked by {@link SharedRoot#resolveForWrite}: a path that escapes the root
 * ({@code ..}, absolute, through a symbolic link), names a folder or a link is refused with a
 * {@link BadPathException} before anything is written. Missing parent folders are created (a
 * deleted file is restored into the folder it had). An existing target keeps its permissions.
 */
public final class AtomicWrite {
  /** Copy buffer for the content stream. */
  private static final int BUFFER_BYTES = 128 * 1024;

  private AtomicWrite() {}

  /**
   * Writes {@code content} (read to its end, not closed) to {@code path}, relative to the root.
   *
   * @return the absolute path written
   * @throws BadPathException if the path may not be written; nothing was written
   * @throws IOException if the write failed; the target is then unchanged and no temporary file
   *     is left behind
   */
  public static Path write(SharedRoot root, String path, InputStream content)
      throws BadPathException, IOException {
    Path target = root.resolveForWrite(path);
    Path dir = target.getParent();
    createFolders(root, dir, path);
    Path temp = dir.resolve(SharedRoot.TEMP_PREFIX + UUID.randomUUID() + ".tmp");
    boolean moved = false;
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        OutputStream out = Channels.newOutputStream(ch);
        byte[] buf = new byte[BUFFER_BYTES];
        int n;
        while ((n = content.read(buf)) >= 0) {
          out.write(buf, 0, n);
        }
        ch.force(true);
      }
      keepPermissions(target, temp);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      moved = true;
      Durable.fsyncDirectory(dir);
      return target;
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** Writes a byte array; see {@link #write(SharedRoot, String, InputStream)}. */
  public static Path write(SharedRoot root, String path, byte[] content)
      throws BadPathException, IOException {
    return write(root, path, new java.io.ByteArrayInputStream(content));
  }

  /**
   * Creates the missing folders from the root down to {@code dir}, refusing links on the way
   * (for writers that stage their content elsewhere, like web uploads).
   *
   * @param path the user's path, for messages
   */
  public static void createFolders(SharedRoot root, Path dir, String path)
      throws BadPathException, IOException {
    Path current = root.path();
    for (Path part : root.path().relativize(dir)) {
      if (part.toString().isEmpty()) {
        continue;
      }
      current = current.resolve(part);
      if (Files.isSymbolicLink(current)) {
        throw new BadPathException("the path '" + path + "' goes through the symbolic link '"
            + root.relativize(current) + "'");
      }
      if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
        try {
          Files.createDirectory(current);
        } catch (FileAlreadyExistsException e) {
          if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
            throw new BadPathException("'" + root.relativize(current) + "' in '" + path
                + "' is a file, not a folder");
          }
        }
      }
    }
  }

  private static void keepPermissions(Path target, Path temp) throws IOException {
    PosixFileAttributeView view =
        Files.getFileAttributeView(target, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
    if (view == null || !Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try {
      Set<PosixFilePermission> perms = view.readAttributes().permissions();
      Files.setPosixFilePermissions(temp, perms);
    } catch (java.nio.file.NoSuchFileException e) {
      // the target went away meanwhile: the new file keeps the default permissions
    }
  }
}
