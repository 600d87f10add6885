package io.revkeep.listener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A subscriber that speaks the feed protocol over a plain socket (no revkeep client code), so
 * listener tests see exactly what goes over the wire. Collects every event line.
 */
final class FeedProbe implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Socket socket;
  private final Thread reader;
  final List<JsonNode> events = new CopyOnWriteArrayList<>();

  FeedProbe(int port, String token, long since) throws IOException {
    socket = new Socket(InetAddress.getLoopbackAddress(), port);
    OutputStream out = socket.getOutputStream();
    out.write(("{\"op\":\"hello\",\"token\":\"" + token + "\",\"since\":" + since + "}\n")
        .getBytes(StandardCharsets.UTF_8));
    out.flush();
    reader = new Thread(this::read, "feed-probe");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(
        new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        JsonNode msg = JSON.readTree(line);
        String op = msg.path("op").asText();
        if (op.equals("event")) {
          events.add(msg);
        } else if (op.equals("ping")) {
          synchronized (this) {
            socket.getOutputStream().write("{\"op\":\"ping\"}\n".getBytes(StandardCharsets.UTF_8));
          }
        }
      }
    } catch (IOException e) {
      // closed
    }
  }

  List<Long> seqs() {
    return events.stream().map(e -> e.get("seq").asLong()).toList();
  }

  @Override
  public void close() throws IOException {
    socket.close();
    try {
      reader.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
