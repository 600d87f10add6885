package io.revkeep.store.couchbase;

import com.couchbase.client.core.msg.kv.DurabilityLevel;
import com.couchbase.mock.Bucket.BucketType;
import com.couchbase.mock.BucketConfiguration;
import com.couchbase.mock.CouchbaseMock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * CouchbaseMock 1.5.27 in this JVM: one node on 127.0.0.1, an ephemeral port, one bucket with no
 * replicas and only the default collection; the bucket's name and password are its credentials.
 * Published in this module's test jar for end-to-end tests of the services on the Couchbase
 * store ({@link #storeSection()} is the {@code [store]} section of a revkeep.ini that points at
 * it).
 */
public final class CouchbaseMockServer implements AutoCloseable {
  public static final String BUCKET = "revkeep";
  public static final String BUCKET_PASSWORD = "revkeep-secret";
  /** vBuckets of the mock bucket (the real default, 1024, only slows the mock's start). */
  static final int VBUCKETS = 64;

  private final CouchbaseMock mock;

  private CouchbaseMockServer(CouchbaseMock mock) {
    this.mock = mock;
  }

  /** Starts the mock and waits until it serves. */
  public static CouchbaseMockServer start() {
    BucketConfiguration bc = new BucketConfiguration();
    bc.name = BUCKET;
    bc.password = BUCKET_PASSWORD;
    bc.type = BucketType.COUCHBASE;
    bc.numNodes = 1;
    bc.numReplicas = 0;
    bc.numVBuckets = VBUCKETS;
    bc.hostname = "127.0.0.1";
    try {
      CouchbaseMock mock = new CouchbaseMock(0, List.of(bc));
      mock.start();
      mock.waitForStartup();
      return new CouchbaseMockServer(mock);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start CouchbaseMock: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while CouchbaseMock started", e);
    }
  }

  /** The connection string: the mock bootstraps over its HTTP (manager) port. */
  public String connectionString() {
    return "couchbase://127.0.0.1:" + mock.getHttpPort() + "=manager";
  }

  /** Settings for {@link CouchbaseStore#open}, with this password. */
  public CouchbaseSettings settings(String password) {
    return new CouchbaseSettings(connectionString(), BUCKET, BUCKET, password, "_default",
        "_default", Duration.ofSeconds(10), DurabilityLevel.NONE, Duration.ofSeconds(5));
  }

  public CouchbaseSettings settings() {
    return settings(BUCKET_PASSWORD);
  }

  /** The {@code [store]} section of a revkeep.ini for this mock. */
  public String storeSection() {
    return "[store]\ntype = couchbase\nconnection = " + connectionString() + "\nbucket = "
        + BUCKET + "\nusername = " + BUCKET + "\npassword = " + BUCKET_PASSWORD + "\n";
  }

  /**
   * Cuts the cluster off: every key-value operation fails with a temporary failure (the mock's
   * {@code /mock/opfail} command, code 0x86, without end), so the client retries each until its
   * timeout, as when the network to the cluster is down. (Its failover command cannot take the
   * only node of a one-node bucket away.) The data stays.
   */
  public void cutOff() {
    control("opfail?code=134&count=-1");
  }

  /** Ends {@link #cutOff()}: operations succeed again, on the data as it was. */
  public void reconnect() {
    control("opfail?code=134&count=0");
  }

  private void control(String command) {
    try {
      java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:"
              + mock.getHttpPort() + "/mock/" + command)).GET()
              .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200 || !r.body().contains("ok")) {
        throw new IllegalStateException("CouchbaseMock " + command + ": " + r.statusCode() + " "
            + r.body());
      }
    } catch (IOException e) {
      throw new IllegalStateException("CouchbaseMock " + command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  @Override
  public void close() {
    mock.stop();
  }
}
