package io.revkeep.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.store.SqliteConnections.RevChanged;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transactions, retries and shutdown of the connections under SqliteStore. */
class SqliteConnectionsTest {

  @TempDir Path dir;

  private SqliteConnections db;
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @BeforeEach
  void open() {
    db = SqliteConnections.open(dir.resolve("c.db"), 1_000);
  }

  @AfterEach
  void close() throws InterruptedException {
    db.close();
    threads.shutdownNow();
    assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  private void addUser(java.sql.Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO users (name, password_hash, role) VALUES (?, 'x', 'viewer')")) {
      ps.setString(1, name);
      ps.executeUpdate();
    }
  }

  private long users() {
    return db.read("count", c -> {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM users")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Test
  void a_write_whose_rev_check_fails_runs_again_in_a_fresh_transaction() {
    AtomicInteger attempts = new AtomicInteger();

    String result = db.write("retry", c -> {
      addUser(c, "u"); // a second insert of the same name would fail: each attempt starts clean
      if (attempts.incrementAndGet() < 3) {
        throw new RevChanged("changed under us");
      }
      return "done";
    });

    assertThat(result).isEqualTo("done");
    assertThat(attempts).hasValue(3);
    assertThat(users()).isEqualTo(1);
  }

  @Test
  void a_write_that_keeps_failing_its_rev_check_is_a_conflict_and_leaves_nothing() {
    AtomicInteger attempts = new AtomicInteger();

    assertThatThrownBy(() -> db.write("hopeless", c -> {
      addUser(c, "u" + attempts.incrementAndGet());
      throw new RevChanged("changed under us");
    })).isInstanceOf(ConflictException.class).hasMessageContaining("hopeless")
        .hasMessageContaining("changed under us")
        .isNotInstanceOf(StoreException.class); // a conflict, not an unavailable store

    assertThat(attempts.get()).isGreaterThan(1);
    assertThat(users()).isZero();
  }

  @Test
  void a_failing_write_rolls_back_everything_it_did() {
    assertThatThrownBy(() -> db.write("half", c -> {
      addUser(c, "a");
      addUser(c, "a"); // primary key violation
      return null;
    })).isInstanceOf(StoreException.class).hasMessageContaining("half");

    assertThat(users()).isZero();
    db.write("whole", c -> {
      addUser(c, "a");
      return null;
    });
    assertThat(users()).isEqualTo(1);
  }

  @Test
  void reads_run_while_a_write_transaction_is_open() throws Exception {
    CountDownLatch inWrite = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    Future<Object> write = threads.submit(() -> db.write("slow", c -> {
      addUser(c, "pending");
      inWrite.countDown();
      block(finish);
      return null;
    }));
    assertThat(inWrite.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(users()).isZero(); // the uncommitted insert is invisible, and the read not blocked

    finish.countDown();
    write.get(10, TimeUnit.SECONDS);
    assertThat(users()).isEqualTo(1);
  }

  @Test
  void close_waits_for_a_read_in_flight_then_closes_every_connection() throws Exception {
    CountDownLatch inRead = new CountDownLatch(1);
    CountDownLatch finish = new CountDownLatch(1);
    Future<Long> read = threads.submit(() -> db.read("slow", c -> {
      inRead.countDown();
      block(finish);
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM users")) {
        rs.next();
        return rs.getLong(1);
      }
    }));
    assertThat(inRead.await(10, TimeUnit.SECONDS)).isTrue();

    Future<?> closing = threads.submit(db::close);
    await().atMost(Duration.ofSeconds(5)).until(this::refusesReads); // close() has begun
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> !closing.isDone()); // ... and waits for the read in flight

    finish.countDown();
    assertThat(read.get(10, TimeUnit.SECONDS)).isZero(); // the read in flight completes
    closing.get(10, TimeUnit.SECONDS);
  }

  private boolean refusesReads() {
    try {
      users();
      return false;
    } catch (StoreException e) {
      return e.getMessage().contains("closed");
    }
  }

  private static void block(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("test latch never released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
