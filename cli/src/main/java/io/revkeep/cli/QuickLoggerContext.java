package io.revkeep.cli;

import java.net.URI;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.message.MessageFactory;
import org.apache.logging.log4j.simple.SimpleLogger;
import org.apache.logging.log4j.simple.SimpleLoggerContext;
import org.apache.logging.log4j.spi.ExtendedLogger;
import org.apache.logging.log4j.spi.LoggerContext;
import org.apache.logging.log4j.spi.LoggerContextFactory;

/**
 * log4j-api's SimpleLogger context for short commands ({@link QuickLogging}), with the one rule
 * of {@link ConsoleConfiguration} SimpleLogger cannot say by itself (it sets levels per exact
 * logger name only): every logger under {@code com.couchbase} logs errors only, since the
 * Couchbase SDK warns about its config refreshers and cluster state, which a command cannot
 * change. Thread-safe as SimpleLoggerContext is (its registry); a logger's level is set before
 * it is handed out, the same level every time. Public only because log4j-api instantiates its
 * {@link Factory} by name.
 */
public final class QuickLoggerContext extends SimpleLoggerContext {
  private static final String QUIET = "com.couchbase";

  @Override
  public ExtendedLogger getLogger(String name) {
    return quiet(name, super.getLogger(name));
  }

  @Override
  public ExtendedLogger getLogger(String name, MessageFactory messageFactory) {
    return quiet(name, super.getLogger(name, messageFactory));
  }

  private static ExtendedLogger quiet(String name, ExtendedLogger logger) {
    if (name != null && (name.equals(QUIET) || name.startsWith(QUIET + "."))
        && logger instanceof SimpleLogger simple
        && simple.getLevel().intLevel() > Level.ERROR.intLevel()) {
      simple.setLevel(Level.ERROR);
    }
    return logger;
  }

  /** The factory log4j-api is told to use ({@code log4j2.loggerContextFactory}): one context. */
  public static final class Factory implements LoggerContextFactory {
    private static final QuickLoggerContext CONTEXT = new QuickLoggerContext();

    @Override
    public LoggerContext getContext(String fqcn, ClassLoader loader, Object externalContext,
        boolean currentContext) {
      return CONTEXT;
    }

    @Override
    public LoggerContext getContext(String fqcn, ClassLoader loader, Object externalContext,
        boolean currentContext, URI configLocation, String name) {
      return CONTEXT;
    }

    @Override
    public void removeContext(LoggerContext context) {}

    @Override
    public boolean isClassLoaderDependent() {
      return false;
    }
  }
}
