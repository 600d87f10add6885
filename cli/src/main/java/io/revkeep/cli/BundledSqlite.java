package io.revkeep.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * Points sqlite-jdbc at the native library unpacked beside the executable jar at build time
 * ({@code sqlite-native/<os>/<arch>/libsqlitejdbc.so}, cli/pom.xml), so a command loads it in
 * place. Without it, sqlite-jdbc copies the library out of the jar into the temporary folder and
 * checksums it on every start: about a tenth of a second of each short command (bench row 20).
 * When no copy for this machine is there (another architecture, the jar run on its own), nothing
 * is set and sqlite-jdbc does as it always does.
 */
final class BundledSqlite {
  private static final String LIB_NAME = "libsqlitejdbc.so";

  private BundledSqlite() {}

  /** Sets {@code org.sqlite.lib.path}/{@code .name} when a copy for this machine lies beside the jar. */
  static void useIfBeside() {
    if (System.getProperty("org.sqlite.lib.path") != null) {
      return; // chosen by whoever started the JVM
    }
    Path jarDir = jarFolder();
    if (jarDir == null) {
      return;
    }
    String folder = folderFor(System.getProperty("os.name"), System.getProperty("os.arch"));
    if (folder == null) {
      return;
    }
    Path lib = jarDir.resolve("sqlite-native").resolve(folder);
    if (Files.isRegularFile(lib.resolve(LIB_NAME))) {
      System.setProperty("org.sqlite.lib.path", lib.toString());
      System.setProperty("org.sqlite.lib.name", LIB_NAME);
    }
  }

  /**
   * sqlite-jdbc's folder of the library for this machine among those unpacked (glibc Linux on
   * x86_64 or aarch64), or null. Not sqlite-jdbc's own OSInfo: telling Android and musl apart, it
   * starts a process and lists /proc, a quarter of what this class saves.
   */
  static String folderFor(String osName, String osArch) {
    if (!"Linux".equals(osName) || Files.exists(Path.of("/etc/alpine-release"))
        || Files.exists(Path.of("/system/build.prop"))) {
      return null; // not glibc Linux (musl or Android): sqlite-jdbc finds its own
    }
    return switch (osArch) {
      case "amd64", "x86_64" -> "Linux/x86_64";
      case "aarch64", "arm64" -> "Linux/aarch64";
      default -> null;
    };
  }

  /** The folder of the jar this class was loaded from; null when it was not loaded from a jar. */
  private static Path jarFolder() {
    CodeSource source = BundledSqlite.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return null;
    }
    try {
      Path location = Path.of(source.getLocation().toURI());
      return location.toString().endsWith(".jar") ? location.getParent() : null;
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }
}
