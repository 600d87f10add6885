package io.revkeep.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff b = Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(30));

  @Test
  void delays_double_from_first_up_to_max() {
    assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(b.delay(2)).isEqualTo(Duration.ofMillis(200));
    assertThat(b.delay(5)).isEqualTo(Duration.ofMillis(1600));
    assertThat(b.delay(9)).isEqualTo(Duration.ofMillis(25600));
    assertThat(b.delay(10)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void a_long_run_of_failures_never_overflows() {
    assertThat(b.delay(63)).isEqualTo(Duration.ofSeconds(30));
    assertThat(b.delay(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void jitter_lengthens_a_delay_by_at_most_its_fraction() {
    Backoff j = b.withJitter(0.25);
    assertThat(j.delay(1, n -> 0)).isEqualTo(Duration.ofMillis(100));
    assertThat(j.delay(1, n -> n - 1)).isEqualTo(Duration.ofMillis(125));
    assertThat(j.delay(10, n -> n - 1)).isEqualTo(Duration.ofMillis(37500));
  }

  @Test
  void attempts_count_failures_and_reset_on_success() {
    Backoff.Attempts a = b.attempts();
    assertThat(a.failed()).isEqualTo(Duration.ofMillis(100));
    assertThat(a.failed()).isEqualTo(Duration.ofMillis(200));
    assertThat(a.failures()).isEqualTo(2);
    a.succeeded();
    assertThat(a.failed()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void impossible_bounds_are_refused() {
    assertThatThrownBy(() -> Backoff.exponential(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 < first <= max");
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.withJitter(1.5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.delay(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
