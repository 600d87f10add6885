package io.revkeep.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --color=WHEN} and {@code --no-pager}, for the commands that print listings. */
final class OutputOptions {
  @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
      description = "colour: auto (on a terminal, unless NO_COLOR is set), always, never")
  String color;

  @Option(names = "--no-pager", description = "do not page the output through $PAGER")
  boolean noPager;

  private final boolean terminal = Terminal.stdoutIsTerminal();

  boolean colour() {
    if (!color.matches("auto|always|never")) {
      throw new BadUsage("--color takes auto, always or never, not '" + color + "'");
    }
    return Terminal.colour(color, System.getenv(), terminal);
  }

  boolean paged() {
    return terminal && !noPager;
  }

  Map<String, String> env() {
    return System.getenv();
  }
}
