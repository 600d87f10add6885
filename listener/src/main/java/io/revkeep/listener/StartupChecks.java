package io.revkeep.listener;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the listener checks before it watches: that inotify can watch every folder of the tree
 * (one watch per folder, limited per user by {@code fs.inotify.max_user_watches}), and whether
 * the shared folder lies on a network file system, where inotify sees only the changes made on
 * this host, so the listener also rescans the tree periodically.
 *
 * @param maxUserWatches the file that holds the limit ({@code /proc/sys/fs/inotify/…})
 * @param fsType the shared folder's file system type; null: ask {@code Files.getFileStore}
 * @param networkRescanEvery how often the whole tree is rescanned on a network file system
 */
record StartupChecks(Path maxUserWatches, String fsType, Duration networkRescanEvery) {

  /** The real machine's limit, the real file system, a rescan every minute. */
  static final StartupChecks DEFAULT = new StartupChecks(
      Path.of("/proc/sys/fs/inotify/max_user_watches"), null, Duration.ofSeconds(60));

  /**
   * File system types (as {@code FileStore.type()} names them, from /proc/mounts) on which
   * inotify does not report changes made by other hosts.
   */
  static final Set<String> NETWORK_TYPES = Set.of("nfs", "nfs4", "cifs", "smb", "smb2", "smb3",
      "smbfs", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre", "coda", "davfs", "sshfs",
      "fuse.sshfs", "fuse.glusterfs", "fuse.rclone", "fuse.s3fs", "fuse.davfs2", "fuse.cephfs",
      "vboxsf", "vmhgfs", "fuse.vmhgfs-fuse");

  static boolean isNetworkFileSystem(String type) {
    String t = type.toLowerCase(Locale.ROOT);
    return NETWORK_TYPES.contains(t) || t.startsWith("nfs") || t.startsWith("smb");
  }

  /** The shared folder's file system type. */
  String typeOf(Path root) throws IOException {
    return fsType != null ? fsType : Files.getFileStore(root).type();
  }

  /** The inotify limit, if this machine has one to read. */
  OptionalLong watchLimit() {
    return readNumber(maxUserWatches);
  }

  /**
   * The first line of a file as a number. Read line by line: on JDK 17, Files.readString of a
   * /proc/sys file (which reports size 0) returned "1" instead of "192536".
   */
  static OptionalLong readNumber(Path file) {
    try (var reader = Files.newBufferedReader(file)) {
      String line = reader.readLine();
      return line == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(line.trim()));
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
  }

  /**
   * Refuses to start when the tree has more folders than inotify may watch: better a clear error
   * now than changes silently missed in the folders that found no watch.
   *
   * @return the number of folders the watcher will register
   */
  long checkWatchLimit(Path root, Predicate<Path> excluded) throws IOException {
    long folders = countFolders(root, excluded);
    OptionalLong limit = watchLimit();
    if (limit.isPresent() && folders > limit.getAsLong()) {
      throw new IOException("the shared folder " + root + " has " + folders + " folders, but"
          + " inotify may watch only " + limit.getAsLong() + " (the sysctl"
          + " fs.inotify.max_user_watches): raise it, e.g. 'sysctl fs.inotify.max_user_watches="
          + Math.max(524_288, folders * 2) + "' and the same line in /etc/sysctl.d/90-revkeep.conf");
    }
    return folders;
  }

  /** Folders under root (root included), links not followed, excluded ones skipped. */
  static long countFolders(Path root, Predicate<Path> excluded) throws IOException {
    long[] n = {0};
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (!dir.equals(root) && excluded.test(dir)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        n[0]++;
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) {
        return FileVisitResult.CONTINUE;
      }
    });
    return n[0];
  }
}
