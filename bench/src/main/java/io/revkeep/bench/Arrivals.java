package io.revkeep.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * When each path was first reported by one observer (the feed subscriber, or inotifywait): a
 * reader thread calls {@link #arrived}, the benchmark thread waits in {@link #await}.
 */
final class Arrivals {
  private final ConcurrentHashMap<String, CompletableFuture<Long>> byName =
      new ConcurrentHashMap<>();

  private CompletableFuture<Long> slot(String name) {
    return byName.computeIfAbsent(name, k -> new CompletableFuture<>());
  }

  /** Records that {@code name} was reported at {@code nanos}; later reports are ignored. */
  void arrived(String name, long nanos) {
    slot(name).complete(nanos);
  }

  /** The {@code System.nanoTime()} of the first report of {@code name}, or -1 on timeout. */
  long await(String name, long timeoutMillis) throws InterruptedException {
    try {
      return slot(name).get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return -1;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** How many distinct names have been reported. */
  long count() {
    return byName.values().stream().filter(CompletableFuture::isDone).count();
  }
}
