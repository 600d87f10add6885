package io.revkeep.web;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Attackers for tests: raw connections on loopback that each send a request line and then one
 * header byte at a time, never ending their headers. One thread drips the bytes, another notices
 * (by a selector, to the millisecond) when the server closes each connection.
 */
final class SlowHeaderClients implements AutoCloseable {
  /*
   * Threads:    the test's thread opens; "slow-drip" writes a byte to each open client every
   *             drip period; "slow-watch" selects, reads and records closings.
   * State:      clients (fixed after open); each client's closedNanos is written once by
   *             whichever thread sees the close first (synchronized).
   * Shutdown:   close() stops both threads and closes every socket.
   */
  private static final byte[] REQUEST_START =
      "GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);

  /** One slow client. */
  static final class Client {
    final SocketChannel channel;
    /** Taken before connecting: the server's deadline cannot start earlier than this. */
    final long openedNanos;
    private long closedNanos = -1;

    Client(SocketChannel channel, long openedNanos) {
      this.channel = channel;
      this.openedNanos = openedNanos;
    }

    synchronized boolean closed() {
      return closedNanos >= 0;
    }

    synchronized void markClosed() {
      if (closedNanos < 0) {
        closedNanos = System.nanoTime();
      }
    }

    /** From opening until the server closed it. */
    synchronized Duration openFor() {
      return Duration.ofNanos(closedNanos - openedNanos);
    }

    void drip() {
      if (closed()) {
        return;
      }
      try {
        channel.write(ByteBuffer.wrap(new byte[] {'a'}));
      } catch (IOException e) {
        markClosed();
      }
    }
  }

  final List<Client> clients = new ArrayList<>();
  private final Selector selector = Selector.open();
  private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "slow-client");
    t.setDaemon(true);
    return t;
  });

  /** Opens {@code n} clients to 127.0.0.1:port; each drips a header byte every {@code drip}. */
  SlowHeaderClients(int port, int n, Duration drip) throws IOException {
    for (int i = 0; i < n; i++) {
      // the time before the connect, not after it and the first write: on a loaded machine
      // this thread may wait between them, and a client opened "later" than the server saw it
      // would seem closed before the deadline
      long opened = System.nanoTime();
      SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
      ch.write(ByteBuffer.wrap(REQUEST_START));
      ch.configureBlocking(false);
      Client c = new Client(ch, opened);
      ch.register(selector, SelectionKey.OP_READ, c);
      clients.add(c);
    }
    threads.scheduleWithFixedDelay(() -> clients.forEach(Client::drip), drip.toMillis(),
        drip.toMillis(), TimeUnit.MILLISECONDS);
    threads.execute(this::watch);
  }

  /** How many the server has closed. */
  long closed() {
    return clients.stream().filter(Client::closed).count();
  }

  /** The shortest and longest time a client was open, once all are closed. */
  Duration shortest() {
    return clients.stream().map(Client::openFor).min(Duration::compareTo).orElseThrow();
  }

  Duration longest() {
    return clients.stream().map(Client::openFor).max(Duration::compareTo).orElseThrow();
  }

  private void watch() {
    ByteBuffer buf = ByteBuffer.allocate(4096);
    try {
      while (!Thread.currentThread().isInterrupted() && selector.isOpen()) {
        selector.select(50);
        for (SelectionKey key : selector.selectedKeys()) {
          Client c = (Client) key.attachment();
          try {
            buf.clear();
            if (c.channel.read(buf) < 0) {
              c.markClosed();
              key.cancel();
            }
          } catch (IOException e) {
            c.markClosed();
            key.cancel();
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | java.nio.channels.ClosedSelectorException e) {
      // closed by close()
    }
  }

  @Override
  public void close() throws IOException {
    threads.shutdownNow();
    selector.close();
    for (Client c : clients) {
      c.channel.close();
    }
  }
}
