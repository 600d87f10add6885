package io.revkeep.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.ConsoleAppender;
import org.apache.logging.log4j.core.config.AbstractConfiguration;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * The log4j2 setup of a short command: warnings and errors on stderr, no file. Built directly
 * from the appender and layout builders, as log4j's own default configuration is, rather than
 * through a configuration tree: a short command pays for neither the search for configuration
 * files nor the tree's reflection (about a tenth of a second of each start, bench row 20).
 * Installed as log4j's first configuration by {@link Logging#startOnConsole}; the services
 * replace it with {@link Logging#configure}.
 */
final class ConsoleConfiguration extends AbstractConfiguration {
  static final String NAME = "revkeep-console";

  /** @param context the context it is for, or null when it is given at start, as log4j's default */
  ConsoleConfiguration(LoggerContext context) {
    super(context, ConfigurationSource.NULL_SOURCE);
    setName(NAME);
  }

  @Override
  protected void doConfigure() {
    PatternLayout layout = PatternLayout.newBuilder()
        .withPattern(Logging.LINE)
        .withConfiguration(this)
        .build();
    Appender console = ConsoleAppender.newBuilder()
        .setName("console")
        .setTarget(ConsoleAppender.Target.SYSTEM_ERR)
        .setLayout(layout)
        .setConfiguration(this)
        .build();
    console.start();
    addAppender(console);
    LoggerConfig root = getRootLogger();
    root.addAppender(console, null, null);
    root.setLevel(Level.WARN);
    // The Couchbase SDK reports every disconnect of a short command at WARN ("config refresher
    // terminating"); its real failures reach the user through revkeep's own one-line errors.
    LoggerConfig couchbase = new LoggerConfig("com.couchbase", Level.ERROR, true);
    addLogger(couchbase.getName(), couchbase);
  }
}
