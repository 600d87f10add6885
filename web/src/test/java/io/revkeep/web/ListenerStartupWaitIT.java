package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.revkeep.core.Passwords;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Role;
import io.revkeep.core.model.User;
import io.revkeep.core.status.ServiceStatus;
import io.revkeep.core.status.StatusBoard;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads and restores that arrive while the listener is still starting wait for it (bounded,
 * {@link ListenerWait}) instead of failing at once with 503. A real web server on a real SQLite
 * file and vault; the listener is its status file, written by the real {@link StatusBoard}
 * when the test says it has started (the listener's own tests cover when it writes it).
 */
class ListenerStartupWaitIT {
  @TempDir Path tmp;
  Path shared;
  Path data;
  SqliteStore store;
  Vault vault;
  WebDaemon web;

  @BeforeEach
  void setUp() throws Exception {
    shared = Files.createDirectories(tmp.resolve("shared"));
    data = Files.createDirectories(tmp.resolve("data"));
    store = SqliteStore.open(data.resolve("revkeep.db"));
    vault = new Vault(data.resolve("vault"));
    store.addUser(new User("ed", Passwords.hash("ed-password".toCharArray()), Role.EDITOR));
  }

  @AfterEach
  void tearDown() {
    if (web != null) {
      web.close();
    }
    store.close();
  }

  private Http startWeb(ListenerWait.Tuning tuning) throws Exception {
    web = WebDaemon.start(new WebDaemon.Settings("127.0.0.1", 0, 1 << 20, false, shared, data,
        List.of(), "127.0.0.1", Http.unusedPort(), "t"), store, vault,
        new PrintStream(new ByteArrayOutputStream()), tuning);
    return Http.as("http://127.0.0.1:" + web.port(), "ed", "ed-password");
  }

  /** A web whose start-up is over (a start window of 0): a missing listener is not waited for. */
  private Http startWebAfterStartUp() throws Exception {
    return startWeb(new ListenerWait.Tuning(Duration.ofSeconds(30), Duration.ZERO,
        Duration.ofMillis(20)));
  }

  /** What a listener publishes once it runs: fresh, healthy, its start-up reconcile done. */
  private void listenerStarted() throws Exception {
    new StatusBoard(data).write(StatusBoard.now("listener", Instant.now(), true,
        Map.of("starting", false, "watcher_alive", true)));
  }

  private static <T> CompletableFuture<T> async(Call<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return call.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws Exception;
  }

  @Test
  void an_upload_and_a_restore_during_start_up_wait_for_the_listener() throws Exception {
    // a file with two versions, the second on disk: its first version is restored
    byte[] one = "one\n".getBytes(StandardCharsets.UTF_8);
    byte[] two = "two, longer\n".getBytes(StandardCharsets.UTF_8);
    Files.write(shared.resolve("r.txt"), two);
    long mtime = Files.getLastModifiedTime(shared.resolve("r.txt")).toMillis();
    store.recordAll(List.of(Change.content("r.txt", vault.put(new ByteArrayInputStream(one)),
        one.length, mtime, Instant.now().minusSeconds(60), "ed", "test:/r.txt")));
    store.recordAll(List.of(Change.content("r.txt", vault.put(new ByteArrayInputStream(two)),
        two.length, mtime, Instant.now(), "ed", "test:/r.txt")));

    Http ed = startWeb(new ListenerWait.Tuning(Duration.ofSeconds(30), Duration.ofSeconds(60),
        Duration.ofMillis(20)));
    CompletableFuture<HttpResponse<String>> upload = async(() -> ed.upload("new.txt", "new\n"));
    CompletableFuture<HttpResponse<String>> restore = async(() -> ed.post("/api/restore",
        Map.of("path", "r.txt", "version", 1)));
    // no listener yet: both wait (without the wait they would have answered 503 by now)
    await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .until(() -> !upload.isDone() && !restore.isDone());
    assertThat(shared.resolve("new.txt")).doesNotExist();

    listenerStarted();
    HttpResponse<String> up = upload.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    assertThat(Files.readString(shared.resolve("new.txt"))).isEqualTo("new\n");
    HttpResponse<String> back = restore.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
    assertThat(Files.readAllBytes(shared.resolve("r.txt"))).isEqualTo(one);
  }

  @Test
  void a_listener_that_does_not_start_in_time_is_refused_after_the_bound_and_nothing_changes()
      throws Exception {
    Http ed = startWeb(new ListenerWait.Tuning(Duration.ofMillis(800), Duration.ofSeconds(60),
        Duration.ofMillis(20)));
    long t0 = System.nanoTime();
    HttpResponse<String> up = ed.upload("new.txt", "new\n");
    assertThat(System.nanoTime() - t0).as("waited for the bound")
        .isGreaterThanOrEqualTo(Duration.ofMillis(800).toNanos());
    assertThat(up.statusCode()).isEqualTo(503);
    JsonNode error = Http.json(up);
    assertThat(error.get("error").asText()).contains("the listener is not running")
        .contains("nothing was changed");
    assertThat(shared.resolve("new.txt")).doesNotExist();
  }

  @Test
  void a_listener_missing_long_after_the_web_started_is_refused_at_once() throws Exception {
    // a start window of 0: the web's start-up is over, so nobody waits
    Http ed = startWebAfterStartUp();
    CompletableFuture<HttpResponse<String>> upload = async(() -> ed.upload("new.txt", "new\n"));
    HttpResponse<String> up = upload.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(up.statusCode()).isEqualTo(503);
    assertThat(shared.resolve("new.txt")).doesNotExist();
  }

  /** A status the listener last renewed {@code ago}: healthy, its start-up over. */
  private void listenerRenewed(Duration ago) throws Exception {
    Instant then = Instant.now().minus(ago);
    new StatusBoard(data).write(new ServiceStatus("listener", ProcessHandle.current().pid(),
        "host", then.minusSeconds(60), then, true, Map.of("starting", false,
        "watcher_alive", true, "settler_alive", true)));
  }

  @Test
  void a_listener_whose_status_is_a_little_late_is_waited_for() throws Exception {
    // the web's start-up is over; the listener's last renewal is just past stale
    Http ed = startWebAfterStartUp();
    listenerRenewed(StatusBoard.STALE_AFTER.plusSeconds(1));
    CompletableFuture<HttpResponse<String>> upload = async(() -> ed.upload("new.txt", "new\n"));
    await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
        .until(() -> !upload.isDone());
    assertThat(shared.resolve("new.txt")).doesNotExist();

    listenerStarted(); // renewed again
    HttpResponse<String> up = upload.get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(up.statusCode()).as(up.body()).isEqualTo(200);
    assertThat(Files.readString(shared.resolve("new.txt"))).isEqualTo("new\n");
  }

  @Test
  void a_listener_silent_for_longer_than_the_wait_is_refused_at_once() throws Exception {
    Http ed = startWebAfterStartUp();
    listenerRenewed(StatusBoard.STALE_AFTER.plusSeconds(31));
    CompletableFuture<HttpResponse<String>> upload = async(() -> ed.upload("new.txt", "new\n"));
    HttpResponse<String> up = upload.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(up.statusCode()).isEqualTo(503);
    assertThat(Http.json(up).get("error").asText()).contains("the listener is not running");
    assertThat(shared.resolve("new.txt")).doesNotExist();
  }
}
