package io.revkeep.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeedServerSettingsTest {

  @Test
  void the_defaults_follow_the_protocol() {
    FeedServerSettings s = FeedServerSettings.builder("t").build();
    assertThat(s.bindAddress()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(9000);
    assertThat(s.maxLineBytes()).isEqualTo(64 * 1024);
  }

  @Test
  void a_wrong_setting_is_named_in_the_message() {
    assertThatThrownBy(() -> FeedServerSettings.builder("").build())
        .hasMessage("feed server: token must not be empty");
    assertThatThrownBy(() -> FeedServerSettings.builder("t").port(70000).build())
        .hasMessage("feed server: port must be 0..65535, was 70000");
    assertThatThrownBy(() -> FeedServerSettings.builder("t").heartbeatInterval(Duration.ofSeconds(30))
        .idleTimeout(Duration.ofSeconds(10)).build())
        .hasMessage("feed server: idleTimeout (PT10S) must be longer than heartbeatInterval (PT30S)");
    assertThatThrownBy(() -> FeedServerSettings.builder("t").outboundLimitBytes(1000).build())
        .hasMessageStartingWith("feed server: outboundLimitBytes must be >= 2 * maxLineBytes");
  }

  @Test
  void publishing_before_start_is_refused() {
    FeedServer server = new FeedServer(FeedServerSettings.builder("t").build(), new MemoryEventLog(),
        h -> Optional.empty());
    assertThatThrownBy(() -> server.publish(MemoryEventLog.event(1)))
        .isInstanceOf(IllegalStateException.class).hasMessage("feed server: publish() before start()");
    server.close();
  }
}
