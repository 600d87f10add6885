package io.revkeep.web;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A few recent results of reading the store (a folder's sorted listing, its change times), each
 * kept under a tag that says what the store held when it was read (see {@link FolderChanges}): a
 * request with the same tag gets the result again, any other reads afresh. So the pages of a
 * large folder, asked one after the other as a user scrolls or types, cost one read of the
 * store, not one each; and many users opening the same folder at once share one read. A read
 * under a new tag may start from the value kept under the one before ({@link Previous}).
 */
final class SeqCache<K, V> {
  /*
   * Threads:    Jetty's request threads, any number at once.
   * State:      the map (access order, for least-recently-used eviction) of key → the tag and
   *             a future of the value, and the sum of the weights of the finished values it
   *             holds, both guarded by this object's lock. Values are immutable and shared.
   * Invariants: a value is returned only for the tag it was read under (the caller reads the
   *             tag before it reads the store, so a result read during a change is kept under
   *             the older tag and read again by the next request); tags are compared for
   *             equality only (FolderChanges' two kinds of tag have no common order), and the
   *             latest read of a key replaces the one before; one read at a time per key
   *             and tag: requests that come while it runs wait for it (outside the lock); at
   *             most maxKeys entries and maxWeight finished weight are held; a value heavier
   *             than maxWeight is answered, not kept. A failed read is removed and its error
   *             goes to every request that waited for it.
   * Shutdown:   nothing to stop; the cache goes with the web server.
   */
  private final int maxKeys;
  private final long maxWeight;
  private final ToLongFunction<V> weigher;
  private final Map<K, Held<V>> held = new LinkedHashMap<>(16, 0.75f, true);
  private long weight;

  /** A read under a tag: running, or done with its weight. */
  private static final class Held<V> {
    final long tag;
    final CompletableFuture<V> value = new CompletableFuture<>();
    long weight;

    Held(long tag) {
      this.tag = tag;
    }
  }

  /**
   * @param maxKeys how many results at most
   * @param maxWeight their total weight at most (e.g. listing entries)
   * @param weigher one result's weight
   */
  SeqCache(int maxKeys, long maxWeight, ToLongFunction<V> weigher) {
    this.maxKeys = maxKeys;
    this.maxWeight = maxWeight;
    this.weigher = weigher;
  }

  /** A value kept under an older tag, handed to the read of a newer one. */
  record Previous<V>(long tag, V value) {}

  /** The result for {@code key} under {@code tag}: kept, being read, or read by {@code read}. */
  V get(K key, long tag, Supplier<V> read) {
    return get(key, tag, previous -> read.get());
  }

  /**
   * The result for {@code key} under {@code tag}: kept, being read, or read by {@code read},
   * which is given the value kept under another tag when there is one (else null) — the
   * caller decides whether it can bring that one up to date.
   */
  V get(K key, long tag, Function<Previous<V>, V> read) {
    Held<V> mine = null;
    Previous<V> previous = null;
    Held<V> other = null;
    synchronized (this) {
      Held<V> h = held.get(key);
      if (h != null && h.tag == tag) {
        other = h;
      } else {
        if (h != null) {
          held.remove(key);
          weight -= h.weight;
          if (h.value.isDone() && !h.value.isCompletedExceptionally()) {
            previous = new Previous<>(h.tag, h.value.join());
          }
        }
        mine = new Held<>(tag);
        held.put(key, mine);
      }
    }
    if (other != null) {
      return join(other.value);
    }
    V value;
    try {
      value = read.apply(previous);
    } catch (RuntimeException | Error e) {
      synchronized (this) {
        held.remove(key, mine);
      }
      mine.value.completeExceptionally(e);
      throw e;
    }
    long w = weigher.applyAsLong(value);
    synchronized (this) {
      if (held.get(key) == mine) {
        if (w > maxWeight) {
          held.remove(key);
        } else {
          mine.weight = w;
          weight += w;
          Iterator<Held<V>> eldest = held.values().iterator();
          while ((held.size() > maxKeys || weight > maxWeight) && eldest.hasNext()) {
            Held<V> e = eldest.next();
            if (e != mine) {
              weight -= e.weight;
              eldest.remove();
            }
          }
        }
      }
    }
    mine.value.complete(value);
    return value;
  }

  /** The value of a read that another request runs, waited for outside the lock. */
  private static <V> V join(CompletableFuture<V> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
