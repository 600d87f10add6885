package io.revkeep.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Instant;

/**
 * The caches of what the web read from the store a moment ago (sessions, their accounts): each
 * entry trusted for {@link Sessions#RECHECK_EVERY} by the injected clock, at most
 * {@link Sessions#MAX_RECENT} of them; Caffeine's upkeep runs on the calling thread, so such a
 * cache owns no thread.
 */
final class RecentReads {
  private RecentReads() {}

  static <K, V> Cache<K, V> cache(Clock clock) {
    return Caffeine.newBuilder().expireAfterWrite(Sessions.RECHECK_EVERY)
        .maximumSize(Sessions.MAX_RECENT).ticker(() -> {
          Instant now = clock.instant();
          return now.getEpochSecond() * 1_000_000_000L + now.getNano();
        }).executor(Runnable::run).build();
  }
}
