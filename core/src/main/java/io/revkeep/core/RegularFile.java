package io.revkeep.core;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Opens a file of the shared folder for reading only if it is a regular file, deciding on the
 * file actually opened, not on the path a moment before. Checking the path and then opening it
 * is a race: a user who puts a FIFO at the path in between would block the opening thread (the
 * listener's only settler) until someone writes to the FIFO. The JDK cannot open without
 * blocking, so where {@link Libc} can (Linux on x86-64 and ARM64, with /proc), the path is
 * opened with {@code O_NONBLOCK | O_NOFOLLOW}, which returns at once whatever is there; the
 * opened file's own attributes are read through {@code /proc/self/fd}, and only a regular file
 * is opened again through that link for the JDK's channel (the same file, whatever happened to
 * the path since). Elsewhere the path is checked, then opened: the race remains there, as for
 * a name the JVM cannot spell as the bytes it has on disk (not UTF-8 under a UTF-8 locale: the
 * listener does not version such names, PathFilter.hasStorableName).
 */
public final class RegularFile {
  /*
   * Threads:    any, at once; no state but constants. The descriptor of the non-blocking open
   *             belongs to the calling thread for the call alone and is closed before it
   *             returns (while it is open, its number, and so its /proc link, cannot be
   *             another file's); the returned channel belongs to the caller, who closes it.
   */
  private static final int OPEN_FLAGS =
      Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_NOFOLLOW | Libc.O_CLOEXEC;
  private static final Path OPEN_FILES = Path.of("/proc/self/fd");
  /** Whether the open cannot block here (else: why not). */
  private static final String UNSAFE_BECAUSE = Libc.UNAVAILABLE != null ? Libc.UNAVAILABLE
      : !Files.isDirectory(OPEN_FILES) ? "no " + OPEN_FILES : null;

  private RegularFile() {}

  /** A regular file opened for reading, with its attributes read from the open file. */
  public record Opened(FileChannel channel, BasicFileAttributes attributes)
      implements AutoCloseable {
    @Override
    public void close() throws IOException {
      channel.close();
    }
  }

  /** Thrown when the path holds something other than a regular file (the file was not read). */
  public static final class NotRegularException extends IOException {
    private static final long serialVersionUID = 1L;

    NotRegularException(Path file, String what) {
      super(file + " is not a regular file (" + what + ")");
    }
  }

  /** Whether an open here cannot block on a FIFO swapped in at the path. */
  public static boolean cannotBlock() {
    return UNSAFE_BECAUSE == null;
  }

  /**
   * Opens {@code file} for reading if it is a regular file; a symbolic link is not followed.
   *
   * @throws NoSuchFileException when nothing is at the path (or a folder on the way is gone)
   * @throws NotRegularException when a folder, FIFO, socket, device or link is there
   */
  public static Opened open(Path file) throws IOException {
    byte[] name = UNSAFE_BECAUSE == null ? Libc.nativePath(file) : null;
    if (name == null) {
      return checkedThenOpened(file);
    }
    int fd = openNative(file, name);
    try {
      Path self = OPEN_FILES.resolve(Integer.toString(fd));
      // stat follows the /proc link to the opened file itself
      BasicFileAttributes attributes = Files.readAttributes(self, BasicFileAttributes.class);
      if (!attributes.isRegularFile()) {
        throw new NotRegularException(file, kind(attributes));
      }
      return new Opened(FileChannel.open(self, StandardOpenOption.READ), attributes);
    } finally {
      try {
        Libc.Calls.close(fd);
      } catch (LastErrorException e) {
        // a read-only descriptor: nothing was written that a failed close could lose
      }
    }
  }

  private static int openNative(Path file, byte[] name) throws IOException {
    while (true) {
      try {
        return Libc.Calls.open(name, OPEN_FLAGS);
      } catch (LastErrorException e) {
        int errno = e.getErrorCode();
        if (errno == Libc.EINTR) {
          continue;
        }
        if (errno == Libc.ENOENT || errno == Libc.ENOTDIR) {
          throw new NoSuchFileException(file.toString());
        }
        if (errno == Libc.ELOOP) {
          throw new NotRegularException(file, "a symbolic link");
        }
        if (errno == Libc.ENXIO) {
          throw new NotRegularException(file, "a socket");
        }
        if (errno == Libc.EACCES || errno == Libc.EPERM) {
          throw new AccessDeniedException(file.toString());
        }
        throw new IOException("cannot open " + file + ": errno " + errno);
      }
    }
  }

  /** Where the open could block: the path's attributes, then the open (the old race). */
  private static Opened checkedThenOpened(Path file) throws IOException {
    BasicFileAttributes attributes =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      throw new NotRegularException(file, kind(attributes));
    }
    return new Opened(FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS),
        attributes);
  }

  private static String kind(BasicFileAttributes a) {
    return a.isDirectory() ? "a folder" : a.isSymbolicLink() ? "a symbolic link"
        : "a FIFO, socket or device";
  }
}
