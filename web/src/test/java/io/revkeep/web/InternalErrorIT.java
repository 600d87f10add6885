package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.Passwords;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors never leak: a bad moment is a 400 naming the parameter, and an unexpected failure (the
 * store closed under a running web) is a 500 with only "internal error (id …)" — no exception,
 * class name or server path. A web with no listener behind it (only the store is needed).
 */
class InternalErrorIT {
  @TempDir Path tmp;

  @Test
  void an_out_of_range_moment_is_400_and_a_failure_is_500_with_an_id_only() throws Exception {
    int deadPort = Http.unusedPort();
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    Path data = Files.createDirectories(tmp.resolve("data"));
    SqliteStore store = SqliteStore.open(data.resolve("revkeep.db"));
    store.addUser(new User("vi", Passwords.hash("vi-password".toCharArray()), Role.VIEWER));
    try (WebDaemon web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1024, false,
        shared, data, List.of(), "127.0.0.1", deadPort, "t"), store,
        new Vault(data.resolve("vault")), new PrintStream(new ByteArrayOutputStream()))) {
      Http vi = Http.as("http://127.0.0.1:" + web.port(), "vi", "vi-password");

      HttpResponse<String> far = vi.get("/api/files?at="
          + URLEncoder.encode("+999999999-01-01T00:00:00Z", StandardCharsets.UTF_8));
      assertThat(far.statusCode()).isEqualTo(400);
      assertThat(Http.json(far).get("error").asText()).contains("'at'");
      assertNoLeak(far.body(), tmp);

      store.close(); // every store call fails from now on
      List<LogEvent> logged = new CopyOnWriteArrayList<>();
      Logger log = (Logger) LogManager.getLogger(InternalErrors.class);
      Appender capture = new AbstractAppender("capture", null, null, true, null) {
        @Override
        public void append(LogEvent event) {
          logged.add(event.toImmutable());
        }
      };
      capture.start();
      log.addAppender(capture);
      try {
        HttpResponse<String> failed = vi.get("/api/files");
        assertThat(failed.statusCode()).isEqualTo(500);
        String error = Http.json(failed).get("error").asText();
        assertThat(error).matches("internal error \\(id [0-9a-f]{12}\\)");
        String id = error.substring(error.indexOf("id ") + 3, error.length() - 1);
        // the id is in the log, with the exception
        assertThat(logged).anySatisfy(e -> {
          assertThat(e.getMessage().getFormattedMessage()).contains(id).contains("/api/files");
          assertThat(e.getThrown()).isNotNull();
        });
      } finally {
        log.removeAppender(capture);
      }
    } finally {
      store.close();
    }
  }

  /** No server path, no exception class name. */
  static void assertNoLeak(String body, Path tmp) {
    assertThat(body).doesNotContain(tmp.toString()).doesNotContain("Exception")
        .doesNotContain("java.").doesNotContain("/tmp").doesNotContain("/work");
  }
}
