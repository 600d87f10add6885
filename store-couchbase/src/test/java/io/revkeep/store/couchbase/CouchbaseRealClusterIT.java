package io.revkeep.store.couchbase;

import io.revkeep.core.store.Store;
import io.revkeep.core.store.StoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The StoreContract suite on a real cluster, when one is named:
 * {@code mvn -pl store-couchbase verify -Dcouchbase.connectionString=couchbase://db1
 * -Dcouchbase.bucket=revkeep -Dcouchbase.username=revkeep -Dcouchbase.password=…}
 * (optional: couchbase.scope, couchbase.collection, couchbase.durability). Each test writes
 * under its own key prefix {@code rk-test-…/} and leaves its documents behind (use a scratch
 * bucket). Skipped otherwise.
 */
@EnabledIfSystemProperty(named = "couchbase.connectionString", matches = ".+",
    disabledReason = "no -Dcouchbase.connectionString: real-cluster tests skipped")
class CouchbaseRealClusterIT extends StoreContract {
  private static TestCluster cluster;

  @BeforeAll
  static void connect() {
    cluster = TestCluster.real();
  }

  @AfterAll
  static void disconnect() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected Store newStore() {
    return cluster.newStore(CouchbaseStore.Tuning.DEFAULT);
  }
}
