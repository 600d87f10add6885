package io.revkeep.cli;

import io.revkeep.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A command run where revkeep has nothing to read: no configuration found and no data folder, or
 * a configuration whose SQLite database does not exist yet. One line on stderr, exit status 2
 * ({@link Main#handle}); nothing is created (only {@code up}, the services, {@code user} and
 * {@code recover} create folders).
 */
final class NotSetUp extends RuntimeException {
  NotSetUp(String message) {
    super(message);
  }

  /** Refuses the built-in defaults when their data folder does not exist. */
  static void requireConfigured(Config config) {
    if (Config.BUILT_IN.equals(config.source()) && !Files.isDirectory(config.paths().data())) {
      throw new NotSetUp("no configuration and no data here: no --config, no $REVKEEP_CONFIG,"
          + " no revkeep.ini or revkeep-data/ in this folder or a folder above it; give --config"
          + " FILE, or run 'revkeep up' where revkeep should keep its data");
    }
  }

  /** {@link #requireConfigured}, and a SQLite store must exist. */
  static void requireData(Config config) {
    requireConfigured(config);
    Path db = Services.databaseFile(config);
    if (config.store().type() == Config.StoreType.SQLITE && !Files.exists(db)) {
      throw new NotSetUp("no revkeep data in " + config.paths().data() + " ([paths] data of "
          + config.source() + "): run 'revkeep up' with this configuration first");
    }
  }
}
