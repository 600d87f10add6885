package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.Passwords;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/events} through a burst: every event reaches a live stream once and in order, from
 * its replay through the live ones (sent many to a write), while beside it a stream whose client
 * never reads holds nothing up. A real store, feed, web server and sockets.
 */
class EventsIT {
  static final int BEFORE = 1_000;
  /** Enough change events (~5 MB) to fill a silent client's socket buffers and block its writes. */
  static final int BURST = 20_000;

  @TempDir Path tmp;
  WebOnFeed w;
  long recorded;

  @BeforeEach
  void start() throws Exception {
    w = new WebOnFeed(tmp);
    w.store.addUser(new User("vi", Passwords.hash("vi-password".toCharArray()), Role.VIEWER));
  }

  @AfterEach
  void stop() {
    w.close();
  }

  @Test
  void a_live_stream_gets_every_event_once_in_order_beside_a_silent_one() throws Exception {
    record(BEFORE);
    Http viewer = Http.as(w.base(), "vi", "vi-password");
    Socket silent = silentStream(viewer);
    try {
      Queue<String> lines = new ConcurrentLinkedQueue<>();
      AtomicLong lastId = new AtomicLong();
      HttpResponse<InputStream> live = viewer.client.send(viewer.request("/api/events?since=0")
          .header("Accept", "text/event-stream").GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertThat(live.statusCode()).isEqualTo(200);
      Thread reader = new Thread(() -> readLines(live.body(), lines, lastId), "events-it-reader");
      reader.setDaemon(true);
      reader.start();

      record(BURST);
      long last = recorded;
      await("every event on the live stream").atMost(Duration.ofSeconds(60))
          .until(() -> lastId.get() == last);
      live.body().close();

      List<Long> ids = new ArrayList<>();
      List<String> names = new ArrayList<>();
      String event = null;
      for (String line : lines) {
        if (line.startsWith("id: ")) {
          ids.add(Long.parseLong(line.substring(4)));
        } else if (line.startsWith("event: ")) {
          event = line.substring(7);
        } else if (line.startsWith("data: ")) {
          assertThat(event).isEqualTo("change");
          JsonNode data = Json.MAPPER.readTree(line.substring(6));
          names.add(data.get("name").asText());
        }
      }
      assertThat(ids).as("ids 1…%d, each once, in order", last).hasSize((int) last);
      for (int i = 0; i < ids.size(); i++) {
        assertThat(ids.get(i)).isEqualTo(i + 1L);
      }
      assertThat(names).hasSize((int) last).startsWith("f1.txt").endsWith("f" + last + ".txt");
    } finally {
      silent.close();
    }
  }

  /** Records {@code n} more changes and hands each to the feed, as the listener does. */
  private void record(int n) {
    for (int done = 0; done < n; done += 1000) {
      List<Change> changes = new ArrayList<>();
      for (int i = 0; i < Math.min(1000, n - done); i++) {
        long k = recorded + done + i + 1;
        changes.add(Change.content("f" + k + ".txt", "%064x".formatted(k), k, k,
            Instant.ofEpochSecond(k), "alice", "here"));
      }
      for (Optional<Event> e : w.store.recordAll(changes)) {
        w.feed.publish(e.orElseThrow());
      }
    }
    recorded += n;
  }

  /** An event stream whose client asks, takes the first bytes and then never reads again. */
  private static Socket silentStream(Http viewer) throws Exception {
    Socket s = new Socket();
    s.setReceiveBufferSize(4096);
    s.connect(new InetSocketAddress("127.0.0.1", viewer.uri("/").getPort()), 5000);
    OutputStream out = s.getOutputStream();
    out.write(("GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        + "Cookie: " + viewer.cookie + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    byte[] head = new byte[12];
    assertThat(s.getInputStream().readNBytes(head, 0, head.length)).isEqualTo(head.length);
    assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
    return s;
  }

  private static void readLines(InputStream body, Queue<String> lines, AtomicLong lastId) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(body,
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        lines.add(line);
        if (line.startsWith("id: ")) {
          lastId.set(Long.parseLong(line.substring(4)));
        }
      }
    } catch (Exception e) {
      // the stream is closed at the end of the test
    }
  }
}
