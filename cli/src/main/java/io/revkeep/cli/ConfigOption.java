package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option every command shares. */
final class ConfigOption {
  @Option(names = "--config", paramLabel = "FILE",
      description = "configuration file (default: $REVKEEP_CONFIG, else ./revkeep.ini, else built-in defaults)")
  Path file;

  Config load() {
    return ConfigLoader.load(file);
  }
}
