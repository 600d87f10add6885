package io.revkeep.cli;

import io.revkeep.core.model.Event;
import io.revkeep.core.store.SqliteStore;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Folders, config and checks shared by the backup's integration tests. */
final class BackupSetup {
  private BackupSetup() {}

  /** A free TCP port on 127.0.0.1 (listener and backup run as separate processes). */
  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** {@link Revkeep#config} with a fixed feed port that [backup] listener points to, plus extra. */
  static Path config(Path dir, int port, String extra) throws IOException {
    Path config = Revkeep.config(dir, 50);
    Files.writeString(config, Files.readString(config)
        .replace("[listener]\nport = 0", "[listener]\nport = " + port)
        + "[backup]\nlistener = 127.0.0.1:" + port + "\n" + extra);
    return config;
  }

  /** The copies every recorded version should have: path.version.sSEQ.rev → hash. */
  static Map<String, String> expected(Path db) {
    Map<String, String> out = new TreeMap<>();
    try (SqliteStore store = SqliteStore.open(db)) {
      for (Event e : store.eventsAfter(0, Integer.MAX_VALUE)) {
        if (e.hash() != null) {
          out.put(e.name() + "." + e.version() + ".s" + e.seq() + ".rev", e.hash());
        }
      }
    }
    return out;
  }

  static long lastSeq(Path db) {
    try (SqliteStore store = SqliteStore.open(db)) {
      return store.lastSeq();
    }
  }

  /** The backup's durable cursor, 0 before it has one. */
  static long cursor(Path backup) throws IOException {
    Path f = backup.resolve(".revkeep-backup").resolve("cursor");
    if (!Files.exists(f)) {
      return 0;
    }
    String s = Files.readString(f).strip();
    return s.isEmpty() ? 0 : Long.parseLong(s);
  }

  /** Every file under the backup folder but its state folder → SHA-256. */
  static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String rel = root.relativize(p).toString();
        if (!rel.startsWith(".revkeep-backup/") && !rel.equals("lost+found")) {
          out.put(rel, sha256(p));
        }
      }
    }
    return out;
  }

  static String sha256(Path p) throws IOException {
    try (InputStream in = Files.newInputStream(p)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[65536];
      int n;
      while ((n = in.read(buf)) >= 0) {
        sha.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
