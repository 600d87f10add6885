package io.revkeep.web;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A few recent results of reading the store (a folder's sorted listing, its change times), each
 * kept with the store's last event seq at the moment it was read: a request at the same seq —
 * nothing has been recorded since — gets the result again, any newer seq reads afresh. So the
 * pages of a large folder, asked one after the other as a user scrolls or types, cost one read
 * of the store, not one each, and no answer is older than the request's own seq.
 */
final class SeqCache<K, V> {
  /*
   * Threads:    Jetty's request threads, any number at once.
   * State:      the map (access order, for least-recently-used eviction) and the sum of the
   *             weights it holds, both guarded by this object's lock. Values are immutable and
   *             shared by every request that gets them.
   * Invariants: a value is returned only for the seq it was read at (the caller reads the seq
   *             before it reads the store, so a result read during a change is tagged with the
   *             older seq and read again by the next request); at most maxKeys values and
   *             maxWeight weight are held; a value heavier than maxWeight is not kept.
   *             The read itself runs outside the lock: two requests that miss at once both
   *             read (wasted work, never a wrong answer); the newer seq's result stays.
   * Shutdown:   nothing to stop; the cache goes with the web server.
   */
  private final int maxKeys;
  private final long maxWeight;
  private final ToLongFunction<V> weigher;
  private final Map<K, Held<V>> held = new LinkedHashMap<>(16, 0.75f, true);
  private long weight;

  private record Held<V>(long seq, V value, long weight) {}

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

  /** The result for {@code key} at store seq {@code seq}: kept, or read by {@code read}. */
  V get(K key, long seq, Supplier<V> read) {
    synchronized (this) {
      Held<V> h = held.get(key);
      if (h != null && h.seq() == seq) {
        return h.value();
      }
    }
    V value = read.get();
    long w = weigher.applyAsLong(value);
    synchronized (this) {
      Held<V> old = held.get(key);
      if (old != null && old.seq() > seq) {
        return value; // a request with a newer seq was quicker: keep its result
      }
      if (old != null) {
        held.remove(key);
        weight -= old.weight();
      }
      if (w <= maxWeight) {
        held.put(key, new Held<>(seq, value, w));
        weight += w;
        Iterator<Held<V>> eldest = held.values().iterator();
        while ((held.size() > maxKeys || weight > maxWeight) && eldest.hasNext()) {
          weight -= eldest.next().weight();
          eldest.remove();
        }
      }
    }
    return value;
  }
}
