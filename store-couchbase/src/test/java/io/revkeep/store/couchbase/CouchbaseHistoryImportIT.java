package io.revkeep.store.couchbase;

import io.revkeep.core.store.HistoryImportContract;
import io.revkeep.core.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The HistoryImport contract on CouchbaseMock (in this JVM, port 0), a namespace per store. */
class CouchbaseHistoryImportIT extends HistoryImportContract {
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
