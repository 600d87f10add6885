package io.revkeep.web;

import io.javalin.config.JavalinConfig;
import java.time.Duration;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Jetty's limits on what a client sends, so slow or oversized requests cannot hold the server:
 * <ul>
 *   <li>a request must arrive within the header timeout ({@link HeaderDeadline}: from the
 *       connection's opening, or the end of its previous request; else the connection is
 *       closed), whatever the pace of its bytes;
 *   <li>a request body must arrive at {@link #MIN_REQUEST_BYTES_PER_SECOND} at least (else 408
 *       and the connection is closed), and a read or write blocked without progress for
 *       {@link #BLOCKED_IO} ends the request;
 *   <li>request headers are at most {@link #MAX_HEADER_BYTES};
 *   <li>at most {@link ConnectionLimits#maxConnections()} connections are open at once: at the
 *       limit Jetty stops accepting (new connections wait in the kernel's queue) and open
 *       connections get the shorter idle timeout {@link #AT_LIMIT_IDLE}, until they fall below
 *       it;
 *   <li>the kernel queues up to {@link #ACCEPT_QUEUE} connections not yet accepted (capped by
 *       the sysctl net.core.somaxconn): with the JDK's default of 50, a thousand clients
 *       connecting at once overflowed it, and the dropped connections retried after 1, 3, 7,
 *       15 and 31 s — the 30 s failures and the seconds-long tail of a load test.
 * </ul>
 * Unauthenticated requests are refused before their body is read (Auth's gate) or bounded in
 * number (logins, {@link LoginAdmission}).
 */
final class HttpLimits {
  /** The slowest request body accepted, in bytes per second (measured from its first byte). */
  static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;
  /** How long a request's read or write may be blocked without progress. */
  static final Duration BLOCKED_IO = Duration.ofSeconds(30);
  /** The largest request line and headers (Jetty's default, made explicit). */
  static final int MAX_HEADER_BYTES = 8 * 1024;
  /**
   * The idle timeout of open connections while the connection limit is reached: shorter than
   * {@link #BLOCKED_IO}, longer than the event streams' ping ({@link Events#PING_SECONDS}), so
   * a live page keeps its stream.
   */
  static final Duration AT_LIMIT_IDLE = Duration.ofSeconds(20);
  /** Connections the kernel holds for Jetty to accept (the listen backlog). */
  static final int ACCEPT_QUEUE = 4096;

  private HttpLimits() {}

  /**
   * Sets the limits on Jetty's HTTP configuration and server; {@code deadline} becomes a bean and
   * the outermost handler of the server.
   */
  static void apply(JavalinConfig config, ConnectionLimits limits, HeaderDeadline deadline) {
    config.jetty.modifyHttpConfiguration(http -> {
      http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
      http.setIdleTimeout(BLOCKED_IO.toMillis());
      http.setRequestHeaderSize(MAX_HEADER_BYTES);
    });
    config.jetty.modifyServer(server -> {
      NetworkConnectionLimit cap = new NetworkConnectionLimit(limits.maxConnections(), server);
      cap.setEndPointIdleTimeout(AT_LIMIT_IDLE.toMillis());
      server.addBean(cap);
      deadline.install(server);
      QuickRequests.install(server, limits.maxConnections());
      // the connectors exist once the server starts (Javalin adds its own then): size their
      // listen backlog before they open
      server.addEventListener(new LifeCycle.Listener() {
        @Override
        public void lifeCycleStarting(LifeCycle event) {
          for (Connector c : server.getConnectors()) {
            if (c instanceof ServerConnector sc) {
              sc.setAcceptQueueSize(ACCEPT_QUEUE);
            }
          }
        }
      });
    });
  }
}
