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

  private Sha256() {}

  /** A fresh digest (the JDK always has SHA-256). */
  public static MessageDigest digest() {
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
    byte[] buf = new byte[BUFFER_BYTES];
    int n;
    while ((n = in.read(buf)) >= 0) {
      sha.update(buf, 0, n);
    }
    return hex(sha);
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
