package io.revkeep.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.function.Supplier;

/**
 * The JSON bytes of answers recently sent, reused while what they were made from is the same:
 * a thousand clients asking for one folder's listing share one serialisation, not only one
 * store read ({@link SeqCache}). An answer is reused only for the same key, the same store seq
 * (which answers carry) and the very same source object (the kept listing it was made from:
 * a listing read again is another object, so its answer is serialised again).
 *
 * <p>Threads: Jetty's request threads at once. State: a Caffeine cache bounded by the bytes it
 * holds (its own locking; its upkeep runs on the calling thread, so it owns no thread). Two
 * threads missing at once both serialise, and the last one's bytes stay: they are equal.
 *
 * @param <K> what tells answers apart (besides seq and source)
 */
final class SerializedAnswers<K> {
  /** One answer's bytes and what they were made from. */
  private record Body(long seq, Object source, byte[] json) {}

  private final Cache<K, Body> bodies;

  /** @param maxBytes the most bytes of answers kept */
  SerializedAnswers(long maxBytes) {
    this.bodies = Caffeine.newBuilder().maximumWeight(maxBytes)
        .<K, Body>weigher((k, b) -> b.json().length).executor(Runnable::run).build();
  }

  /**
   * The answer's JSON: kept bytes when key, seq and source match, else {@code answer}
   * serialised (and kept).
   */
  byte[] get(K key, long seq, Object source, Supplier<Object> answer) {
    Body b = bodies.getIfPresent(key);
    if (b != null && b.seq() == seq && b.source() == source) {
      return b.json();
    }
    byte[] json = Json.bytes(answer.get());
    bodies.put(key, new Body(seq, source, json));
    return json;
  }
}
