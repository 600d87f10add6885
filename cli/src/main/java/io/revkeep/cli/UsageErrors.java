package io.revkeep.cli;

import io.revkeep.core.Printable;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error as git prints one: one line on stderr naming the mistake, a "did you mean" when
 * picocli knows a close command or option, and where the help is — never the whole help. Exit
 * status 2.
 */
final class UsageErrors implements CommandLine.IParameterExceptionHandler {
  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String name = cmd.getCommandSpec().qualifiedName();
    String message = e.getMessage();
    String hint = "";
    if (e instanceof UnmatchedArgumentException u) {
      List<String> suggestions = u.getSuggestions();
      List<String> unmatched = u.getUnmatched();
      String first = unmatched.isEmpty() ? "" : unmatched.get(0);
      boolean command = cmd.getCommandSpec().subcommands().size() > 0 && !first.startsWith("-");
      if (u.isUnknownOption()) {
        message = "unknown option '" + first + "'";
      } else if (command) {
        message = "'" + first + "' is not a " + name + " command";
      } else {
        message = "unexpected argument '" + first + "'";
      }
      if (!suggestions.isEmpty()) {
        hint = "; did you mean '" + suggestions.get(0) + "'?";
      }
    }
    cmd.getErr().println("revkeep: " + Printable.of(message) + hint + " (see '" + name
        + " --help')");
    return Main.EXIT_USAGE;
  }
}
