package io.revkeep.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The feed's shared secret: {@code [listener] token} when set, else the content of
 * {@code <data>/feed-token}, created once with a random value and mode 0600. Every process on
 * the host reads the same file, so listener, backup and web agree without configuration.
 */
public final class FeedToken {
  /** The file name under the data folder. */
  public static final String FILE = "feed-token";

  private FeedToken() {}

  /** The configured token if not blank, else the one in the data folder (created if absent). */
  public static String resolve(String configured, Path dataDir) throws IOException {
    if (configured != null && !configured.isBlank()) {
      return configured.trim();
    }
    Path file = dataDir.resolve(FILE);
    if (!Files.exists(file)) {
      byte[] raw = new byte[32];
      new SecureRandom().nextBytes(raw);
      OwnerOnly.createFolder(dataDir);
      Path temp = Files.createTempFile(dataDir, FILE + ".", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      try {
        Files.writeString(temp, HexFormat.of().formatHex(raw) + "\n", StandardCharsets.UTF_8);
        Files.createLink(file, temp); // atomic: a reader never sees a half-written token
      } catch (FileAlreadyExistsException e) {
        // another process created it first: use theirs
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    OwnerOnly.tighten(file); // a copy restored or made by hand with the umask's mode
    String token = Files.readString(file, StandardCharsets.UTF_8).trim();
    if (token.isEmpty()) {
      throw new IOException("the feed token file " + file + " is empty; delete it to make a new one");
    }
    return token;
  }
}
