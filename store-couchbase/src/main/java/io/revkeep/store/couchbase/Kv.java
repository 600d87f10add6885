package io.revkeep.store.couchbase;

import com.couchbase.client.core.error.CasMismatchException;
import com.couchbase.client.core.error.CouchbaseException;
import com.couchbase.client.core.error.DocumentExistsException;
import com.couchbase.client.core.error.DocumentNotFoundException;
import com.couchbase.client.core.msg.kv.DurabilityLevel;
import com.couchbase.client.java.Collection;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.kv.GetResult;
import com.couchbase.client.java.kv.IncrementOptions;
import com.couchbase.client.java.kv.InsertOptions;
import com.couchbase.client.java.kv.RemoveOptions;
import com.couchbase.client.java.kv.ReplaceOptions;
import com.couchbase.client.java.kv.UpsertOptions;
import io.revkeep.core.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The few key-value operations the store uses, on one collection, with the configured durability.
 * Expected outcomes are values (absent → null, CAS mismatch or existing key → 0); anything else
 * the SDK throws (timeouts, an unreachable cluster) becomes a {@link StoreException} naming the
 * bucket, the operation and the key.
 */
final class Kv {
  /** How many gets {@link #getAll} keeps in flight at once. */
  static final int MAX_IN_FLIGHT = 1024;
  /**
   * Up to this many keys, {@link #getAll} reads one after the other: for a handful of keys the
   * round trips cost less than a stall of pipelined replies behind a peer's delayed ACK (40 ms
   * per window against CouchbaseMock, whose sockets keep Nagle on).
   */
  static final int SEQUENTIAL_UP_TO = 16;

  /** A document as read (or as just written): its CAS, and its content decoded on demand. */
  static final class Doc {
    private final GetResult raw;
    private final long cas;
    private JsonObject obj; // owned by the thread that read the doc

    Doc(JsonObject obj, long cas) {
      this.raw = null;
      this.obj = obj;
      this.cas = cas;
    }

    private Doc(GetResult raw) {
      this.raw = raw;
      this.cas = raw.cas();
    }

    /** The JSON object (decoded once). */
    JsonObject obj() {
      if (obj == null && raw != null) {
        obj = raw.contentAsObject();
      }
      return obj;
    }

    long cas() {
      return cas;
    }

    /** The value of a counter document. */
    long counter() {
      return raw.contentAs(Long.class);
    }
  }

  private final Collection coll;
  private final DurabilityLevel durability;
  private final String where;
  /** Documents read so far (gets, counters, each key of a getAll): what tests count. */
  private final LongAdder reads = new LongAdder();

  Kv(Collection coll, DurabilityLevel durability, String where) {
    this.coll = coll;
    this.durability = durability;
    this.where = where;
  }

  /** How many documents this Kv has read (tests: how much a listing reads). */
  long reads() {
    return reads.sum();
  }

  /** The document, or null when there is none. */
  Doc get(String key) {
    reads.increment();
    return call("get", key, () -> {
      try {
        return doc(coll.get(key));
      } catch (DocumentNotFoundException e) {
        return null;
      }
    });
  }

  /** The value of a counter document, 0 when it does not exist yet. */
  long counter(String key) {
    reads.increment();
    return call("get", key, () -> {
      try {
        return coll.get(key).contentAs(Long.class);
      } catch (DocumentNotFoundException e) {
        return 0L;
      }
    });
  }

  /** Every document of the list (null where absent), in order; many requests in flight. */
  List<Doc> getAll(List<String> keys) {
    List<Doc> out = new ArrayList<>(keys.size());
    if (keys.size() <= SEQUENTIAL_UP_TO) {
      for (String key : keys) {
        out.add(get(key));
      }
      return out;
    }
    reads.add(keys.size());
    for (int from = 0; from < keys.size(); from += MAX_IN_FLIGHT) {
      List<String> window = keys.subList(from, Math.min(keys.size(), from + MAX_IN_FLIGHT));
      List<CompletableFuture<Doc>> futures = new ArrayList<>(window.size());
      for (String key : window) {
        futures.add(coll.async().get(key).thenApply(Kv::doc).exceptionally(e -> {
          Throwable cause = e instanceof CompletionException && e.getCause() != null
              ? e.getCause() : e;
          if (cause instanceof DocumentNotFoundException) {
            return null;
          }
          throw new CompletionException(cause);
        }));
      }
      for (int i = 0; i < futures.size(); i++) {
        String key = window.get(i);
        CompletableFuture<Doc> f = futures.get(i);
        out.add(call("get", key, () -> {
          try {
            return f.join();
          } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
              throw re;
            }
            throw e;
          }
        }));
      }
    }
    return out;
  }

  /** Creates the document; its CAS, or 0 when the key exists. */
  long insert(String key, JsonObject value) {
    return insert(key, value, null);
  }

  /** {@link #insert(String, JsonObject)} with an expiry (null: none). */
  long insert(String key, JsonObject value, Duration expiry) {
    return call("insert", key, () -> {
      try {
        InsertOptions o = InsertOptions.insertOptions().durability(durability);
        if (expiry != null) {
          o.expiry(expiry);
        }
        return coll.insert(key, value, o).cas();
      } catch (DocumentExistsException e) {
        return 0L;
      }
    });
  }

  /** Replaces the document if its CAS is still {@code cas}; the new CAS, or 0 when not. */
  long replace(String key, JsonObject value, long cas) {
    return call("replace", key, () -> {
      try {
        return coll.replace(key, value,
            ReplaceOptions.replaceOptions().cas(cas).durability(durability)).cas();
      } catch (CasMismatchException | DocumentNotFoundException e) {
        return 0L;
      }
    });
  }

  void upsert(String key, JsonObject value) {
    upsert(key, value, null);
  }

  void upsert(String key, JsonObject value, Duration expiry) {
    call("upsert", key, () -> {
      UpsertOptions o = UpsertOptions.upsertOptions().durability(durability);
      if (expiry != null) {
        o.expiry(expiry);
      }
      return coll.upsert(key, value, o);
    });
  }

  /** Removes the document if its CAS is still {@code cas}; false when not (or gone). */
  boolean remove(String key, long cas) {
    return call("remove", key, () -> {
      try {
        coll.remove(key, RemoveOptions.removeOptions().cas(cas).durability(durability));
        return true;
      } catch (CasMismatchException | DocumentNotFoundException e) {
        return false;
      }
    });
  }

  /**
   * Rewrites one document under CAS until the write sticks: {@code change} maps the content
   * read (null when there is none) to the content to write, or to null to write nothing. It
   * may run several times (once per lost race) and must decide from its argument alone.
   *
   * @return whether a write was made
   */
  boolean update(String key, UnaryOperator<JsonObject> change) {
    while (true) {
      Doc d = get(key);
      JsonObject next = change.apply(d == null ? null : d.obj());
      if (next == null) {
        return false;
      }
      if ((d == null ? insert(key, next) : replace(key, next, d.cas())) != 0) {
        return true;
      }
    }
  }

  /** Adds one to a counter (created at 1) and returns the new value. */
  long increment(String key) {
    return call("increment", key, () -> coll.binary().increment(key,
        IncrementOptions.incrementOptions().initial(1).durability(durability)).content());
  }

  private static Doc doc(GetResult r) {
    return new Doc(r);
  }

  private <T> T call(String op, String key, Supplier<T> body) {
    try {
      return body.get();
    } catch (CouchbaseException e) {
      throw new StoreException(where + ": " + op + " " + key + " failed: " + brief(e), e);
    }
  }

  /** The SDK's message without its long JSON context. */
  static String brief(Throwable e) {
    String m = String.valueOf(e.getMessage());
    int json = m.indexOf(" {\"");
    if (json > 0) {
      m = m.substring(0, json);
    }
    return e.getClass().getSimpleName() + (m.isBlank() || "null".equals(m) ? "" : " (" + m.trim() + ")");
  }
}
