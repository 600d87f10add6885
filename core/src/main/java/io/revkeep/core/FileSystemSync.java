package io.revkeep.core;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Linux's {@code syncfs(2)}: makes everything written to one file system durable with one call,
 * and reports any write-back error on it since the handle was opened. The JDK has no such call;
 * it is reached through JNA. Used only where it reports errors (Linux 5.8 and later, on x86-64
 * and ARM64, whose {@code open} flags are known here); elsewhere {@link #available} is false and
 * callers fsync file by file ({@link BatchSync}).
 *
 * <p>Why an error is not missed: the kernel samples the file system's error sequence when the
 * handle is opened, and an error nobody has seen yet counts as new for a handle opened after it.
 * So a handle opened just before the sync still reports a failed write-back of a file written
 * earlier, unless another {@code syncfs} caller on the same file system saw that error first.
 * The calls themselves are {@link Libc}'s.
 */
public final class FileSystemSync implements AutoCloseable {
  /*
   * Threads:    a handle belongs to the one thread that opened it (BatchSync's caller);
   *             refusedBecause is read and written by any.
   * State:      fd, the open folder (-1 once closed). refusedBecause (volatile): set once the
   *             kernel refused the call itself (a seccomp filter, a kernel without it), after
   *             which syncfs is not available any more in this process.
   * Shutdown:   close() closes the descriptor; every handle is opened in a try-with-resources.
   */
  private static final Logger LOG = LogManager.getLogger(FileSystemSync.class);
  private static final int OPEN_FLAGS = Libc.O_RDONLY | Libc.O_CLOEXEC;
  /** Why syncfs is not used here, or null when it is. */
  private static final String UNAVAILABLE = check();
  /** Why the kernel refused syncfs at run time, or null. */
  private static volatile String refusedBecause;

  private int fd;

  private FileSystemSync(int fd) {
    this.fd = fd;
  }

  /** Whether syncfs can be used on this machine. */
  public static boolean available() {
    return UNAVAILABLE == null && refusedBecause == null;
  }

  /** Why syncfs is not used here (for the log), or empty when it is. */
  public static String unavailableBecause() {
    String refused = refusedBecause;
    return UNAVAILABLE != null ? UNAVAILABLE : refused != null ? refused : "";
  }

  /**
   * Records that the kernel refused syncfs ({@code why}), so it is not used again in this
   * process; null undoes it (for tests).
   */
  static void refuse(String why) {
    refusedBecause = why;
  }

  /**
   * The kernel refused the call itself (not a write error): the caller makes the batch durable
   * by fsyncs instead, and so does every later batch.
   */
  public static final class RefusedException extends IOException {
    private static final long serialVersionUID = 1L;

    RefusedException(String message) {
      super(message);
    }
  }

  /**
   * Opens a handle on the file system that holds {@code folder}.
   *
   * @throws IllegalStateException when this machine has no syncfs that reports errors (a
   *     refusal at run time is not checked here: another thread may meet it between a caller's
   *     {@link #available} and this open, and then {@link #sync} says so instead)
   */
  public static FileSystemSync open(Path folder) throws IOException {
    if (UNAVAILABLE != null) {
      throw new IllegalStateException("syncfs is not available: " + UNAVAILABLE);
    }
    byte[] name = Libc.nativePath(folder);
    if (name == null) {
      throw new IOException("cannot open " + folder + " to sync its file system: its name is"
          + " not in the JVM's file name encoding");
    }
    try {
      return new FileSystemSync(Libc.Calls.open(name, OPEN_FLAGS));
    } catch (LastErrorException e) {
      throw new IOException("cannot open " + folder + " to sync its file system: errno "
          + e.getErrorCode());
    }
  }

  /** Writes everything dirty on the file system to the disk and waits for it. */
  public void sync() throws IOException {
    if (fd < 0) {
      throw new IllegalStateException("closed");
    }
    try {
      Libc.Calls.syncfs(fd);
    } catch (LastErrorException e) {
      int errno = e.getErrorCode();
      if (errno == Libc.ENOSYS || errno == Libc.EPERM) { // the call itself is refused
        String why = "the kernel refused syncfs (errno " + errno + ")";
        if (refusedBecause == null) {
          LOG.warn("{}: copies are made durable by fsyncs from now on", why);
        }
        refuse(why);
        throw new RefusedException(why);
      }
      throw new IOException("syncfs failed: errno " + errno + " (a write to the disk failed)");
    }
  }

  @Override
  public void close() {
    if (fd >= 0) {
      int closing = fd;
      fd = -1;
      try {
        Libc.Calls.close(closing);
      } catch (LastErrorException e) {
        LOG.debug("close of a syncfs handle: errno {}", e.getErrorCode());
      }
    }
  }

  private static String check() {
    if (Libc.UNAVAILABLE != null) {
      return Libc.UNAVAILABLE;
    }
    String version = System.getProperty("os.version", "");
    return reportsErrors(version) ? null
        : "Linux " + version + " is older than 5.8, whose syncfs reports write errors";
  }

  /** Whether a Linux kernel release ("6.1.0-13-amd64") is 5.8 or later. */
  static boolean reportsErrors(String release) {
    String[] parts = release.toLowerCase(Locale.ROOT).split("[.-]");
    try {
      int major = Integer.parseInt(parts[0]);
      int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
      return major > 5 || major == 5 && minor >= 8;
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
