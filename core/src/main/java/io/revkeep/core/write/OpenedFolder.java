package io.revkeep.core.write;

import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A folder of the shared tree held open, so that every name is looked up relative to it
 * ({@code openat}, {@code renameat}, {@code unlinkat} through {@link SecureDirectoryStream})
 * instead of by a path the kernel walks again — the walk a folder swapped for a symbolic link
 * could redirect out of the shared root.
 *
 * <p>Folders are opened one segment at a time from the root with {@code NOFOLLOW_LINKS}: a
 * segment that is a symbolic link fails to open, so no link is ever followed, whenever it
 * appears. A missing folder is created as a fresh, uniquely named folder directly in the root
 * (a single new name in the real root: nothing to follow) and renamed into place relative to
 * the opened parent, so even creation never resolves a path through the tree.
 *
 * <p>Owned by one thread; {@link #close} releases the descriptor. The underlying stream allows
 * concurrent operations, so a long-lived handle (the staging folder) may be shared.
 */
final class OpenedFolder implements AutoCloseable {
  private static final Set<OpenOption> NEW_FILE = Set.of(StandardOpenOption.CREATE_NEW,
      StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

  private final SecureDirectoryStream<Path> dir;
  /** The folder's stored path ("" for the root), for messages and the still-there check. */
  private final String path;

  /** False for a borrowed handle, which {@link #close} leaves open (its owner closes it). */
  private final boolean owned;

  private OpenedFolder(SecureDirectoryStream<Path> dir, String path, boolean owned) {
    this.dir = dir;
    this.path = path;
    this.owned = owned;
  }

  /** Opens the shared root itself (its real path, resolved once by {@link SharedRoot}). */
  static OpenedFolder root(SharedRoot root) throws IOException {
    DirectoryStream<Path> ds = Files.newDirectoryStream(root.path());
    if (ds instanceof SecureDirectoryStream<Path> sds) {
      return new OpenedFolder(sds, "", true);
    }
    ds.close();
    throw new IOException("this platform cannot write relative to opened folders (openat);"
        + " revkeep writes into the shared folder only that way");
  }

  String path() {
    return path;
  }

  /**
   * Opens the child folder {@code name}, never following a link; creates it when missing and
   * {@code create} (see the class comment).
   *
   * @param root the opened root, where a missing folder is made before it is moved here
   * @param forPath the user's path, for messages
   */
  OpenedFolder child(String name, boolean create, OpenedFolder root, SharedRoot shared,
      String forPath) throws IOException, BadPathException {
    String childPath = path.isEmpty() ? name : path + "/" + name;
    for (int attempt = 0; ; attempt++) {
      try {
        return new OpenedFolder(dir.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS),
            childPath, true);
      } catch (NoSuchFileException missing) {
        if (!create || attempt > 0) {
          throw new BadPathException("the folder '" + childPath + "' in '" + forPath
              + "' does not exist");
        }
        makeFolder(name, root, shared);
      } catch (FileSystemException e) { // a link (ELOOP), a file (ENOTDIR), or gone meanwhile
        Optional<BasicFileAttributes> what = stat(name);
        if (what.isPresent() && what.get().isSymbolicLink()) {
          throw new BadPathException("the path '" + forPath + "' goes through the symbolic link '"
              + childPath + "'");
        }
        if (what.isPresent() && !what.get().isDirectory()) {
          throw new BadPathException("'" + childPath + "' in '" + forPath
              + "' is a file, not a folder");
        }
        if (attempt > 2) {
          throw e;
        }
      }
    }
  }

  /**
   * Opens the folder that holds the file {@code path} (a stored path), segment by segment from
   * the root, creating missing folders when {@code create}; every handle on the way is closed.
   */
  static OpenedFolder parentOf(OpenedFolder root, SharedRoot shared, String path, boolean create)
      throws IOException, BadPathException {
    String[] segs = path.split("/");
    OpenedFolder current = root;
    try {
      for (int i = 0; i < segs.length - 1; i++) {
        OpenedFolder next = current.child(segs[i], create, root, shared, path);
        if (current != root) {
          current.close();
        }
        current = next;
      }
      OpenedFolder result = current;
      current = root;
      return result == root ? new OpenedFolder(root.dir, "", false) : result;
    } finally {
      if (current != root) {
        current.close();
      }
    }
  }

  /**
   * Whether this folder still stands at its path under the root (not moved or swapped since it
   * was opened). Checked just before a rename, so that content lands at the path it was meant
   * for; the window left is a few system calls long, and whatever moves the folder then needed
   * write access to where it went.
   */
  boolean stillAt(SharedRoot shared) throws IOException {
    try {
      Object there = Files.readAttributes(shared.resolve(path), BasicFileAttributes.class,
          LinkOption.NOFOLLOW_LINKS).fileKey();
      return there != null && there.equals(key());
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /** Creates {@code name} here by renaming a fresh folder made in the root (see above). */
  private void makeFolder(String name, OpenedFolder root, SharedRoot shared) throws IOException {
    String fresh = SharedRoot.TEMP_PREFIX + UUID.randomUUID() + ".dir";
    Files.createDirectory(shared.path().resolve(fresh));
    try {
      root.dir.move(Path.of(fresh), dir, Path.of(name));
    } catch (FileSystemException raced) {
      // someone made it (or put something else there) meanwhile: the caller opens what stands
      root.dir.deleteDirectory(Path.of(fresh));
    }
  }

  /** What stands at {@code name} here, not following a link; empty when nothing does. */
  Optional<BasicFileAttributes> stat(String name) throws IOException {
    try {
      return Optional.of(dir.getFileAttributeView(Path.of(name), BasicFileAttributeView.class,
          LinkOption.NOFOLLOW_LINKS).readAttributes());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** The identity (device, inode) of this folder itself. */
  Object key() throws IOException {
    return dir.getFileAttributeView(BasicFileAttributeView.class).readAttributes().fileKey();
  }

  /** Creates a new file {@code name} here for writing (never through a link). */
  FileChannel createFile(String name) throws IOException {
    return (FileChannel) dir.newByteChannel(Path.of(name), NEW_FILE);
  }

  /** Gives {@code name} the permissions of {@code like}, when {@code like} is a file here. */
  void copyPermissions(String like, OpenedFolder nameIn, String name) throws IOException {
    try {
      var perms = dir.getFileAttributeView(Path.of(like), PosixFileAttributeView.class,
          LinkOption.NOFOLLOW_LINKS).readAttributes().permissions();
      nameIn.dir.getFileAttributeView(Path.of(name), PosixFileAttributeView.class,
          LinkOption.NOFOLLOW_LINKS).setPermissions(perms);
    } catch (NoSuchFileException | UnsupportedOperationException e) {
      // nothing stands at 'like' (a new file keeps the default permissions)
    }
  }

  /** Renames {@code from} here to {@code to} in {@code target} in one step, replacing it. */
  void moveTo(String from, OpenedFolder target, String to) throws IOException {
    dir.move(Path.of(from), target.dir, Path.of(to));
  }

  /** Removes the file {@code name} here; false if nothing stood there. */
  boolean delete(String name) throws IOException {
    try {
      dir.deleteFile(Path.of(name));
      return true;
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  /**
   * Removes the folder {@code name} here if it is empty (never through a link: removing a
   * link as a folder fails); false when it is not empty, not a folder, or not there.
   */
  boolean deleteEmptyFolder(String name) throws IOException {
    try {
      dir.deleteDirectory(Path.of(name));
      return true;
    } catch (NoSuchFileException | java.nio.file.DirectoryNotEmptyException e) {
      return false;
    } catch (java.nio.file.FileSystemException e) {
      return false; // not a folder (ENOTDIR), e.g. a link or a file standing there
    }
  }

  /** Removes every file in this folder (a crash's leftovers in the staging folder). */
  void clear() throws IOException {
    try (SecureDirectoryStream<Path> again = dir.newDirectoryStream(Path.of("."),
        LinkOption.NOFOLLOW_LINKS)) {
      for (Path entry : again) {
        delete(entry.getFileName().toString());
      }
    }
  }

  /** Fsyncs this folder, so that names created, renamed or removed in it survive a crash. */
  void fsync() throws IOException {
    try (FileChannel ch = (FileChannel) dir.newByteChannel(Path.of("."),
        Set.of(StandardOpenOption.READ))) {
      ch.force(true);
    }
  }

  @Override
  public void close() throws IOException {
    if (owned) {
      dir.close();
    }
  }
}
