package io.revkeep.feed;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between clients and a server on loopback that records every byte crossing it in
 * either direction: the test's stand-in for a packet capture ({@link #sawBytes}). Used by the
 * feed's TLS tests and by e2e (test jar).
 */
public final class RecordingRelay implements AutoCloseable {
  /*
   * Threads:    one acceptor thread; two copier threads per relayed connection (daemons). The
   *             recording is one ByteArrayOutputStream guarded by its own monitor.
   * Shutdown:   close() closes the listening socket and every relayed socket; the threads end
   *             when their socket does.
   */

  private final ServerSocket listening;
  private final InetSocketAddress target;
  private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /** Starts relaying connections to its {@link #port()} to {@code targetPort} on 127.0.0.1. */
  public RecordingRelay(int targetPort) throws IOException {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    this.listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "test-relay-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The port clients connect to. */
  public int port() {
    return listening.getLocalPort();
  }

  /** Whether {@code text}'s UTF-8 bytes crossed the relay, in either direction. */
  public boolean sawBytes(String text) {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    byte[] hay;
    synchronized (recorded) {
      hay = recorded.toByteArray();
    }
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  /** How many bytes crossed so far. */
  public int recordedBytes() {
    synchronized (recorded) {
      return recorded.size();
    }
  }

  private void accept() {
    while (!listening.isClosed()) {
      try {
        Socket client = listening.accept();
        Socket server = new Socket();
        server.connect(target, 5_000);
        sockets.add(client);
        sockets.add(server);
        copy(client, server);
        copy(server, client);
      } catch (IOException e) {
        // closed, or the target refused: the client sees its connection end
      }
    }
  }

  private void copy(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          synchronized (recorded) {
            recorded.write(buf, 0, n);
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "test-relay-copy");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  @Override
  public void close() throws IOException {
    listening.close();
    for (Socket s : sockets) {
      closeQuietly(s);
    }
  }
}
