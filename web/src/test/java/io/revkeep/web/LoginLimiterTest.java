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
  void failures_for_admin_from_anywhere_do_not_lock_admin_out_from_another_address() {
    for (int i = 0; i < 50; i++) {
      limiter.failed("admin", "10.6.6." + (i % 3));
    }
    assertThat(limiter.retryAfter("admin", "10.6.6.0")).isPositive();
    // the real admin, at its own desk, with no recent failure for this account from there
    assertThat(limiter.retryAfter("admin", "10.0.0.7")).isZero();
  }

  @Test
  void five_failures_of_one_name_from_one_address_make_that_pair_wait_a_growing_back_off() {
    for (int i = 0; i < LoginLimiter.MAX_FAILURES - 1; i++) {
      limiter.failed("bob", "10.0.0.1");
      assertThat(limiter.retryAfter("bob", "10.0.0.1")).isZero();
    }
    limiter.failed("bob", "10.0.0.1");
    assertThat(limiter.retryAfter("bob", "10.0.0.1")).isEqualTo(LoginLimiter.BACKOFF_FIRST);
    assertThat(limiter.retryAfter("bob", "10.0.0.2")).isZero();
    assertThat(limiter.retryAfter("alice", "10.0.0.1")).isZero();
    clock.now = clock.now.plus(LoginLimiter.BACKOFF_FIRST);
    assertThat(limiter.retryAfter("bob", "10.0.0.1")).isZero();
    limiter.failed("bob", "10.0.0.1");
    assertThat(limiter.retryAfter("bob", "10.0.0.1"))
        .isEqualTo(LoginLimiter.BACKOFF_FIRST.multipliedBy(2));
  }

  @Test
  void an_address_failing_for_many_names_waits_for_every_name_but_others_do_not() {
    for (int i = 0; i < LoginLimiter.MAX_ADDRESS_FAILURES; i++) {
      limiter.failed("user" + i, "10.0.0.1");
    }
    assertThat(limiter.retryAfter("someone-else", "10.0.0.1")).isPositive();
    assertThat(limiter.retryAfter("someone-else", "10.0.0.2")).isZero();
    clock.now = clock.now.plus(LoginLimiter.WINDOW);
    assertThat(limiter.retryAfter("someone-else", "10.0.0.1")).isZero();
  }

  @Test
  void a_success_clears_the_pairs_failures() {
    for (int i = 0; i < LoginLimiter.MAX_FAILURES; i++) {
      limiter.failed("bob", "10.0.0.8");
    }
    limiter.succeeded("bob", "10.0.0.8");
    assertThat(limiter.retryAfter("bob", "10.0.0.8")).isZero();
  }

  @Test
  void a_pairs_failures_are_forgotten_an_hour_after_the_last() {
    for (int i = 0; i < LoginLimiter.MAX_FAILURES + 3; i++) {
      limiter.failed("bob", "10.0.0.8");
    }
    clock.now = clock.now.plus(LoginLimiter.FORGET);
    assertThat(limiter.retryAfter("bob", "10.0.0.8")).isZero();
    limiter.failed("bob", "10.0.0.8");
    assertThat(limiter.retryAfter("bob", "10.0.0.8")).isZero();
  }
}
