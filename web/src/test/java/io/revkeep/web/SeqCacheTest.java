package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SeqCacheTest {
  @Test
  void a_result_is_reused_at_its_seq_only_and_the_weight_bound_holds() {
    SeqCache<String, List<Integer>> cache = new SeqCache<>(2, 10, List::size);
    AtomicInteger reads = new AtomicInteger();
    assertThat(cache.get("a", 1, () -> List.of(reads.incrementAndGet()))).containsExactly(1);
    assertThat(cache.get("a", 1, () -> List.of(reads.incrementAndGet()))).containsExactly(1);
    assertThat(cache.get("a", 2, () -> List.of(reads.incrementAndGet()))).containsExactly(2);
    // an older seq never replaces a newer result
    assertThat(cache.get("a", 1, () -> List.of(reads.incrementAndGet()))).containsExactly(3);
    assertThat(cache.get("a", 2, () -> List.of(reads.incrementAndGet()))).containsExactly(2);
    // too heavy: answered, not kept
    List<Integer> heavy = List.of(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assertThat(cache.get("h", 2, () -> heavy)).isSameAs(heavy);
    assertThat(cache.get("h", 2, () -> List.of(-1))).containsExactly(-1);
    // two keys at most: the least recently used goes
    cache.get("b", 2, () -> List.of(20));
    cache.get("c", 2, () -> List.of(30));
    assertThat(cache.get("a", 2, () -> List.of(99))).containsExactly(99);
  }
}
