package io.revkeep.web;

import io.javalin.config.JavalinConfig;
import java.time.Duration;

/**
 * Jetty's limits on what a client sends, so slow or oversized requests cannot hold the server:
 * a request body must arrive at {@link #MIN_REQUEST_BYTES_PER_SECOND} at least (else 408 and the
 * connection is closed), a read or write blocked without progress for {@link #BLOCKED_IO} ends
 * the request, and request headers are at most {@link #MAX_HEADER_BYTES}. Unauthenticated
 * requests are refused before their body is read (Auth's gate) or bounded in number (logins,
 * {@link LoginAdmission}).
 */
final class HttpLimits {
  /** The slowest request body accepted, in bytes per second (measured from its first byte). */
  static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;
  /** How long a request's read or write may be blocked without progress. */
  static final Duration BLOCKED_IO = Duration.ofSeconds(30);
  /** The largest request line and headers (Jetty's default, made explicit). */
  static final int MAX_HEADER_BYTES = 8 * 1024;

  private HttpLimits() {}

  /** Sets the limits on Jetty's HTTP configuration. */
  static void apply(JavalinConfig config) {
    config.jetty.modifyHttpConfiguration(http -> {
      http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
      http.setIdleTimeout(BLOCKED_IO.toMillis());
      http.setRequestHeaderSize(MAX_HEADER_BYTES);
    });
  }
}
