package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.store.SqliteStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Sessions} on a real SQLite file, with a clock the test moves. */
class SessionsTest {
  @TempDir Path tmp;
  final LoginLimiterTest.FakeClock clock = new LoginLimiterTest.FakeClock();
  SqliteStore store;
  Sessions sessions;

  @BeforeEach
  void open() {
    store = SqliteStore.open(tmp.resolve("revkeep.db"));
    sessions = new Sessions(store, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void the_store_keeps_the_sha256_of_the_cookie_never_the_cookie() throws Exception {
    Sessions.Created made = sessions.create("ann");
    store.close();

    List<String> cells = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("revkeep.db"));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT id_hash, user, csrf FROM web_sessions")) {
      while (rs.next()) {
        cells.add(rs.getString(1));
        cells.add(rs.getString(2));
        cells.add(rs.getString(3));
      }
    }
    assertThat(cells).containsExactly(Sessions.hash(made.cookie()), "ann",
        made.session().csrf);
    assertThat(Files.readAllBytes(tmp.resolve("revkeep.db")))
        .asString(java.nio.charset.StandardCharsets.ISO_8859_1).doesNotContain(made.cookie());
    store = SqliteStore.open(tmp.resolve("revkeep.db"));
  }

  @Test
  void a_session_is_found_by_a_new_sessions_object_on_the_store_as_after_a_restart() {
    Sessions.Created made = sessions.create("ann");

    Sessions restarted = new Sessions(store, clock);
    Sessions.Session s = restarted.find(made.cookie()).orElseThrow();
    assertThat(s.user).isEqualTo("ann");
    assertThat(s.csrfMatches(made.session().csrf)).isTrue();
    assertThat(s.csrfMatches("x" + made.session().csrf)).isFalse();
  }

  @Test
  void a_session_idle_for_the_timeout_is_gone_and_a_used_one_lives_on() {
    Sessions.Created used = sessions.create("ann");
    Sessions.Created idle = sessions.create("bob");

    for (int hour = 0; hour < 20; hour++) {
      clock.now = clock.now.plus(Duration.ofHours(1));
      assertThat(sessions.find(used.cookie())).isPresent();
    }
    assertThat(sessions.find(idle.cookie())).isEmpty();
    assertThat(store.webSession(idle.session().idHash)).isEmpty();
  }

  @Test
  void the_last_use_is_written_at_most_once_a_minute() {
    Sessions.Created made = sessions.create("ann");
    var start = clock.now;

    clock.now = start.plusSeconds(59);
    assertThat(sessions.find(made.cookie())).isPresent();
    assertThat(store.webSession(made.session().idHash).orElseThrow().lastSeen()).isEqualTo(start);

    clock.now = start.plusSeconds(60);
    assertThat(sessions.find(made.cookie())).isPresent();
    assertThat(store.webSession(made.session().idHash).orElseThrow().lastSeen())
        .isEqualTo(start.plusSeconds(60));
  }

  @Test
  void malformed_or_unknown_cookies_find_nothing() {
    sessions.create("ann");

    assertThat(sessions.find(null)).isEmpty();
    assertThat(sessions.find("")).isEmpty();
    assertThat(sessions.find("' OR 1=1 --")).isEmpty();
    assertThat(sessions.find("A".repeat(64))).isEmpty();
    assertThat(sessions.find(Sessions.randomToken())).isEmpty();
    assertThat(sessions.find("a".repeat(100_000))).isEmpty();
  }

  @Test
  void ending_a_users_sessions_but_one_and_all_of_them() {
    Sessions.Created a1 = sessions.create("ann");
    Sessions.Created a2 = sessions.create("ann");
    Sessions.Created b = sessions.create("bob");

    assertThat(sessions.removeOthers("ann", a2.session())).isEqualTo(1);
    assertThat(sessions.find(a1.cookie())).isEmpty();
    assertThat(sessions.find(a2.cookie())).isPresent();
    assertThat(sessions.removeUser("ann")).isEqualTo(1);
    assertThat(sessions.find(a2.cookie())).isEmpty();
    assertThat(sessions.find(b.cookie())).isPresent();
    sessions.remove(b.session());
    assertThat(sessions.find(b.cookie())).isEmpty();
  }

  @Test
  void a_session_is_read_from_the_store_again_after_a_second_so_another_servers_logout_holds()
      throws Exception {
    Sessions other = new Sessions(store, clock); // a second web server on the same store
    Sessions.Created made = sessions.create("ann");
    assertThat(other.find(made.cookie())).isPresent();

    sessions.remove(made.session());
    assertThat(sessions.find(made.cookie())).as("ended here: at once").isEmpty();
    assertThat(other.find(made.cookie())).as("the other server's read of a moment ago")
        .isPresent();
    clock.now = clock.now.plus(Sessions.RECHECK_EVERY);
    assertThat(other.find(made.cookie())).as("read again a second later").isEmpty();
  }

  @Test
  void no_lookup_that_starts_after_a_logout_finds_the_session_even_while_others_race_it()
      throws Exception {
    // the real store, each read of a session held a little longer after it is made, so that
    // lookups are often between their read and their keeping it when the logout lands
    io.revkeep.core.store.WebSessions slowReads = (io.revkeep.core.store.WebSessions)
        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {io.revkeep.core.store.WebSessions.class}, (proxy, method, args) -> {
              Object answer = method.invoke(store, args);
              if (method.getName().equals("webSession")) {
                long until = System.nanoTime() + 300_000;
                while (System.nanoTime() < until) {
                  Thread.onSpinWait();
                }
              }
              return answer;
            });
    Sessions sessions = new Sessions(slowReads, clock);
    int threads = 8;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 50; round++) {
        Sessions.Created made = sessions.create("ann");
        java.util.concurrent.atomic.AtomicBoolean ended =
            new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicInteger wrong =
            new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<?>> lookups = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          lookups.add(pool.submit(() -> {
            go.await();
            for (int i = 0; i < 50; i++) {
              boolean after = ended.get();
              if (sessions.find(made.cookie()).isPresent() && after) {
                wrong.incrementAndGet();
              }
            }
            return null;
          }));
        }
        go.countDown();
        sessions.remove(made.session());
        ended.set(true);
        for (java.util.concurrent.Future<?> f : lookups) {
          f.get();
        }
        assertThat(wrong.get()).as("round %d", round).isZero();
        assertThat(sessions.find(made.cookie())).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void the_sweep_runs_at_most_once_a_minute_and_size_is_its_count() {
    sessions.create("ann");
    clock.now = clock.now.plus(Duration.ofHours(6));
    Sessions.Created later = sessions.create("bob");
    assertThat(sessions.size()).isEqualTo(2);

    clock.now = clock.now.plus(Duration.ofHours(7)); // ann idle 13 h, bob 7 h
    assertThat(sessions.size()).isEqualTo(1);
    assertThat(sessions.find(later.cookie())).isPresent();

    sessions.create("cy");
    store.removeWebSessions("cy", null); // by another web server: seen at the next sweep
    assertThat(sessions.size()).isEqualTo(2);
    clock.now = clock.now.plus(Sessions.SWEEP_EVERY);
    assertThat(sessions.size()).isEqualTo(1);
  }
}
