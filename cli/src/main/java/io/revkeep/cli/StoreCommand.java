package io.revkeep.cli;

import io.revkeep.config.Config;
import io.revkeep.core.store.Store;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import picocli.CommandLine.Mixin;

/**
 * A short command that reads the configuration, opens the store for its run and closes it;
 * console logging only (no log files).
 */
abstract class StoreCommand implements Callable<Integer> {
  @Mixin ConfigOption configOption;

  /** The command's work; its return value is the exit status. */
  abstract int run(Config config, Store store) throws Exception;

  @Override
  public Integer call() throws Exception {
    Logging.configureConsoleOnly(Level.WARN);
    Config config = configOption.load();
    try (Store store = Services.openStore(config)) {
      return run(config, store);
    }
  }
}
