package io.revkeep.store.couchbase;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A CouchbaseMock for a whole test class, for the store contracts run on Couchbase: {@code
 * @RegisterExtension static final MockCluster cluster = new MockCluster();} then {@link
 * #newStore()} in the contract's factory (a namespace per store, {@link TestCluster}).
 */
final class MockCluster implements BeforeAllCallback, AfterAllCallback {
  private TestCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = TestCluster.mock();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (cluster != null) {
      cluster.close();
      cluster = null;
    }
  }

  /** A new store with the default tuning, in its own namespace of the mock's bucket. */
  CouchbaseStore newStore() {
    return cluster.newStore(CouchbaseStore.Tuning.DEFAULT);
  }
}
