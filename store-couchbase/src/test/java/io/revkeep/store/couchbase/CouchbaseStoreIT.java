package io.revkeep.store.couchbase;

import io.revkeep.core.store.Store;
import io.revkeep.core.store.StoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The StoreContract suite on CouchbaseMock, started in this JVM on an ephemeral port. */
class CouchbaseStoreIT extends StoreContract {
  private static TestCluster cluster;

  @BeforeAll
  static void startMock() {
    cluster = TestCluster.mock();
  }

  @AfterAll
  static void stopMock() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected Store newStore() {
    return cluster.newStore(CouchbaseStore.Tuning.DEFAULT);
  }
}
