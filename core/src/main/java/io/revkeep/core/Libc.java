package io.revkeep.core;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.nio.charset.Charset;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The few C library calls revkeep makes that the JDK has no way to (a {@code syncfs}, an
 * {@code open} that cannot block on a FIFO), reached through JNA; and whether they can be made
 * here: only on Linux, on x86-64 and ARM64, whose flag values are known below. The native part
 * is loaded once, by the first class that asks whether the calls are {@link #UNAVAILABLE}.
 */
final class Libc {
  /** Why the calls cannot be made in this process (for the log), or null when they can. */
  static final String UNAVAILABLE = check();

  /** open(2) flags, from the kernel's headers (asm-generic, and arm64's own O_NOFOLLOW). */
  static final int O_RDONLY = 0;
  static final int O_NONBLOCK = 0x800;
  static final int O_CLOEXEC = 0x80000;
  static final int O_NOFOLLOW =
      System.getProperty("os.arch", "").equals("aarch64") ? 0x8000 : 0x20000;

  /** errno values, the same on both architectures. */
  static final int EPERM = 1;
  static final int ENOENT = 2;
  static final int EINTR = 4;
  static final int ENXIO = 6;
  static final int EACCES = 13;
  static final int ENOTDIR = 20;
  static final int ENOSYS = 38;
  static final int ELOOP = 40;

  private Libc() {}

  /**
   * The path as the kernel takes it: in the JVM's file name encoding, NUL-terminated; null when
   * its text does not name the same file (a name read from the disk whose bytes are not valid
   * in that encoding: the JDK keeps such a name's bytes, its text does not).
   */
  static byte[] nativePath(Path path) {
    String encoding = System.getProperty("sun.jnu.encoding");
    Charset charset = encoding != null && Charset.isSupported(encoding)
        ? Charset.forName(encoding) : Charset.defaultCharset();
    Path absolute = path.toAbsolutePath();
    String text = absolute.toString();
    try {
      if (!Path.of(text).equals(absolute)) {
        return null;
      }
    } catch (InvalidPathException e) {
      return null;
    }
    byte[] name = text.getBytes(charset);
    byte[] terminated = new byte[name.length + 1];
    System.arraycopy(name, 0, terminated, 0, name.length);
    return terminated;
  }

  private static String check() {
    String os = System.getProperty("os.name", "");
    if (!os.equals("Linux")) {
      return "not Linux (" + os + ")";
    }
    String arch = System.getProperty("os.arch", "");
    if (!arch.equals("amd64") && !arch.equals("aarch64")) {
      return "open flags not known for " + arch;
    }
    if (System.getProperty("jna.tmpdir") == null) {
      // where JNA unpacks its native part: its default, ~/.cache/JNA, is not writable for a
      // service with ProtectHome=yes (packaging/systemd); the JDK's temporary folder is, and
      // sqlite-jdbc unpacks its library there too
      System.setProperty("jna.tmpdir", System.getProperty("java.io.tmpdir"));
    }
    try {
      Calls.load();
      return null;
    } catch (LinkageError | RuntimeException e) {
      return "JNA cannot reach the C library (" + e.getClass().getSimpleName() + ")";
    }
  }

  /**
   * The calls, bound directly (no proxy per call). Only reached once {@link #UNAVAILABLE} is
   * null: its static initializer loads the native part.
   */
  static final class Calls {
    static {
      Native.register(NativeLibrary.getInstance("c"));
    }

    private Calls() {}

    static void load() {
      // the static initializer binds the calls, or throws
    }

    static native int open(byte[] path, int flags) throws LastErrorException;

    static native int syncfs(int fd) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;
  }
}
