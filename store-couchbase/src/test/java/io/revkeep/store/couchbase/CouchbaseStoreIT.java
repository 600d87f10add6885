package io.revkeep.store.couchbase;

import io.revkeep.core.store.Store;
import io.revkeep.core.store.StoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The StoreContract suite on CouchbaseMock, started in this JVM on an ephemeral port. */
class CouchbaseStoreIT extends StoreContract {
  @RegisterExtension static final MockCluster CLUSTER = new MockCluster();

  @Override
  protected Store newStore() {
    return CLUSTER.newStore();
  }
}
