package io.revkeep.store.couchbase;

import io.revkeep.core.store.FilesAtAndNowContract;
import io.revkeep.core.store.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link FilesAtAndNowContract} on CouchbaseMock (port 0). */
class CouchbaseFilesAtAndNowIT extends FilesAtAndNowContract {
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
