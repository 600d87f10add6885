package io.revkeep.store.couchbase;

import io.revkeep.core.store.Store;
import io.revkeep.core.store.WebSessionsContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link WebSessionsContract} on CouchbaseMock (port 0). */
class CouchbaseWebSessionsIT extends WebSessionsContract {
  @RegisterExtension static final MockCluster CLUSTER = new MockCluster();

  @Override
  protected Store newStore() {
    return CLUSTER.newStore();
  }
}
