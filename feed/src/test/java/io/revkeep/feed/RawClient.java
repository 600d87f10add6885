package io.revkeep.feed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** A bare TCP peer for tests that must misbehave: speaks lines, or does not read at all. */
final class RawClient implements AutoCloseable {
  final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;

  private RawClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    this.out = socket.getOutputStream();
  }

  static RawClient connect(int port) throws IOException {
    return connect(port, -1);
  }

  /** receiveBuffer > 0 shrinks the socket's receive buffer (set before connecting). */
  static RawClient connect(int port, int receiveBuffer) throws IOException {
    Socket s = new Socket();
    if (receiveBuffer > 0) {
      s.setReceiveBufferSize(receiveBuffer);
    }
    s.setSoTimeout(10_000);
    s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    return new RawClient(s);
  }

  RawClient send(String line) throws IOException {
    out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
    return this;
  }

  RawClient hello(String token, long since) throws IOException {
    return send("{\"op\":\"hello\",\"token\":\"" + token + "\",\"since\":" + since + "}");
  }

  /** The next line, or null at end of stream. */
  String readLine() throws IOException {
    return in.readLine();
  }

  /**
   * Reads and drops lines until the server closes the connection (true), or the socket timeout
   * passes (false).
   */
  boolean closedByServer() {
    try {
      while (in.readLine() != null) {
        // drain
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (SocketException e) {
      return true; // reset
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
