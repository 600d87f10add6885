package io.revkeep.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a command finds its configuration when none is named: the working directory, then the
 * nearest folder above it with a revkeep.ini or a revkeep-data folder; and {@link
 * ConfigLoader#read} creates nothing.
 */
class ConfigLookupTest {
  @TempDir Path work;

  @Test
  void inside_the_default_layout_the_folder_above_with_revkeep_data_is_found() throws IOException {
    Path nested = Files.createDirectories(work.resolve("revkeep-data/shared/projects/budget"));
    Config config = ConfigLoader.read(null, Map.of(), nested);
    assertThat(config.source()).isEqualTo(Config.BUILT_IN);
    assertThat(config.paths().shared()).isEqualTo(work.resolve("revkeep-data/shared"));
  }

  @Test
  void the_nearest_revkeep_ini_above_is_read_with_its_defaults_beside_it() throws IOException {
    Files.writeString(work.resolve("revkeep.ini"), "[paths]\nshared = share\n");
    Path nested = Files.createDirectories(work.resolve("share/a/b"));
    Config config = ConfigLoader.read(null, Map.of(), nested);
    assertThat(config.source()).isEqualTo(work.resolve("revkeep.ini").toString());
    assertThat(config.paths().shared()).isEqualTo(work.resolve("share"));
    assertThat(config.paths().data()).isEqualTo(work.resolve("revkeep-data/data"));
  }

  @Test
  void the_environment_wins_over_the_folders_above() throws IOException {
    Files.writeString(work.resolve("revkeep.ini"), "[paths]\nshared = share\n");
    Path other = Files.writeString(work.resolve("other.ini"), "[paths]\nshared = other\n");
    Path nested = Files.createDirectories(work.resolve("share/a"));
    Config config = ConfigLoader.read(null, Map.of("REVKEEP_CONFIG", other.toString()), nested);
    assertThat(config.paths().shared()).isEqualTo(work.resolve("other"));
  }

  @Test
  void read_creates_no_folder_and_load_creates_them() throws IOException {
    Path empty = Files.createDirectories(work.resolve("empty"));
    Config config = ConfigLoader.read(null, Map.of(), empty);
    assertThat(config.source()).isEqualTo(Config.BUILT_IN);
    try (var listing = Files.list(empty)) {
      assertThat(listing).isEmpty();
    }
    ConfigLoader.load(null, Map.of(), empty);
    assertThat(empty.resolve("revkeep-data/data")).isDirectory();
  }
}
