package io.revkeep.cli;

import io.revkeep.config.Config;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.AppenderComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ComponentBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.api.RootLoggerComponentBuilder;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Sets up log4j2 for a revkeep process: the console (stderr) and, for services, one rolling file per
 * process, {@code <logs dir>/<process>.log}. The file is rolled every {@code rotateLength} and when
 * it reaches {@code max_size}; rolled files are gzip'd next to it as {@code
 * <process>-<time>-<n>.log.gz}, and only the newest {@value #MAX_ARCHIVES} are kept. Libraries
 * that log through SLF4J reach the same appenders through log4j-slf4j2-impl.
 *
 * <p>Each call replaces the whole previous setup; the appenders it had are stopped and their files
 * closed. Rolling happens when a line is logged after the period has passed.
 */
public final class Logging {
  /** Rolled files kept per process; older ones are deleted at rollover. */
  static final int MAX_ARCHIVES = 30;
  /**
   * A stack trace, its exceptions' messages made harmless: the message itself is escaped by
   * core's PrintableMessageFactory, but an exception's text (a NoSuchFileException names a path)
   * is written as it is. So a line break in the trace that does not start a trace line (a tab,
   * "Caused by: ", the end) is written as {@code \n}, and every other control character as
   * {@code ?}: a file name can neither forge a log line nor act on a terminal.
   */
  private static final String THROWABLE = "%replace{%replace{%throwable}"
      + "{\\r?\\n(?!\\t|Caused by: |$)}{\\\\n}}{[\\x00-\\x08\\x0B-\\x1F\\x7F]}{?}";
  /** What each line looks like: time, level, thread, logger, message, then any stack trace. */
  static final String LINE = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%t] %c{1.} - %msg%n"
      + THROWABLE;
  private static final Pattern PROCESS_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private Logging() {}

  /**
   * Logs to the console and to {@code <logs dir>/<processName>.log}, at the configured level.
   *
   * @param processName a file-name-safe name such as {@code listener} or {@code up}
   */
  public static void configure(Config config, String processName) {
    configure(config, processName, null);
  }

  /**
   * {@link #configure(Config, String)} with the console limited to {@code consoleLevel} and more
   * severe (null: the configured level), while the file keeps the configured level: {@code up}
   * shows a person warnings and errors only, the libraries' start-up lines go to the file.
   */
  public static void configure(Config config, String processName, Level consoleLevel) {
    if (!PROCESS_NAME.matcher(processName).matches()) {
      throw new IllegalArgumentException("process name must be letters, digits, '.', '_' or '-': " + processName);
    }
    Config.Logs logs = config.logs();
    ConfigurationBuilder<BuiltConfiguration> builder = newBuilder("revkeep-" + processName);
    Rolling rolling = Rolling.every(logs.rotateLength().toSeconds());
    Path dir = logs.dir();

    ComponentBuilder<?> policies = builder.newComponent("Policies")
        .addComponent(builder.newComponent("TimeBasedTriggeringPolicy")
            .addAttribute("interval", rolling.interval())
            .addAttribute("modulate", true))
        .addComponent(builder.newComponent("SizeBasedTriggeringPolicy")
            .addAttribute("size", Long.toString(logs.maxSize())));
    ComponentBuilder<?> keepNewest = builder.newComponent("DefaultRolloverStrategy")
        .addAttribute("max", MAX_ARCHIVES)
        .addComponent(builder.newComponent("Delete")
            .addAttribute("basePath", dir.toString())
            .addAttribute("maxDepth", 1)
            .addComponent(builder.newComponent("IfFileName")
                .addAttribute("glob", processName + "-*.log.gz")
                .addComponent(builder.newComponent("IfAccumulatedFileCount")
                    .addAttribute("exceeds", MAX_ARCHIVES))));
    AppenderComponentBuilder file = builder.newAppender("file", "RollingFile")
        .addAttribute("fileName", logFile(logs, processName).toString())
        .addAttribute("filePattern", dir.resolve(processName + "-%d{" + rolling.datePattern() + "}-%i.log.gz").toString())
        .add(builder.newLayout("PatternLayout").addAttribute("pattern", LINE))
        .addComponent(policies)
        .addComponent(keepNewest);
    builder.add(file);
    if (consoleLevel != null) {
      // Javalin says "Failed to start Javalin" at ERROR before the one line revkeep prints
      // (StartRefused); its start and stop lines belong in the file only.
      builder.add(builder.newLogger("io.javalin.Javalin", logs.level())
          .add(builder.newAppenderRef("file")).addAttribute("additivity", false));
    }
    apply(builder, logs.level(), consoleLevel, "file");
  }

  /**
   * Starts log4j2 with the {@link ConsoleConfiguration} (warnings and errors on stderr) before
   * anything logs, so log4j2 never searches for a configuration file: the executable's first step
   * ({@link Main#main}). The services replace it with {@link #configure}.
   */
  static void startOnConsole() {
    Configurator.initialize(new ConsoleConfiguration(null));
  }

  /**
   * Logs to the console (stderr) only, at {@code level}: for short commands that write no log
   * file. In the executable this only sets the level of the configuration {@link
   * #startOnConsole} installed; a process that started otherwise (a test calling {@link
   * Main#run}, a command after a service) gets a {@link ConsoleConfiguration} installed. A short
   * command of the executable logs through {@link QuickLogging}, whose level Main sets.
   */
  public static void configureConsoleOnly(Level level) {
    if (QuickLogging.active()) {
      return; // the executable's short command: SimpleLogger at the level Main chose
    }
    if (!(LogManager.getContext(false) instanceof LoggerContext context)) {
      throw new IllegalStateException("log4j-core is not the log4j2 implementation on the class path");
    }
    Configuration current = context.getConfiguration();
    if (!(current instanceof ConsoleConfiguration)) {
      current = new ConsoleConfiguration(context);
      context.setConfiguration(current);
    }
    current.getRootLogger().setLevel(level);
    context.updateLoggers();
  }

  /** The file a process logs to: {@code <logs dir>/<processName>.log}. */
  public static Path logFile(Config.Logs logs, String processName) {
    return logs.dir().resolve(processName + ".log");
  }

  private static ConfigurationBuilder<BuiltConfiguration> newBuilder(String name) {
    ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
    builder.setConfigurationName(name);
    builder.setStatusLevel(Level.WARN);
    builder.add(builder.newAppender("console", "Console")
        .addAttribute("target", ConsoleAppender.Target.SYSTEM_ERR)
        .add(builder.newLayout("PatternLayout").addAttribute("pattern", LINE)));
    return builder;
  }

  /** Sends the root logger to the console and {@code more} appenders, and installs the result. */
  private static void apply(ConfigurationBuilder<BuiltConfiguration> builder, Level level,
      Level consoleLevel, String... more) {
    var console = builder.newAppenderRef("console");
    if (consoleLevel != null) {
      console.addAttribute("level", consoleLevel);
    }
    RootLoggerComponentBuilder root = builder.newRootLogger(level).add(console);
    for (String appender : more) {
      root.add(builder.newAppenderRef(appender));
    }
    builder.add(root);
    Configuration configuration = builder.build(false);
    // initialize() starts a fresh context with this configuration; a context that already runs
    // (someone logged first) keeps its own, so it is replaced, which stops the old appenders.
    LoggerContext context = Configurator.initialize(configuration);
    if (context == null) {
      throw new IllegalStateException("log4j-core is not the log4j2 implementation on the class path");
    }
    if (context.getConfiguration() != configuration) {
      context.setConfiguration(configuration);
    }
  }

  /** A log4j date pattern and interval that roll every {@code seconds}, aligned to whole units. */
  private record Rolling(String datePattern, int interval) {
    static Rolling every(long seconds) {
      if (seconds % 86_400 == 0) {
        return new Rolling("yyyy-MM-dd", (int) (seconds / 86_400));
      }
      if (seconds % 3_600 == 0) {
        return new Rolling("yyyy-MM-dd-HH", (int) (seconds / 3_600));
      }
      if (seconds % 60 == 0) {
        return new Rolling("yyyy-MM-dd-HH-mm", (int) (seconds / 60));
      }
      return new Rolling("yyyy-MM-dd-HH-mm-ss", (int) seconds);
    }
  }
}
