package io.revkeep.cli;

import java.io.PrintStream;
import java.util.Set;
import org.apache.logging.log4j.LogManager;

/**
 * The logging of a command that is not a service (everything but {@code up}, {@code listener},
 * {@code web} and {@code backup}): log4j-api's own SimpleLogger writing warnings and errors to
 * standard error ({@link QuickLoggerContext}: the Couchbase SDK's errors only), instead of
 * log4j-core. Such a command writes no log file, so log4j-core's ~600
 * classes and its plugin start-up — a third of {@code revkeep log FILE}'s time (bench row 20) —
 * buy it nothing. Libraries logging through SLF4J reach the same SimpleLogger through
 * log4j-slf4j2-impl.
 *
 * <p>Messages are escaped as everywhere (log4j2.component.properties names core's
 * PrintableMessageFactory, which SimpleLogger uses too); a stack trace's exception texts are
 * not, so standard error itself goes through {@link PrintableErr} in such a process. Tests that
 * call {@link Main#run} in their own JVM keep log4j-core; the executable's {@link Main#main}
 * chooses.
 */
final class QuickLogging {
  /** The commands that run until stopped and log to a file: they keep log4j-core. */
  static final Set<String> SERVICES = Set.of("up", "listener", "web", "backup");
  private static final String PREFIX = "org.apache.logging.log4j.simplelog.";

  private QuickLogging() {}

  /** Whether a command line runs a short command (not a service). */
  static boolean suits(String... args) {
    return args.length > 0 && !SERVICES.contains(args[0]);
  }

  /**
   * Makes log4j-api's SimpleLogger the logging implementation of this process, at {@code level}
   * ("WARN", "ERROR"), before anything logs; standard error becomes printable.
   */
  static void start(String level) {
    System.setErr(new PrintStream(new PrintableErr(System.err), true));
    System.setProperty("log4j2.loggerContextFactory", QuickLoggerContext.Factory.class.getName());
    System.setProperty(PREFIX + "level", level);
    System.setProperty(PREFIX + "logFile", "system.err");
    System.setProperty(PREFIX + "showdatetime", "false");
    System.setProperty(PREFIX + "showShortLogname", "true");
  }

  /** Whether this process logs through SimpleLogger (so log4j-core's setup does not apply). */
  static boolean active() {
    return LogManager.getFactory() instanceof QuickLoggerContext.Factory;
  }
}
