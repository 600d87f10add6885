package io.revkeep.store.couchbase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.model.Change;
import io.revkeep.core.store.StoreException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Opening a store the way the services do: settings in, one clear line out when wrong. */
class CouchbaseOpenIT {
  private static TestCluster cluster;

  @BeforeAll
  static void startMock() {
    cluster = TestCluster.mock();
  }

  @AfterAll
  static void stopMock() {
    cluster.close();
  }

  @Test
  void open_connects_records_and_close_disconnects() {
    CouchbaseStore store = CouchbaseStore.open(cluster.settings());
    try {
      store.ping();
      assertThat(store.describe()).startsWith("couchbase couchbase://127.0.0.1:")
          .contains("bucket revkeep _default._default");
      String hash = "ab".repeat(32);
      store.record(Change.content("open/check.txt", hash, 1, 1, Instant.now(), "u", "h"));
      assertThat(store.file("open/check.txt")).isPresent();
    } finally {
      store.close();
    }
    store.close(); // idempotent
    assertThatThrownBy(store::ping).isInstanceOf(StoreException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void a_wrong_password_is_one_clear_line_without_retries() {
    CouchbaseSettings m = cluster.couchbaseMock().settings("not-it");
    CouchbaseSettings wrong = new CouchbaseSettings(m.connection(), m.bucket(), m.username(),
        m.password(), null, null, Duration.ofSeconds(2), null, Duration.ofMinutes(5));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> CouchbaseStore.open(wrong))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("user 'revkeep' cannot log in")
        .hasMessageContaining("username or password")
        .hasMessageNotContaining("not-it")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void an_unreachable_cluster_is_retried_then_given_up_with_a_clear_line() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // closed again: nothing listens there
    }
    CouchbaseSettings nowhere = new CouchbaseSettings("couchbase://127.0.0.1:" + port
        + "=manager", "revkeep", "revkeep", "pw", null, null, Duration.ofMillis(500), null,
        Duration.ofSeconds(2));
    assertThatThrownBy(() -> CouchbaseStore.open(nowhere))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("is not reachable")
        .hasMessageContaining("gave up after 2 s");
  }

  @Test
  void a_malformed_connection_string_is_refused_at_once() {
    CouchbaseSettings bad = new CouchbaseSettings("http://db1", "b", "u", "p", null, null,
        Duration.ofSeconds(1), null, Duration.ofMinutes(5));
    assertThatThrownBy(() -> CouchbaseStore.open(bad))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("[store] connection 'http://db1' is not a Couchbase connection");
  }

  @Test
  void settings_come_from_the_store_section_with_its_durability() {
    var section = new io.revkeep.config.Config.Store(io.revkeep.config.Config.StoreType.COUCHBASE,
        "couchbase://db1", "b", "u", "p", "", "", Duration.ofMillis(2500),
        io.revkeep.config.Config.Durability.PERSIST_TO_MAJORITY);
    CouchbaseSettings s = CouchbaseSettings.of(section);
    assertThat(s.durability().name()).isEqualTo("PERSIST_TO_MAJORITY");
    assertThat(s.scope()).isEqualTo("_default");
    assertThat(s.collection()).isEqualTo("_default");
    assertThat(s.timeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(s.toString()).contains("persist_to_majority").doesNotContain("password");
  }

  @Test
  void durability_names_parse_and_a_bad_one_names_the_choices() {
    assertThat(CouchbaseSettings.durability("majority").name()).isEqualTo("MAJORITY");
    assertThat(CouchbaseSettings.durability("persist_to_majority").name())
        .isEqualTo("PERSIST_TO_MAJORITY");
    assertThatThrownBy(() -> CouchbaseSettings.durability("all"))
        .hasMessageContaining("unknown durability 'all'").hasMessageContaining("majority");
  }
}
