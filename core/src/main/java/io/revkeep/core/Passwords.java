package io.revkeep.core;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Password hashing for revkeep users: bcrypt (the {@code $2a$} variant) at {@link #COST}. A hash
 * carries its own salt and cost, so {@link #matches} accepts hashes made at any cost.
 */
public final class Passwords {
  /** bcrypt work factor: 2^12 rounds, about a quarter of a second on one core. */
  public static final int COST = 12;
  /** Shortest password accepted. */
  public static final int MIN_LENGTH = 8;
  /** bcrypt reads at most 72 bytes; longer passwords are refused rather than cut silently. */
  public static final int MAX_BYTES = 72;

  private Passwords() {}

  /**
   * Why this password is not acceptable, or null if it is.
   */
  public static String problem(char[] password) {
    if (password.length < MIN_LENGTH) {
      return "the password is too short: use at least " + MIN_LENGTH + " characters";
    }
    byte[] bytes = utf8(password);
    try {
      if (bytes.length > MAX_BYTES) {
        return "the password is too long: bcrypt uses at most " + MAX_BYTES + " bytes (UTF-8)";
      }
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
    return null;
  }

  /**
   * The bcrypt hash of a password, with a fresh random salt.
   *
   * @throws IllegalArgumentException naming the problem if {@link #problem} finds one
   */
  public static String hash(char[] password) {
    String problem = problem(password);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    byte[] bytes = utf8(password);
    try {
      return new String(BCrypt.withDefaults().hash(COST, bytes), StandardCharsets.UTF_8);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Whether the password matches a hash made by {@link #hash}; false for a malformed hash. */
  public static boolean matches(char[] password, String hash) {
    if (hash == null || password == null) {
      return false;
    }
    byte[] bytes = utf8(password);
    try {
      return BCrypt.verifyer().verify(bytes, hash.getBytes(StandardCharsets.UTF_8)).verified;
    } catch (IllegalArgumentException e) {
      return false;
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static byte[] utf8(char[] chars) {
    ByteBuffer buf = StandardCharsets.UTF_8.encode(CharBuffer.wrap(chars));
    byte[] bytes = Arrays.copyOfRange(buf.array(), buf.position(), buf.limit());
    Arrays.fill(buf.array(), (byte) 0);
    return bytes;
  }
}
