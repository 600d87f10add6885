package io.revkeep.store.couchbase;

import io.revkeep.core.store.FolderContentsContract;
import io.revkeep.core.store.Store;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link FolderContentsContract} on CouchbaseMock (port 0). */
class CouchbaseFolderContentsIT extends FolderContentsContract {
  @RegisterExtension static final MockCluster CLUSTER = new MockCluster();

  @Override
  protected Store newStore() {
    return CLUSTER.newStore();
  }
}
