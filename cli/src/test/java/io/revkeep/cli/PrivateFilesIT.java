package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: {@code ./revkeep up} under the usual umask left revkeep.db (password hashes) and the
 * vault readable by every user of the host. Here {@code up} runs under umask 000, the most
 * permissive, and everything private must still be owner-only.
 */
class PrivateFilesIT {
  @TempDir Path dir;

  @Test
  void up_under_umask_000_creates_every_private_file_owner_only() throws Exception {
    Path config = configWithoutToken();
    Path log = dir.resolve("up.out");
    Process up = startUnderUmask000(config, log);
    try {
      awaitUp(log);
      Files.writeString(dir.resolve("shared").resolve("plans.txt"), "secret plans");
      Path data = dir.resolve("data");
      await().atMost(Duration.ofSeconds(20)).until(() -> objects(data.resolve("vault")).size() == 1);

      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(mode(dir.resolve("backup"))).isEqualTo("rwx------");
      for (String file : List.of("revkeep.db", "revkeep.db-wal", "revkeep.db-shm", "feed-token",
          "initial-admin-password")) {
        assertThat(mode(data.resolve(file))).as(file).isEqualTo("rw-------");
      }
      for (String folder : List.of("vault", "status", "pending")) {
        assertThat(mode(data.resolve(folder))).as(folder).isEqualTo("rwx------");
      }
      try (Stream<Path> all = Files.walk(data.resolve("vault"))) {
        for (Path p : all.toList()) {
          assertThat(mode(p)).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        }
      }
      try (Stream<Path> status = Files.list(data.resolve("status"))) {
        for (Path p : status.toList()) {
          assertThat(mode(p)).as(p.toString()).isEqualTo("rw-------");
        }
      }
      assertThat(mode(dir.resolve("shared"))).as("the shared folder is the users' own")
          .isEqualTo("rwxrwxrwx");
    } finally {
      up.destroy();
      up.waitFor();
    }
  }

  @Test
  void up_tightens_an_existing_world_readable_data_folder_and_says_so_once() throws Exception {
    Path config = configWithoutToken();
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path log = dir.resolve("up.out");
    Process up = startUnderUmask000(config, log);
    try {
      awaitUp(log);

      assertThat(mode(data)).isEqualTo("rwx------");
      assertThat(Files.readString(dir.resolve("logs").resolve("revkeep.log")).lines()
          .filter(line -> line.contains("made the data folder")).toList())
          .singleElement().asString().contains("owner-only (rwx------, was rwxr-xr-x)");
    } finally {
      up.destroy();
      up.waitFor();
    }
  }

  private Path configWithoutToken() throws IOException {
    Path config = Revkeep.config(dir, 50);
    return Files.writeString(config, Files.readString(config).replaceAll("(?m)^token = .*\\n", ""));
  }

  private Process startUnderUmask000(Path config, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "umask 000 && exec \"$@\"", "sh"));
    cmd.addAll(Revkeep.command("up", "--config", config.toString()));
    return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
  }

  private static void awaitUp(Path log) {
    await().atMost(Duration.ofSeconds(30))
        .until(() -> Files.exists(log) && Files.readString(log).contains("revkeep is up"));
  }

  private static List<Path> objects(Path vault) throws IOException {
    if (!Files.isDirectory(vault)) {
      return List.of();
    }
    try (Stream<Path> all = Files.walk(vault)) {
      return all.filter(Files::isRegularFile).filter(p -> !p.startsWith(vault.resolve("tmp"))).toList();
    }
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
