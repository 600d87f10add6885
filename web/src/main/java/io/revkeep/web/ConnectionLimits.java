package io.revkeep.web;

import io.revkeep.config.Config;
import java.time.Duration;
import java.util.Objects;

/**
 * How many connections the web holds at once, and how long a connection may take to send a
 * request ({@code [web] max_connections} and {@code header_timeout}); see {@link HttpLimits}.
 *
 * @param maxConnections open connections at most; beyond them the server stops accepting until
 *     some close (new ones wait in the kernel's queue)
 * @param headerTimeout the time a connection has to send a request's headers: from its opening
 *     for the first request (a TLS handshake included), from the end of the previous request for
 *     the next ({@link HeaderDeadline})
 */
public record ConnectionLimits(int maxConnections, Duration headerTimeout) {
  /** What {@code [web]} sets when it says nothing. */
  public static final ConnectionLimits DEFAULT =
      new ConnectionLimits(Config.Web.MAX_CONNECTIONS, Config.Web.HEADER_TIMEOUT);

  public ConnectionLimits {
    Objects.requireNonNull(headerTimeout, "headerTimeout");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1");
    }
    if (headerTimeout.isNegative() || headerTimeout.isZero()) {
      throw new IllegalArgumentException("headerTimeout must be positive");
    }
  }
}
