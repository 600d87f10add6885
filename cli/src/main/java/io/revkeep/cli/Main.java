package io.revkeep.cli;

import io.revkeep.config.ConfigException;
import io.revkeep.core.Printable;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.store.ConflictException;
import io.revkeep.core.store.StoreException;
import io.revkeep.core.write.WriteRefusedException;
import java.io.PrintWriter;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/** The {@code revkeep} executable: every subcommand (docs/ARCHITECTURE.md, "Command line"). */
@Command(name = "revkeep", mixinStandardHelpOptions = true, version = "revkeep 0.1.0",
    description = "Keeps every version of every file in a shared folder.")
public final class Main implements Runnable {
  /**
   * Every command, in the order of the help. The tree is built lazily ({@link #commandLine}):
   * picocli reads each class's annotations by reflection, which a short command would pay for
   * every command at start.
   */
  static final List<Class<?>> COMMANDS = List.of(
        ServeCommands.Up.class,
        ServeCommands.Listener.class,
        ServeCommands.Backup.class,
        ServeCommands.Web.class,
        LogCommand.class,
        QueryCommands.Ls.class,
        RevertCommand.class,
        RestoreCommand.class,
        RecoverCommand.class,
        DiffCommand.class,
        ShowCommand.class,
        ExportCommand.class,
        StatusCommand.class,
        UserCommands.class,
        BackupCommands.Prune.class,
        BackupCommands.Verify.class,
        BackupCommands.PinVersion.class,
        BackupCommands.Unpin.class,
        BackupCommands.Pins.class,
        ConfigCommand.class,
        CompletionCommand.class,
        CompleteCommand.class,
        CommandLine.HelpCommand.class);

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;


  /** Exit status of a usage or configuration error. */
  static final int EXIT_USAGE = 2;
  /** Exit status of a failure (a user mistake about data, or a fault). */
  static final int EXIT_FAILURE = 1;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
  }

  public static void main(String[] args) {
    // Our own shutdown hook stops the services and then logging; log4j's would race it and drop
    // the last lines ("listener stopped").
    System.setProperty("log4j2.shutdownHookEnabled", "false");
    if (!answersFromItsModelAlone(args)) {
      BundledSqlite.useIfBeside();
      if (QuickLogging.suits(args)) {
        // status reports what it could not reach in its table; its warnings would repeat it
        QuickLogging.start("status".equals(args[0]) ? "ERROR" : "WARN");
      } else {
        Logging.startOnConsole();
      }
    }
    int code = run(args);
    System.exit(code);
  }

  /**
   * Whether the command line only prints what picocli knows (the version, help, completion): it
   * neither logs nor opens a store, so it starts neither (a third of {@code --version}'s time).
   */
  static boolean answersFromItsModelAlone(String... args) {
    return args.length == 0 || List.of("--version", "-V", "--help", "-h", "help", "completion")
        .contains(args[0]);
  }

  /** Runs a command line and returns its exit status; never exits the JVM. */
  static int run(String... args) {
    CommandLine cli = commandLine(args.length == 0 ? null : args[0]);
    cli.setExecutionExceptionHandler(Main::handle);
    cli.setParameterExceptionHandler(new UsageErrors());
    return cli.execute(args);
  }

  /** The whole command tree. */
  static CommandLine commandLine() {
    return commandLine(null);
  }

  /**
   * The command tree with only the command named {@code first} when it is one (not help or
   * completion, which need them all), else with every command.
   */
  static CommandLine commandLine(String first) {
    CommandLine cli = new CommandLine(new Main());
    List<Class<?>> wanted = COMMANDS;
    if ("--version".equals(first) || "-V".equals(first)) {
      wanted = List.of();
    } else if (first != null && !first.equals("help") && !first.equals("completion")) {
      for (Class<?> c : COMMANDS) {
        Command command = c.getAnnotation(Command.class);
        if (command.name().equals(first) || List.of(command.aliases()).contains(first)) {
          wanted = List.of(c);
          break;
        }
      }
    }
    for (Class<?> c : wanted) {
      cli.addSubcommand(new CommandLine(c));
    }
    return cli;
  }

  /**
   * One line on stderr for every mistake a user can make (control characters of the names it quotes
   * escaped by {@link Printable}); a stack trace only in the log.
   */
  static int handle(Exception e, CommandLine cmd, ParseResult parsed) {
    PrintWriter err = cmd.getErr();
    if (e instanceof BadUsage) {
      err.println("revkeep: " + Printable.of(e.getMessage()) + " (see '"
          + cmd.getCommandSpec().qualifiedName() + " --help')");
      return EXIT_USAGE;
    }
    if (e instanceof ConfigException || e instanceof NotSetUp) {
      err.println("revkeep: " + Printable.of(e.getMessage()));
      return EXIT_USAGE;
    }
    if (e instanceof StartRefused) {
      err.println("revkeep: " + Printable.of(e.getMessage()));
      LogManager.getLogger(Main.class).debug("details", e);
      return EXIT_FAILURE;
    }
    if (e instanceof UserError || e instanceof BadPathException
        || e instanceof WriteRefusedException) {
      err.println("revkeep: " + Printable.of(e.getMessage()));
      return EXIT_FAILURE;
    }
    if (e instanceof StoreException || e instanceof ConflictException
        || e instanceof IllegalStateException) {
      err.println("revkeep: " + Printable.of(e.getMessage()));
      LogManager.getLogger(Main.class).debug("details", e);
      return EXIT_FAILURE;
    }
    err.println("revkeep: " + cmd.getCommandName() + " failed: " + Printable.of(e));
    LogManager.getLogger(Main.class).error("{} failed", cmd.getCommandName(), e);
    return EXIT_FAILURE;
  }
}
