package io.revkeep.core.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's view of what one class logged at WARN or above, for each test method: {@code
 * @RegisterExtension final WarningCapture log = WarningCapture.of(FeedServer.class);} then
 * {@code log.warnings()}. The list is thread-safe (daemons log from their own threads).
 */
public final class WarningCapture implements BeforeEachCallback, AfterEachCallback {
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Logger logger;
  private final AbstractAppender appender = new AbstractAppender("warning-capture", null, null,
      true, Property.EMPTY_ARRAY) {
    @Override
    public void append(LogEvent event) {
      if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
        warnings.add(event.getMessage().getFormattedMessage());
      }
    }
  };

  private WarningCapture(Class<?> source) {
    this.logger = (Logger) LogManager.getLogger(source);
  }

  /** Captures the warnings and errors of {@code source}'s logger. */
  public static WarningCapture of(Class<?> source) {
    return new WarningCapture(source);
  }

  /** The formatted messages logged so far in this test, oldest first. */
  public List<String> warnings() {
    return warnings;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    warnings.clear();
    appender.start();
    logger.addAppender(appender);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    logger.removeAppender(appender);
    appender.stop();
  }
}
