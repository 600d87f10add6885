package io.revkeep.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: {@code ./revkeep up} under the usual umask left the data folder (database with password
 * hashes, vault, feed-token) and the backup folder readable by every user of the host. The folders
 * are created the way every command creates them: by loading the configuration.
 */
class PrivateFoldersTest {
  @TempDir Path work;

  @Test
  void new_data_and_backup_folders_are_owner_only_and_the_shared_folder_is_not() throws IOException {
    Config config = ConfigLoader.load(null, Map.of(), work);

    assertThat(mode(config.paths().data())).isEqualTo("rwx------");
    assertThat(mode(config.paths().backup())).isEqualTo("rwx------");
    assertThat(mode(config.paths().shared())).isNotEqualTo("rwx------");
    assertThat(mode(work.resolve("revkeep-data"))).as("the parent holds the shared folder")
        .isNotEqualTo("rwx------");
  }

  @Test
  void existing_folders_are_left_to_the_services_and_the_operator() throws IOException {
    Path backup = Files.createDirectories(work.resolve("revkeep-data/backup"));
    Files.setPosixFilePermissions(backup, PosixFilePermissions.fromString("rwxr-xr-x"));

    ConfigLoader.load(null, Map.of(), work);

    assertThat(mode(backup)).as("an operator may open the backups to others").isEqualTo("rwxr-xr-x");
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }
}
