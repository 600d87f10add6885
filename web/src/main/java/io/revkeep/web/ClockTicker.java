package io.revkeep.web;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Clock;
import java.time.Instant;

/** A Caffeine {@link Ticker} reading the injected clock, so cache expiry follows it in tests. */
final class ClockTicker {
  private ClockTicker() {}

  static Ticker of(Clock clock) {
    return () -> {
      Instant now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
  }
}
