package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginLimiterTest {
  /** A clock the test moves. */
  static final class FakeClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  final FakeClock clock = new FakeClock();
  final LoginLimiter limiter = new LoginLimiter(clock);

  @Test
  void five_failures_per_name_block_that_name_until_the_first_leaves_the_window() {
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.retryAfter("bob", "10.0.0." + i)).isZero();
      limiter.failed("bob", "10.0.0." + i);
      clock.now = clock.now.plusSeconds(1);
    }
    assertThat(limiter.retryAfter("bob", "10.0.0.99")).isEqualTo(Duration.ofSeconds(55));
    assertThat(limiter.retryAfter("alice", "10.0.0.99")).isZero();
    clock.now = clock.now.plusSeconds(55);
    assertThat(limiter.retryAfter("bob", "10.0.0.99")).isZero();
  }

  @Test
  void five_failures_from_one_address_block_every_name_from_it() {
    for (int i = 0; i < 5; i++) {
      limiter.failed("user" + i, "10.0.0.1");
    }
    assertThat(limiter.retryAfter("someone-else", "10.0.0.1")).isPositive();
    assertThat(limiter.retryAfter("someone-else", "10.0.0.2")).isZero();
  }

  @Test
  void a_success_clears_the_names_failures() {
    for (int i = 0; i < 4; i++) {
      limiter.failed("bob", "10.0.0." + i);
    }
    limiter.succeeded("bob");
    limiter.failed("bob", "10.0.0.9");
    assertThat(limiter.retryAfter("bob", "10.0.0.8")).isZero();
  }
}
