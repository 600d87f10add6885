package io.revkeep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A feed subscriber over a plain socket (the wire protocol, no revkeep client code): timestamps
 * each line the moment {@code readLine()} returns it, then parses it and records the event's
 * {@code name} in {@link Arrivals}. Sends a ping every {@link #HEARTBEAT_MS} and answers the
 * server's pings: the server closes a peer it has heard nothing from for its idle timeout (30 s).
 */
final class FeedSubscriber implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How often the subscriber pings the server, well inside the server's idle timeout. */
  static final long HEARTBEAT_MS = 5_000;

  private final Socket socket;
  private final Thread reader;
  private final Thread heartbeat;
  private volatile boolean ended;
  final Arrivals arrivals = new Arrivals();
  /** Each event's own {@code time} (when the listener built the change), epoch milliseconds. */
  final Map<String, Long> eventTimes = new ConcurrentHashMap<>();
  /** Each event's {@code seq}, by name (the first event of that name). */
  final Map<String, Long> eventSeqs = new ConcurrentHashMap<>();

  FeedSubscriber(int port, String token) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    socket.setTcpNoDelay(true);
    send("{\"op\":\"hello\",\"token\":\"" + token + "\",\"since\":0}\n");
    reader = new Thread(this::read, "bench-feed-subscriber");
    reader.setDaemon(true);
    reader.start();
    heartbeat = new Thread(this::beat, "bench-feed-heartbeat");
    heartbeat.setDaemon(true);
    heartbeat.start();
  }

  /** True once the server closed the connection (the benchmark then stops: its figures would be wrong). */
  boolean ended() {
    return ended;
  }

  private void beat() {
    try {
      while (!socket.isClosed()) {
        Thread.sleep(HEARTBEAT_MS);
        send("{\"op\":\"ping\"}\n");
      }
    } catch (InterruptedException | IOException e) {
      // closed
    }
  }

  private synchronized void send(String line) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(line.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        long now = System.nanoTime();
        JsonNode msg = JSON.readTree(line);
        String op = msg.path("op").asText();
        if (op.equals("event")) {
          String name = msg.path("name").asText();
          String time = msg.path("time").asText(null);
          if (time != null) {
            eventTimes.putIfAbsent(name, Instant.parse(time).toEpochMilli());
          }
          eventSeqs.putIfAbsent(name, msg.path("seq").asLong());
          arrivals.arrived(name, now);
        } else if (op.equals("ping")) {
          send("{\"op\":\"ping\"}\n");
        } else if (op.equals("error")) {
          System.err.println("feed error: " + line);
        }
      }
    } catch (IOException e) {
      // closed
    } finally {
      ended = true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    heartbeat.interrupt();
    try {
      reader.join(5_000);
      heartbeat.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
