package io.revkeep.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A feed others can reach without TLS says at start that its token crosses in clear. */
class ClearFeedWarningTest {
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final Logger logger = (Logger) LogManager.getLogger(FeedServer.class);
  private final AbstractAppender capture = new AbstractAppender("capture", null, null, true,
      Property.EMPTY_ARRAY) {
    @Override
    public void append(LogEvent event) {
      if (event.getLevel().isMoreSpecificThan(Level.WARN)) {
        warnings.add(event.getMessage().getFormattedMessage());
      }
    }
  };

  @BeforeEach
  void listen() {
    capture.start();
    logger.addAppender(capture);
  }

  @AfterEach
  void stopListening() {
    logger.removeAppender(capture);
    capture.stop();
  }

  private void startAndClose(FeedServerSettings.Builder settings) throws Exception {
    try (FeedServer server = new FeedServer(settings.port(0).workerThreads(1).replayThreads(1)
        .build(), new MemoryEventLog(), hash -> Optional.empty())) {
      server.start();
    }
  }

  @Test
  void a_feed_on_all_addresses_without_tls_warns_once() throws Exception {
    startAndClose(FeedServerSettings.builder("t").bindAddress("0.0.0.0"));
    assertThat(warnings).containsExactly("feed on 0.0.0.0 without [tls]: the feed token and every"
        + " event cross the network in clear; set [tls] cert and key, or firewall the feed port");
  }

  @Test
  void a_feed_on_loopback_does_not_warn() throws Exception {
    startAndClose(FeedServerSettings.builder("t").bindAddress("127.0.0.1"));
    startAndClose(FeedServerSettings.builder("t").bindAddress("localhost"));
    assertThat(warnings).isEmpty();
  }
}
