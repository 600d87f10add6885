package io.revkeep.cli;

import io.revkeep.config.Config;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code revkeep config check}: load and validate the configuration, print what is in force. */
@Command(name = "config", mixinStandardHelpOptions = true, description = "Configuration tools.",
    subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "name a config command: check");
  }

  @Command(name = "check", mixinStandardHelpOptions = true,
      description = "Validate the configuration and print the values in force (secrets hidden).")
  static final class Check implements Callable<Integer> {
    @Mixin ConfigOption configOption;

    @Override
    public Integer call() {
      Logging.configureConsoleOnly(Level.WARN);
      Config config = configOption.loadAny();
      System.out.print(config.toIni(true));
      System.out.println("; configuration OK: " + config.source());
      return 0;
    }
  }
}
