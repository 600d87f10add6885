package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slow-client attack: hundreds of unauthenticated {@code POST /api/login} requests whose
 * body trickles in a byte a second (some declaring a huge length) once held every request
 * thread, so {@code /api/health} went unanswered. Now health answers at once and the server
 * closes every slow connection within a bounded time (login admission, the body cap, Jetty's
 * minimum request data rate).
 */
class SlowLoginFloodIT {
  static final int SLOW_CLIENTS = 300;

  @TempDir Path tmp;

  /** One slow client: its socket, and whether the server has closed it. */
  private static final class Slow {
    final Socket socket;
    volatile boolean closed;

    Slow(Socket socket) {
      this.socket = socket;
    }

    /** Drips one more body byte; a refused write means the server closed the connection. */
    void drip() {
      if (closed) {
        return;
      }
      try {
        socket.getOutputStream().write(' ');
        socket.getOutputStream().flush();
      } catch (IOException e) {
        closed = true;
      }
    }

    /** Reads what the server answered, without waiting; true once it has closed. */
    boolean closedByServer() {
      if (closed) {
        return true;
      }
      try {
        socket.setSoTimeout(1);
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        while (true) {
          if (in.read(buf) < 0) {
            closed = true;
            return true;
          }
        }
      } catch (SocketTimeoutException e) {
        return false;
      } catch (IOException e) {
        closed = true;
        return true;
      }
    }
  }

  @Test
  void three_hundred_slow_logins_leave_health_answering_and_are_closed_by_the_server()
      throws Exception {
    ScheduledExecutorService dripper = Executors.newSingleThreadScheduledExecutor();
    List<Slow> slow = new ArrayList<>();
    try (WebHarness h = new WebHarness(tmp, 1024, false)) {
      for (int i = 0; i < SLOW_CLIENTS; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", h.web.port()), 5_000);
        long declared = i % 2 == 0 ? 4_000 : 100_000_000; // a plausible and a huge length
        s.getOutputStream().write(("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + "Content-Type: application/json\r\nContent-Length: " + declared + "\r\n\r\n{")
            .getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        slow.add(new Slow(s));
      }
      dripper.scheduleWithFixedDelay(() -> slow.forEach(Slow::drip), 1, 1, TimeUnit.SECONDS);

      // health answers while they drip (a generous deadline on the client, not a measurement)
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(
                URI.create(h.base() + "/api/health")).timeout(Duration.ofSeconds(10)).GET()
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isIn(200, 503);
      }
      // and the server closes every slow connection within a bounded time
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
          .until(() -> slow.stream().filter(s -> !s.closedByServer()).count() == 0);
      // a real user logs in afterwards
      assertThat(new Http(h.base()).login("editor", WebHarness.password("editor"))
          .statusCode()).isEqualTo(200);
    } finally {
      dripper.shutdownNow();
      for (Slow s : slow) {
        s.socket.close();
      }
    }
  }
}
