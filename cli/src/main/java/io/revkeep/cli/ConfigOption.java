package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option every command shares, and the three ways a command loads the
 * configuration: the services create their folders, every other command creates nothing and is
 * refused in one line (exit 2) when there is nothing set up to read (see {@link NotSetUp}).
 */
final class ConfigOption {
  @Option(names = "--config", paramLabel = "FILE",
      description = "configuration file (default: $REVKEEP_CONFIG, else revkeep.ini in this"
          + " folder, else in the nearest folder above with one or with a revkeep-data folder,"
          + " else built-in defaults)")
  Path file;

  /** For a command that reads recorded data: refused when there is none. */
  Config load() {
    Config config = ConfigLoader.read(file);
    NotSetUp.requireData(config);
    return config;
  }

  /** For a command that works without recorded data ({@code status}): refused when nothing is set up. */
  Config loadConfigured() {
    Config config = ConfigLoader.read(file);
    NotSetUp.requireConfigured(config);
    return config;
  }

  /** For the services and what sets up a data folder: the folders are created. */
  Config loadCreating() {
    return ConfigLoader.load(file);
  }

  /** For {@code config check}: whatever is in force, nothing created, nothing refused. */
  Config loadAny() {
    return ConfigLoader.read(file);
  }
}
