package io.revkeep.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.testing.WarningCapture;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A feed others can reach without TLS says at start that its token crosses in clear. */
class ClearFeedWarningTest {
  @RegisterExtension final WarningCapture log = WarningCapture.of(FeedServer.class);

  private void startAndClose(FeedServerSettings.Builder settings) throws Exception {
    try (FeedServer server = new FeedServer(settings.port(0).workerThreads(1).replayThreads(1)
        .build(), new MemoryEventLog(), hash -> Optional.empty())) {
      server.start();
    }
  }

  @Test
  void a_feed_on_all_addresses_without_tls_warns_once() throws Exception {
    startAndClose(FeedServerSettings.builder("t").bindAddress("0.0.0.0"));
    assertThat(log.warnings()).containsExactly("feed on 0.0.0.0 without [tls]: the feed token"
        + " and every event cross the network in clear; set [tls] cert and key, or firewall the feed port");
  }

  @Test
  void a_feed_on_loopback_does_not_warn() throws Exception {
    startAndClose(FeedServerSettings.builder("t").bindAddress("127.0.0.1"));
    startAndClose(FeedServerSettings.builder("t").bindAddress("localhost"));
    assertThat(log.warnings()).isEmpty();
  }
}
