package io.revkeep.web;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.BasicFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every folder beneath a folder of the shared folder, as the disk holds it now, read only: what
 * a search adds to the store's paths, which know a folder only through the files beneath it (a
 * new empty folder, {@code POST /api/mkdir}, is only on disk). Each folder is opened relative to
 * its opened parent without following links ({@code openat} with {@code O_NOFOLLOW} through
 * {@link SecureDirectoryStream}), so a link, or a folder swapped for one while the walk runs,
 * never leads outside. It looks only for folders: a folder whose link count says it has no
 * sub-folders (2, on file systems that count them: ext4, xfs, tmpfs) is not listed at all, and
 * in the others entries are looked at only until all their sub-folders are found. revkeep's own
 * temporary names ({@code .revkeep-*}) are skipped. One request's call; no state.
 */
final class FoldersBeneath {
  /** Folders nested deeper than this below the searched one are not walked (open handles). */
  static final int MAX_DEPTH = 64;

  private FoldersBeneath() {}

  /**
   * Passes the path of every folder beneath {@code dir} (not {@code dir} itself) to
   * {@code folder}, parents before their children. A {@code dir} that is missing, a file or a
   * link gives nothing; folders that cannot be read are passed but not walked into.
   *
   * @param root the shared folder
   * @param dir a normalised folder path ("" for the root)
   */
  static void walk(Path root, String dir, Consumer<String> folder) throws IOException {
    DirectoryStream<Path> ds = Files.newDirectoryStream(root);
    if (!(ds instanceof SecureDirectoryStream<Path> top)) {
      ds.close();
      return; // no openat on this platform: the store's folders only
    }
    List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
    opened.add(top);
    try {
      SecureDirectoryStream<Path> at = top;
      for (String segment : dir.isEmpty() ? new String[0] : dir.split("/")) {
        at = open(at, segment);
        if (at == null) {
          return;
        }
        opened.add(at);
      }
      walk(root.resolve(dir), dir, at, 0, folder);
    } finally {
      for (SecureDirectoryStream<Path> d : opened) {
        d.close();
      }
    }
  }

  private static void walk(Path real, String path, SecureDirectoryStream<Path> opened, int depth,
      Consumer<String> folder) throws IOException {
    long subfolders = subfolderCount(real);
    if (subfolders == 0 || depth >= MAX_DEPTH) {
      return;
    }
    List<String> names = new ArrayList<>();
    try {
      for (Path entry : opened) {
        String name = entry.getFileName().toString();
        if (!FolderOnDisk.revkeeps(name) && isFolder(opened, name)) {
          names.add(name);
          if (names.size() == subfolders) {
            break; // the link count says there are no more
          }
        }
      }
    } catch (DirectoryIteratorException e) {
      // the folder went away or became unreadable while listed: what was seen is kept
    }
    for (String name : names) {
      String child = path.isEmpty() ? name : path + "/" + name;
      folder.accept(child);
      SecureDirectoryStream<Path> sub = open(opened, name);
      if (sub != null) {
        try (sub) {
          walk(real.resolve(name), child, sub, depth + 1, folder);
        }
      }
    }
  }

  /**
   * How many sub-folders a folder has by its link count (its own "." and its entry in its parent,
   * plus each sub-folder's ".."), or -1 when the file system does not count them (btrfs says 1).
   * Read by path: a race with a rename only changes how much is looked at, never what is opened.
   */
  private static long subfolderCount(Path real) {
    try {
      Object links = Files.getAttribute(real, "unix:nlink", LinkOption.NOFOLLOW_LINKS);
      long n = ((Number) links).longValue();
      return n >= 2 ? n - 2 : -1;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return -1;
    }
  }

  private static boolean isFolder(SecureDirectoryStream<Path> in, String name) {
    try {
      return in.getFileAttributeView(Path.of(name), BasicFileAttributeView.class,
          LinkOption.NOFOLLOW_LINKS).readAttributes().isDirectory();
    } catch (IOException e) {
      return false; // gone meanwhile
    }
  }

  /** The child folder opened relative to its parent, never through a link; null if it is not. */
  private static SecureDirectoryStream<Path> open(SecureDirectoryStream<Path> in, String name) {
    try {
      return in.newDirectoryStream(Path.of(name), LinkOption.NOFOLLOW_LINKS);
    } catch (FileSystemException e) { // a link (ELOOP), a file (ENOTDIR), gone, not readable
      return null;
    } catch (IOException e) {
      return null;
    }
  }
}
