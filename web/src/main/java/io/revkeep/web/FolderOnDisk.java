package io.revkeep.web;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the shared folder itself holds at a folder path, read only: whether the folder exists
 * and the names of its sub-folders. The store knows folders only through the files beneath them,
 * so a new empty folder (POST /api/mkdir) is seen here, and a mistyped {@code ?dir=} is told
 * apart from an empty folder. Every segment is looked at without following links: a link in the
 * shared folder never lets a request see what lies outside it.
 */
final class FolderOnDisk {
  /** At most this many sub-folder names are answered (a page shows them beside the listing). */
  static final int MAX_FOLDERS = 1000;

  private FolderOnDisk() {}

  /** Whether a name is revkeep's own (its temporary names, its staging folder), not the user's. */
  static boolean revkeeps(String name) {
    return name.startsWith(".revkeep-");
  }

  /** The answer: {@code folders} sorted by name, at most {@link #MAX_FOLDERS}. */
  record Look(boolean exists, List<String> folders) {}

  /**
   * @param root the shared folder
   * @param dir a normalised folder path ("" for the root)
   */
  static Look look(Path root, String dir) throws IOException {
    Path p = root;
    for (String segment : dir.isEmpty() ? new String[0] : dir.split("/")) {
      p = p.resolve(segment);
      if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
        return new Look(false, List.of());
      }
    }
    List<String> folders = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        if (!revkeeps(name) && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          folders.add(name);
        }
      }
    }
    folders.sort(null);
    return new Look(true, folders.size() > MAX_FOLDERS ? folders.subList(0, MAX_FOLDERS)
        : folders);
  }
}
