package io.revkeep.backup;

import io.netty.handler.ssl.SslContext;
import io.revkeep.config.Config;
import io.revkeep.core.retry.Backoff;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What the backup needs to know.
 *
 * @param backup the backup folder
 * @param suffix the copies' suffix ({@code [revisions] revisionsuffix})
 * @param source vault (store and vault given) or feed (fetch over the feed)
 * @param host the listener's feed host
 * @param port the listener's feed port
 * @param token the feed secret
 * @param statusDir where to publish the status: the data folder, or null for the state folder
 * @param retryMin first wait after a failed copy; doubles up to retryMax
 * @param pruneEvery how often retention runs in vault mode; zero: never
 * @param feedTls the client side of the feed's TLS (FeedTls.client), or null for plain TCP
 * @param scrubEvery how often the background scrub reads everything ({@link Scrubber}); zero:
 *     never
 * @param scrubRate the scrub's bytes per second
 */
public record BackupSettings(Path backup, String suffix, Source source, String host, int port,
    String token, Path statusDir, Duration retryMin, Duration retryMax, Duration pruneEvery,
    SslContext feedTls, Duration scrubEvery, long scrubRate) {
  /** The scrub's rate when none is configured: 10 MiB/s ([backup] scrub_rate). */
  public static final long DEFAULT_SCRUB_RATE = Config.Backup.DEFAULT_SCRUB_RATE;

  /** Where the bytes of a version come from. */
  public enum Source { VAULT, FEED }

  public BackupSettings {
    Objects.requireNonNull(backup, "backup");
    Objects.requireNonNull(suffix, "suffix");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(retryMin, "retryMin");
    Objects.requireNonNull(retryMax, "retryMax");
    Objects.requireNonNull(pruneEvery, "pruneEvery");
    Objects.requireNonNull(scrubEvery, "scrubEvery");
    if (scrubEvery.isNegative() || (!scrubEvery.isZero() && scrubRate < 1)) {
      throw new IllegalArgumentException("backup: the scrub needs a period >= 0 and a rate of"
          + " at least 1 byte/s, was " + scrubEvery + ", " + scrubRate);
    }
    if (suffix.contains("/") || (!suffix.isEmpty() && Character.isDigit(suffix.charAt(0)))) {
      throw new IllegalArgumentException("backup: the suffix must not contain / nor start with"
          + " a digit (it follows the seq in a copy's name), was '" + suffix + "'");
    }
    if (retryMin.isNegative() || retryMin.isZero() || retryMax.compareTo(retryMin) < 0) {
      throw new IllegalArgumentException("backup: retry must satisfy 0 < retryMin <= retryMax,"
          + " was " + retryMin + ", " + retryMax);
    }
  }

  /** The settings with a plain (non-TLS) feed client. */
  public BackupSettings(Path backup, String suffix, Source source, String host, int port,
      String token, Path statusDir, Duration retryMin, Duration retryMax, Duration pruneEvery) {
    this(backup, suffix, source, host, port, token, statusDir, retryMin, retryMax, pruneEvery,
        null, Duration.ZERO, DEFAULT_SCRUB_RATE);
  }

  /** These settings with the feed client speaking TLS with {@code tls} (null: plain). */
  public BackupSettings withFeedTls(SslContext tls) {
    return new BackupSettings(backup, suffix, source, host, port, token, statusDir, retryMin,
        retryMax, pruneEvery, tls, scrubEvery, scrubRate);
  }

  /** These settings with the background scrub every {@code every} (zero: off) at a rate. */
  public BackupSettings withScrub(Duration every, long bytesPerSecond) {
    return new BackupSettings(backup, suffix, source, host, port, token, statusDir, retryMin,
        retryMax, pruneEvery, feedTls, every, bytesPerSecond);
  }

  /** The waits between attempts at one copy: retryMin, doubling up to retryMax. */
  public Backoff retry() {
    return Backoff.exponential(retryMin, retryMax);
  }

  /** BackupSettings with the production retry (0.5 s doubling to 10 s) and prune (10 min) timing. */
  public static BackupSettings of(Path backup, String suffix, Source source, String host, int port,
      String token, Path statusDir) {
    return new BackupSettings(backup, suffix, source, host, port, token, statusDir,
        Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMinutes(10));
  }
}
