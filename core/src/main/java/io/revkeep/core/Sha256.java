package io.revkeep.core;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/** SHA-256, the name of every version's content: lower-case hex, as stored and sent. */
public final class Sha256 {
  private static final HexFormat HEX = HexFormat.of();
  /** Read buffer for hashing files. */
  private static final int BUFFER_BYTES = 128 * 1024;
  /** The smallest read buffer: a stream that knows nothing of its length gets this much. */
  private static final int MIN_BUFFER_BYTES = 8 * 1024;

  /**
   * Cloned for each new digest: getInstance looks the algorithm up among the providers every
   * time, 1 % of the listener's settler thread in a 10,000-file burst (bench/RESULTS.md,
   * "the burst, 2026-12-02 afternoon"). Never updated itself, so clones start empty.
   */
  private static final MessageDigest PROTOTYPE = lookUp();

  private Sha256() {}

  /** A fresh digest (the JDK always has SHA-256). */
  public static MessageDigest digest() {
    try {
      return (MessageDigest) PROTOTYPE.clone();
    } catch (CloneNotSupportedException e) {
      return lookUp(); // a provider whose digest cannot be cloned
    }
  }

  private static MessageDigest lookUp() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Lower-case hex of a finished digest. */
  public static String hex(MessageDigest digest) {
    return HEX.formatHex(digest.digest());
  }

  /** The hash of a byte array. */
  public static String of(byte[] bytes) {
    return HEX.formatHex(digest().digest(bytes));
  }

  /** The hash of everything left in a stream (which is not closed). */
  public static String of(InputStream in) throws IOException {
    MessageDigest sha = digest();
    byte[] buf = new byte[bufferFor(in)];
    int n;
    while ((n = in.read(buf)) >= 0) {
      sha.update(buf, 0, n);
    }
    return hex(sha);
  }

  /**
   * A read buffer for a stream: what it says it holds and one byte (so the read that finds its
   * end needs no second turn), at least 8 KiB, at most 128 KiB. A file's stream says its size
   * left; a socket's, what has arrived. A burst of 4 KiB files then does not allocate (and zero)
   * 128 KiB per file: 9 % of the backup's thread in a profile of one (bench/RESULTS.md,
   * "the burst, 2026-12-02 afternoon").
   */
  public static int bufferFor(InputStream in) throws IOException {
    long available = in.available();
    return (int) Math.min(BUFFER_BYTES, Math.max(MIN_BUFFER_BYTES, available + 1));
  }

  /** The hash of a file's content (a symbolic link is not followed), or empty if it is gone. */
  public static Optional<String> ofFile(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(of(in));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }
}
