package io.revkeep.store.couchbase;

import com.couchbase.client.core.cnc.Event;
import com.couchbase.client.core.error.AuthenticationFailureException;
import com.couchbase.client.core.error.BucketNotFoundException;
import com.couchbase.client.core.error.CollectionNotFoundException;
import com.couchbase.client.core.error.CouchbaseException;
import com.couchbase.client.core.error.DocumentNotFoundException;
import com.couchbase.client.core.error.InvalidArgumentException;
import com.couchbase.client.core.error.ScopeNotFoundException;
import com.couchbase.client.core.util.ConnectionString;
import com.couchbase.client.java.Cluster;
import com.couchbase.client.java.ClusterOptions;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.env.ClusterEnvironment;
import io.revkeep.core.retry.Backoff;
import io.revkeep.core.store.StoreException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Opens a {@link CouchbaseStore}: one {@link ClusterEnvironment} and {@link Cluster} that the
 * store owns and closes. Tells a user mistake (wrong password, no such bucket or collection, a
 * malformed connection string: fail at once, one line) from a cluster that does not answer
 * (retried with backoff, each attempt logged, until {@code connectFor} has passed). With a
 * {@code connectFor} of zero — a service — an unreachable cluster is not waited for: the store
 * is returned at once on the cluster as it is, the SDK keeps bootstrapping in the background,
 * and calls fail with a {@link io.revkeep.core.store.StoreException} until it answers.
 */
final class CouchbaseConnector {
  private static final Logger LOG = LogManager.getLogger(CouchbaseConnector.class);

  /** The pauses between two connection attempts: 1 s, doubling up to 30 s. */
  static final Backoff RECONNECT = Backoff.exponential(Duration.ofSeconds(1),
      Duration.ofSeconds(30));
  /** The key read to prove the collection answers (it need not exist). */
  static final String PROBE_KEY = "revkeep-probe";

  private CouchbaseConnector() {}

  /** Opens the store; {@code clock} is the one it judges writers' ages and intents by. */
  static CouchbaseStore open(CouchbaseSettings s, Clock clock) {
    String where = "couchbase " + s.connection() + " bucket " + s.bucket();
    ConnectionString cs;
    try {
      cs = ConnectionString.create(s.connection());
    } catch (InvalidArgumentException e) {
      throw new StoreException("[store] connection '" + s.connection() + "' is not a Couchbase"
          + " connection string (expected e.g. couchbase://db1,db2): " + Kv.brief(e), e);
    }
    long deadline = System.nanoTime() + s.connectFor().toNanos();
    Backoff.Attempts failures = RECONNECT.attempts();
    for (int attempt = 1; ; attempt++) {
      Outcome out = attempt(s, cs, where, clock);
      if (out.store() != null) {
        if (attempt > 1) {
          LOG.info("{} is reachable now (attempt {})", where, attempt);
        }
        return out.store();
      }
      String problem = out.problem();
      Duration pause = failures.failed();
      if (System.nanoTime() + pause.toNanos() > deadline) {
        throw new StoreException(where + " is not reachable (" + problem + "); gave up after "
            + s.connectFor().toSeconds() + " s. Is the cluster up, and the connection string"
            + " right?");
      }
      LOG.warn("{} is not reachable ({}); attempt {} failed, retrying in {} s", where, problem,
          attempt, pause.toSeconds());
      LockSupport.parkNanos(pause.toNanos());
    }
  }

  /** An open store, or what went wrong with a cluster that may answer later. */
  private record Outcome(CouchbaseStore store, String problem) {}

  /**
   * One attempt: the store, or what went wrong when the cluster did not answer (and may answer
   * later); throws for a user mistake.
   */
  private static Outcome attempt(CouchbaseSettings s, ConnectionString cs, String where,
      Clock clock) {
    ClusterEnvironment env = ClusterEnvironment.builder()
        .timeoutConfig(t -> t.kvTimeout(s.timeout())
            .kvDurableTimeout(s.timeout().multipliedBy(2))
            .connectTimeout(s.timeout()))
        .build();
    AtomicReference<Throwable> authOrBucket = new AtomicReference<>();
    AtomicReference<String> lastProblem = new AtomicReference<>();
    var subscription = env.eventBus().subscribe(ev -> {
      Throwable cause = ev.cause();
      if (cause instanceof AuthenticationFailureException
          || cause instanceof BucketNotFoundException) {
        authOrBucket.compareAndSet(null, cause);
      }
      if (ev.severity().ordinal() >= Event.Severity.WARN.ordinal()) {
        lastProblem.set(ev.description());
      }
    });
    Cluster cluster = null;
    try {
      cluster = Cluster.connect(s.connection(),
          ClusterOptions.clusterOptions(s.username(), s.password()).environment(env));
      Collection coll = cluster.bucket(s.bucket()).scope(s.scope()).collection(s.collection());
      try {
        coll.get(PROBE_KEY);
      } catch (DocumentNotFoundException fine) {
        // reachable, authenticated, and the collection exists
      }
      env.eventBus().unsubscribe(subscription);
      return new Outcome(store(s, where, cluster, env, coll, clock), null);
    } catch (AuthenticationFailureException e) {
      shut(cluster, env);
      throw badLogin(s, where, e);
    } catch (BucketNotFoundException e) {
      shut(cluster, env);
      throw noBucket(s, where, e);
    } catch (ScopeNotFoundException | CollectionNotFoundException e) {
      shut(cluster, env);
      throw new StoreException(where + " has no collection " + s.scope() + "." + s.collection()
          + " ([store] scope and collection); create it, or use _default", e);
    } catch (CouchbaseException e) {
      if (cluster != null) {
        cluster.disconnect(); // the env stays for a service's background attempt (see below)
        cluster = null;
      }
      Throwable seen = authOrBucket.get();
      if (seen instanceof AuthenticationFailureException) {
        env.shutdown();
        throw badLogin(s, where, seen);
      }
      if (seen instanceof BucketNotFoundException) {
        env.shutdown();
        throw noBucket(s, where, seen);
      }
      String diagnosis = diagnoseOverHttp(s, cs);
      if ("401".equals(diagnosis)) {
        env.shutdown();
        throw badLogin(s, where, e);
      }
      if ("404".equals(diagnosis)) {
        env.shutdown();
        throw noBucket(s, where, e);
      }
      String last = lastProblem.get();
      String problem = Kv.brief(e) + (last == null ? "" : "; " + last);
      if (s.connectFor().isZero()) {
        // A service: start on the cluster as it is. The SDK keeps bootstrapping in the
        // background; until it answers every call fails with a StoreException (health says
        // so, the listener keeps changes in its pending journal) and then simply works.
        env.eventBus().unsubscribe(subscription);
        LOG.warn("{} is not reachable ({}); starting anyway: the client keeps trying in the"
            + " background, and revkeep catches up when it answers", where, problem);
        Cluster c = Cluster.connect(s.connection(),
            ClusterOptions.clusterOptions(s.username(), s.password()).environment(env));
        Collection coll = c.bucket(s.bucket()).scope(s.scope()).collection(s.collection());
        return new Outcome(store(s, where, c, env, coll, clock), null);
      }
      shut(cluster, env);
      return new Outcome(null, problem);
    }
  }

  private static CouchbaseStore store(CouchbaseSettings s, String where, Cluster cluster,
      ClusterEnvironment env, Collection coll, Clock clock) {
    Kv kv = new Kv(coll, s.durability(), where);
    String description = "couchbase " + s.connection() + " bucket " + s.bucket() + " "
        + s.scope() + "." + s.collection() + (s.durability().name().equals("NONE") ? ""
        : " durability " + s.durability().name().toLowerCase(Locale.ROOT));
    Runnable disconnect = () -> {
      cluster.disconnect();
      env.shutdown();
    };
    return new CouchbaseStore(kv, "", description, CouchbaseStore.Tuning.DEFAULT, clock,
        disconnect);
  }

  private static StoreException badLogin(CouchbaseSettings s, String where, Throwable e) {
    return new StoreException(where + ": user '" + s.username() + "' cannot log in (wrong"
        + " [store] username or password, or the user has no access to the bucket)", e);
  }

  private static StoreException noBucket(CouchbaseSettings s, String where, Throwable e) {
    return new StoreException(where + ": there is no bucket '" + s.bucket() + "' (or user '"
        + s.username() + "' may not see it); create it as the README says", e);
  }

  /**
   * After a timeout, asks the first host's management REST port what it thinks of our
   * credentials: "401", "404", or null (no answer, or nothing to add). The SDK reports a wrong
   * password on an HTTP-bootstrapped cluster only as a timeout.
   */
  private static String diagnoseOverHttp(CouchbaseSettings s, ConnectionString cs) {
    if (cs.hosts().isEmpty() || cs.scheme() != ConnectionString.Scheme.COUCHBASE) {
      return null;
    }
    ConnectionString.UnresolvedSocket host = cs.hosts().get(0);
    int port = host.portType().isPresent()
        && host.portType().get() == ConnectionString.PortType.MANAGER && host.port() > 0
        ? host.port() : 8091;
    try {
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
      String auth = Base64.getEncoder().encodeToString(
          (s.username() + ":" + s.password()).getBytes(StandardCharsets.UTF_8));
      HttpRequest req = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + port
              + "/pools/default/buckets/" + s.bucket()))
          .timeout(Duration.ofSeconds(2))
          .header("Authorization", "Basic " + auth)
          .GET().build();
      int status = http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status == 401 || status == 403 ? "401" : status == 404 ? "404" : null;
    } catch (IOException | IllegalArgumentException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static void shut(Cluster cluster, ClusterEnvironment env) {
    try {
      if (cluster != null) {
        cluster.disconnect();
      }
    } finally {
      env.shutdown();
    }
  }
}
