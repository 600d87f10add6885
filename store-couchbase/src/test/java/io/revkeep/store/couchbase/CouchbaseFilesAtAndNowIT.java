package io.revkeep.store.couchbase;

import io.revkeep.core.store.FilesAtAndNowContract;
import io.revkeep.core.store.Store;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FilesAtAndNowContract} on CouchbaseMock (port 0). */
class CouchbaseFilesAtAndNowIT extends FilesAtAndNowContract {
  @RegisterExtension static final MockCluster CLUSTER = new MockCluster();

  @Override
  protected Store newStore() {
    return CLUSTER.newStore();
  }
}
