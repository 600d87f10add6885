package io.revkeep.store.couchbase;

import com.couchbase.client.core.msg.kv.DurabilityLevel;
import io.revkeep.config.Config;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where the store lives and how patiently it talks to it ({@code [store]} with {@code type =
 * couchbase}).
 *
 * @param connection a connection string, e.g. {@code couchbase://db1,db2}
 * @param username an RBAC user with read/write access to the bucket's data
 * @param scope the scope ({@code _default} unless the bucket has others)
 * @param collection the collection in that scope
 * @param timeout per key-value operation, and for connecting
 * @param durability how many nodes must hold a write before it counts ({@code none}:
 *     acknowledged by the active node's memory, the SDK's default)
 * @param connectFor how long {@link CouchbaseStore#open} keeps retrying an unreachable cluster;
 *     zero opens at once on an unreachable cluster (a user mistake such as a wrong password is
 *     still refused when the cluster says so) and lets the client keep trying in the background
 */
public record CouchbaseSettings(
    String connection,
    String bucket,
    String username,
    String password,
    String scope,
    String collection,
    Duration timeout,
    DurabilityLevel durability,
    Duration connectFor) {

  /** How long opening keeps retrying a cluster that does not answer, unless told otherwise. */
  public static final Duration DEFAULT_CONNECT_FOR = Duration.ofSeconds(60);

  public CouchbaseSettings {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    scope = scope == null || scope.isBlank() ? "_default" : scope;
    collection = collection == null || collection.isBlank() ? "_default" : collection;
    Objects.requireNonNull(timeout, "timeout");
    durability = durability == null ? DurabilityLevel.NONE : durability;
    connectFor = connectFor == null ? DEFAULT_CONNECT_FOR : connectFor;
  }

  /** The {@code [store]} section of a configuration. */
  public static CouchbaseSettings of(Config.Store store) {
    return new CouchbaseSettings(store.connection(), store.bucket(), store.username(),
        store.password(), store.scope(), store.collection(), store.timeout(),
        DurabilityLevel.valueOf(store.durability().name()), DEFAULT_CONNECT_FOR);
  }

  /** The same settings with another durability level. */
  public CouchbaseSettings withDurability(DurabilityLevel level) {
    return new CouchbaseSettings(connection, bucket, username, password, scope, collection,
        timeout, level, connectFor);
  }

  /** The same settings with another connect patience. */
  public CouchbaseSettings withConnectFor(Duration patience) {
    return new CouchbaseSettings(connection, bucket, username, password, scope, collection,
        timeout, durability, patience);
  }

  /**
   * Parses a durability name as written in the configuration: {@code none}, {@code majority},
   * {@code majority_and_persist_to_active} or {@code persist_to_majority}.
   *
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static DurabilityLevel durability(String name) {
    String n = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (DurabilityLevel l : DurabilityLevel.values()) {
      if (l.name().equals(n)) {
        return l;
      }
    }
    throw new IllegalArgumentException("unknown durability '" + name + "' (expected none,"
        + " majority, majority_and_persist_to_active or persist_to_majority)");
  }

  @Override
  public String toString() {
    return "CouchbaseSettings[" + connection + ", bucket " + bucket + ", user " + username + ", "
        + scope + "." + collection + ", timeout " + timeout.toMillis() + " ms, durability "
        + durability.name().toLowerCase(Locale.ROOT) + "]"; // never the password
  }
}
