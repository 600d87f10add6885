package io.revkeep.store.couchbase;

import com.couchbase.client.java.Cluster;
import com.couchbase.client.java.ClusterOptions;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.env.ClusterEnvironment;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bucket for tests: CouchbaseMock in this JVM (loopback, port 0, one node, no replicas, the
 * default collection only), or a real cluster named by system properties. Each store handed out
 * gets its own key namespace, so tests share one connection and never see each other's data.
 */
final class TestCluster implements AutoCloseable {
  /** Tests may wait this long for a dead writer or a missing event. */
  static final CouchbaseStore.Tuning FAST =
      new CouchbaseStore.Tuning(Duration.ofMillis(300), Duration.ofMillis(300));

  private static final AtomicInteger NAMESPACES = new AtomicInteger();

  private final CouchbaseMockServer mock; // null on a real cluster
  private final CouchbaseSettings settings;
  private final ClusterEnvironment env;
  private final Cluster cluster;
  private final Collection collection;
  private final String run = Long.toString(System.currentTimeMillis(), 36);

  private TestCluster(CouchbaseMockServer mock, CouchbaseSettings settings) {
    this.mock = mock;
    this.settings = settings;
    this.env = ClusterEnvironment.builder().build();
    this.cluster = Cluster.connect(settings.connection(),
        ClusterOptions.clusterOptions(settings.username(), settings.password()).environment(env));
    this.collection = cluster.bucket(settings.bucket()).scope(settings.scope())
        .collection(settings.collection());
    cluster.bucket(settings.bucket()).waitUntilReady(Duration.ofSeconds(30));
  }

  /** CouchbaseMock 1.5.27 on 127.0.0.1, an ephemeral port. */
  static TestCluster mock() {
    CouchbaseMockServer mock = CouchbaseMockServer.start();
    return new TestCluster(mock, mock.settings());
  }

  /** The real cluster of -Dcouchbase.connectionString (null when not given). */
  static TestCluster real() {
    String conn = System.getProperty("couchbase.connectionString", "");
    if (conn.isBlank()) {
      return null;
    }
    CouchbaseSettings s = new CouchbaseSettings(conn,
        System.getProperty("couchbase.bucket", "revkeep"),
        System.getProperty("couchbase.username", "revkeep"),
        System.getProperty("couchbase.password", ""),
        System.getProperty("couchbase.scope", "_default"),
        System.getProperty("couchbase.collection", "_default"),
        Duration.ofSeconds(10),
        CouchbaseSettings.durability(System.getProperty("couchbase.durability", "none")),
        Duration.ofSeconds(30));
    return new TestCluster(null, s);
  }

  CouchbaseSettings settings() {
    return settings;
  }

  CouchbaseMockServer couchbaseMock() {
    return mock;
  }

  /** A store on the shared connection with a fresh namespace; closing it keeps the connection. */
  CouchbaseStore newStore(CouchbaseStore.Tuning tuning) {
    return newStore(tuning, Clock.systemUTC());
  }

  /** {@link #newStore(CouchbaseStore.Tuning)} judging writers' ages by the given clock. */
  CouchbaseStore newStore(CouchbaseStore.Tuning tuning, Clock clock) {
    return storeIn("rk-test-" + run + "-" + NAMESPACES.incrementAndGet() + "/", tuning, clock);
  }

  /** Another store on the same namespace, as a second process would open it. */
  CouchbaseStore storeIn(String namespace, CouchbaseStore.Tuning tuning) {
    return storeIn(namespace, tuning, Clock.systemUTC());
  }

  /** {@link #storeIn(String, CouchbaseStore.Tuning)} judging writers' ages by the given clock. */
  CouchbaseStore storeIn(String namespace, CouchbaseStore.Tuning tuning, Clock clock) {
    return new CouchbaseStore(kv(), namespace, "couchbase test " + namespace, tuning, clock,
        () -> {});
  }

  Kv kv() {
    return new Kv(collection, settings.durability(), "test bucket " + settings.bucket());
  }

  @Override
  public void close() {
    cluster.disconnect();
    env.shutdown();
    if (mock != null) {
      mock.close();
    }
  }
}
