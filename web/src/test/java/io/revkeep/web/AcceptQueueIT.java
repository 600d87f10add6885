package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: connections Jetty has not accepted yet wait in the kernel's accept queue instead of
 * being dropped (their clients then retry after 1, 3, 7… s). Held at its connection limit, the
 * web accepts nothing, so every further connection must fit in that queue: 400 of them, far
 * beyond the JDK's default backlog of 50, all complete their TCP handshake at once.
 */
class AcceptQueueIT {
  static final int LIMIT = 16;
  static final int WAITING = 400;

  @TempDir Path tmp;

  @Test
  void connections_beyond_the_limit_wait_in_the_accept_queue_instead_of_being_dropped()
      throws Exception {
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Path data = tmp.resolve("data");
    List<Socket> sockets = new ArrayList<>();
    try (SqliteStore store = SqliteStore.open(Files.createDirectories(data)
            .resolve("revkeep.db"));
        WebDaemon web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1024, false,
            shared, data, List.of(), "127.0.0.1", Http.unusedPort(), "t")
            .withConnections(new ConnectionLimits(LIMIT, Duration.ofSeconds(60))), store,
            new Vault(data.resolve("vault")), new PrintStream(new ByteArrayOutputStream()))) {
      int connected = 0;
      for (int i = 0; i < LIMIT + WAITING; i++) {
        Socket s = new Socket();
        sockets.add(s);
        try {
          // a dropped SYN is retried after 1 s: a queued connection completes in far less
          s.connect(new InetSocketAddress("127.0.0.1", web.port()), 500);
        } catch (IOException e) {
          break;
        }
        connected++;
      }
      assertThat(connected).as("connections that completed their handshake")
          .isEqualTo(LIMIT + WAITING);
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }
}
