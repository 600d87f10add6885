package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SeqCacheTest {
  @Test
  void a_result_is_reused_under_its_tag_only_and_the_weight_bound_holds() {
    SeqCache<String, List<Integer>> cache = new SeqCache<>(2, 10, List::size);
    AtomicInteger reads = new AtomicInteger();
    assertThat(cache.get("a", 1, () -> List.of(reads.incrementAndGet()))).containsExactly(1);
    assertThat(cache.get("a", 1, () -> List.of(reads.incrementAndGet()))).containsExactly(1);
    assertThat(cache.get("a", 2, () -> List.of(reads.incrementAndGet()))).containsExactly(2);
    // any other tag reads afresh, and its result is the one kept (tags have no order)
    assertThat(cache.get("a", -5, () -> List.of(reads.incrementAndGet()))).containsExactly(3);
    assertThat(cache.get("a", -5, () -> List.of(reads.incrementAndGet()))).containsExactly(3);
    assertThat(cache.get("a", -6, () -> List.of(reads.incrementAndGet()))).containsExactly(4);
    assertThat(cache.get("a", -6, () -> List.of(reads.incrementAndGet()))).containsExactly(4);
    assertThat(cache.get("a", 2, () -> List.of(reads.incrementAndGet()))).containsExactly(5);
    // too heavy: answered, not kept
    List<Integer> heavy = List.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(cache.get("h", 2, () -> heavy)).isSameAs(heavy);
    assertThat(cache.get("h", 2, () -> List.of(-1))).containsExactly(-1);
    // two keys at most: the least recently used goes
    cache.get("b", 2, () -> List.of(20));
    cache.get("c", 2, () -> List.of(30));
    assertThat(cache.get("a", 2, () -> List.of(99))).containsExactly(99);
    assertThat(reads).hasValue(5);
  }

  @Test
  void requests_that_come_while_a_read_runs_share_it_and_its_failure() throws Exception {
    SeqCache<String, List<Integer>> cache = new SeqCache<>(4, 100, List::size);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger reads = new AtomicInteger();
    CompletableFuture<List<Integer>> first = CompletableFuture.supplyAsync(() -> cache.get("a",
        1, () -> {
          reads.incrementAndGet();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return List.of(7);
        }));
    await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() == 1);
    CompletableFuture<List<Integer>> second = CompletableFuture.supplyAsync(() -> cache.get("a",
        1, () -> List.of(reads.incrementAndGet())));
    // the second waits for the first's read instead of reading itself
    await().pollDelay(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> !second.isDone());
    release.countDown();
    assertThat(second.get(5, TimeUnit.SECONDS)).containsExactly(7);
    assertThat(first.get(5, TimeUnit.SECONDS)).containsExactly(7);
    assertThat(reads).hasValue(1);

    assertThatThrownBy(() -> cache.get("b", 1, () -> {
      throw new IllegalStateException("the store does not answer");
    })).hasMessage("the store does not answer");
    assertThat(cache.get("b", 1, () -> List.of(8))).containsExactly(8); // not kept: read again
  }
}
