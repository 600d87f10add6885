package io.revkeep.web;

import io.revkeep.core.Threads;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SelectableChannelEndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * Closes a connection that keeps the server waiting for a request. The first request on a
 * connection must arrive within the header timeout of the connection opening (a TLS handshake
 * counts), each later one within the header timeout of the end of the previous request; a
 * request has arrived when Jetty hands it to the application: its headers are complete and, for
 * a request with a body, its first body bytes are there (Jetty waits for them before it
 * dispatches). Jetty's idle timeout cannot do this, since every byte resets it: a client sending
 * one header byte every few seconds held its connection as long as it liked.
 *
 * <p>A bean of the Jetty server ({@link #install}): it follows every HTTP connection of every
 * connector from its opening to its closing ({@link Connection.Listener}), learns from a
 * handler around the whole application when a request begins and ends, and looks at every
 * connection a few times per timeout. Idle keep-alive connections are closed by the same rule,
 * so the header timeout is also how long a connection may wait unused. A connection whose
 * request bytes have come but wait for a busy server to read them is not the client's fault:
 * it is closed only once Jetty waits for its bytes again ({@link #waitingForClient}), or after
 * {@link HttpLimits#BLOCKED_IO} more.
 */
final class HeaderDeadline extends AbstractLifeCycle {
  /*
   * Threads:    Jetty's selector and request threads open and close connections and begin and
   *             end requests; one thread, "revkeep-web-header-deadline", sweeps every period()
   *             and closes the late connections.
   * State:      watches: HTTP connection → its Watch (requests in flight; since when it waits
   *             for the next; whether it is being closed), each guarded by its own monitor.
   *             An entry is made when Jetty opens the connection and removed when it closes it.
   *             Only connections that carry HTTP (ConnectionMetaData) are watched, not the TLS
   *             layer under them.
   * Invariants: a connection with a request in flight is never closed here (its body is bounded
   *             by Jetty's minimum data rate, its stalled reads and writes by the idle timeout:
   *             HttpLimits). The sweeper decides and marks "closing" in one step under the
   *             watch's monitor, so a request that begins at the same moment either comes first
   *             (the connection stays) or finds it closing. A connection is late only while
   *             the server waits for its client's bytes (none unread in the kernel, end points
   *             fill-interested: waitingForClient), or once it has waited
   *             BLOCKED_IO past the timeout: bytes queued for a busy server are not the
   *             client's delay.
   * Shutdown:   doStop (Jetty stops its beans with the server) ends the sweeper and forgets the
   *             watches; Jetty closes the connections themselves.
   * Testing:    SlowHeaderFloodIT: 500 connections trickling header bytes are each closed at the
   *             deadline (not before) while /api/health answers; the connection cap. e2e's
   *             SlowTlsClientIT: a trickled TLS handshake, and headers trickled over TLS.
   */
  private static final Logger LOG = LogManager.getLogger(WebDaemon.class);
  /** How many remote addresses one log line names. */
  private static final int LOGGED_ADDRESSES = 3;

  private final long timeoutNanos;
  private final Duration timeout;
  private final Map<Connection, Watch> watches = new ConcurrentHashMap<>();
  private final Connection.Listener listener = new Tracker();
  private final AtomicLong closedLate = new AtomicLong();
  private final AtomicLong sweeps = new AtomicLong();
  /** Set by install, before the server starts; read by Jetty's start and stop. */
  private Server server;
  /** Made by doStart, ended by doStop (Jetty runs both under its lifecycle lock). */
  private ScheduledExecutorService sweeper;

  HeaderDeadline(Duration timeout) {
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
  }

  /**
   * Makes this a bean of {@code server} (started and stopped with it) and the server's handler,
   * which Javalin then wraps around its own (JettyServer keeps a wrapper it finds there).
   */
  void install(Server server) {
    this.server = server;
    server.addBean(this);
    server.setHandler(new RequestWatch());
  }

  /** HTTP connections open now. */
  int open() {
    return watches.size();
  }

  /** Connections closed since start because no request arrived in time. */
  long closedLate() {
    return closedLate.get();
  }

  /** Sweeps done since start (a test waits for some to have looked). */
  long sweeps() {
    return sweeps.get();
  }

  /** How often the sweeper looks: a quarter of the timeout, between 50 ms and 1 s. */
  Duration period() {
    Duration quarter = timeout.dividedBy(4);
    Duration min = Duration.ofMillis(50);
    Duration max = Duration.ofSeconds(1);
    return quarter.compareTo(min) < 0 ? min : quarter.compareTo(max) > 0 ? max : quarter;
  }

  @Override
  protected void doStart() throws Exception {
    // Server.doStart starts its beans before its connectors: no connection is opened unseen.
    for (Connector c : server.getConnectors()) {
      c.addEventListener(listener);
    }
    sweeper = Threads.scheduler("revkeep-web-header-deadline");
    long p = period().toNanos();
    sweeper.scheduleAtFixedRate(this::sweep, p, p, TimeUnit.NANOSECONDS);
    super.doStart();
  }

  @Override
  protected void doStop() throws Exception {
    sweeper.shutdownNow();
    for (Connector c : server.getConnectors()) {
      c.removeEventListener(listener);
    }
    watches.clear();
    super.doStop();
  }

  /** Closes every connection that has waited for a request longer than the timeout. */
  private void sweep() {
    try {
      long now = System.nanoTime();
      int closed = 0;
      List<String> addresses = new ArrayList<>(LOGGED_ADDRESSES);
      for (Map.Entry<Connection, Watch> e : watches.entrySet()) {
        EndPoint endPoint = e.getKey().getEndPoint();
        if (!e.getValue().closeIfLate(now, timeoutNanos, () -> waitingForClient(endPoint))) {
          continue;
        }
        if (addresses.size() < LOGGED_ADDRESSES) {
          addresses.add(String.valueOf(endPoint.getRemoteSocketAddress()));
        }
        endPoint.close(new TimeoutException("no request within " + shown(timeout)));
        closed++;
      }
      if (closed > 0) {
        closedLate.addAndGet(closed);
        LOG.info("closed {} connection(s) that sent no complete request within {} ([web]"
            + " header_timeout), from {}{}", closed, shown(timeout), String.join(", ", addresses),
            closed > addresses.size() ? " and others" : "");
      }
    } catch (RuntimeException e) {
      LOG.error("checking the connections' request deadlines failed; trying again: {}",
          e.toString());
    } finally {
      sweeps.incrementAndGet();
    }
  }

  /**
   * Whether the server is waiting for the client's bytes on this connection: none has come that
   * Jetty has not read yet (the kernel holds none for its socket), and its end point, and every
   * end point beneath it (TLS: the network's under the decrypted one), has asked to be told of
   * more. Bytes that have come and wait for a thread of the server to read them mean the server
   * is behind, not the client (a thousand readers on two cores queued requests for over 10 s,
   * and uploads sent on time were closed unanswered before this check).
   */
  static boolean waitingForClient(EndPoint endPoint) {
    EndPoint e = endPoint;
    while (true) {
      if (!e.isFillInterested()) {
        return false;
      }
      if (!(e instanceof EndPoint.Wrapper w)) {
        break;
      }
      e = w.unwrap();
    }
    // Jetty reads a connection's bytes on a thread of its pool: while that waits, the bytes
    // wait in the kernel and the end point still looks interested
    if (e instanceof SelectableChannelEndPoint s && s.getChannel() instanceof SocketChannel ch) {
      try {
        return ch.socket().getInputStream().available() == 0;
      } catch (IOException closed) {
        return true; // closing anyway: nothing to wait for
      }
    }
    return true;
  }

  private static String shown(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /** One HTTP connection's requests, as the sweeper sees them. */
  private static final class Watch {
    private int inFlight; // guarded by this
    private long since; // guarded by this: when the last request ended (or the connection opened)
    private boolean closing; // guarded by this

    Watch(long openedNanos) {
      this.since = openedNanos;
    }

    synchronized boolean begin() {
      if (closing) {
        return false;
      }
      inFlight++;
      return true;
    }

    synchronized void end(long nowNanos) {
      inFlight--;
      if (inFlight == 0) {
        since = nowNanos;
      }
    }

    /**
     * Marks the connection closing, in the same step as deciding it is late: no request for
     * the timeout while the server waits for the client's bytes ({@code waitingForClient}), or
     * for {@link HttpLimits#BLOCKED_IO} more whatever the server waits for.
     */
    synchronized boolean closeIfLate(long nowNanos, long timeoutNanos,
        BooleanSupplier waitingForClient) {
      long waited = nowNanos - since;
      if (closing || inFlight > 0 || waited < timeoutNanos
          || (waited < timeoutNanos + HttpLimits.BLOCKED_IO.toNanos()
              && !waitingForClient.getAsBoolean())) {
        return false;
      }
      closing = true;
      return true;
    }
  }

  /** Follows HTTP connections from opening to closing (Jetty's threads). */
  private final class Tracker implements Connection.Listener {
    @Override
    public void onOpened(Connection connection) {
      if (connection instanceof ConnectionMetaData) {
        watches.put(connection, new Watch(System.nanoTime()));
      }
    }

    @Override
    public void onClosed(Connection connection) {
      watches.remove(connection);
    }
  }

  /** Tells the watch of a request's connection when the request begins and when it ends. */
  private final class RequestWatch extends Handler.Wrapper {
    @Override
    public boolean handle(Request request, Response response, Callback callback)
        throws Exception {
      Watch watch = watches.get(request.getConnectionMetaData().getConnection());
      if (watch != null && watch.begin()) {
        Request.addCompletionListener(request, failure -> watch.end(System.nanoTime()));
      }
      return super.handle(request, response, callback);
    }
  }
}
