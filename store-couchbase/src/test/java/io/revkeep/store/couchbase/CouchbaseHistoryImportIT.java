package io.revkeep.store.couchbase;

import io.revkeep.core.store.HistoryImportContract;
import io.revkeep.core.store.Store;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The HistoryImport contract on CouchbaseMock (in this JVM, port 0), a namespace per store. */
class CouchbaseHistoryImportIT extends HistoryImportContract {
  @RegisterExtension static final MockCluster CLUSTER = new MockCluster();

  @Override
  protected Store newStore() {
    return CLUSTER.newStore();
  }
}
