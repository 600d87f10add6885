package io.revkeep.feed;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Event;
import io.revkeep.feed.EventRing.Entry;
import java.time.Instant;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.LinCheckerKt;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.LongGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Model checks the ring of recent events: one publisher appends while other threads read
 * after(seq) and last(); every interleaving must match some sequential order of the operations.
 * The ring is small (3) so that eviction happens within a few appends.
 */
@Param(name = "seq", gen = LongGen.class, conf = "0:6")
public class EventRingLincheckTest {

  /*
   * Entries are made inside append(): Lincheck walks the initial state of the test object and
   * cannot take field offsets of records (Entry, Event), so none may exist before the scenario.
   * They are made cheaply (no formatting: everything runs instrumented).
   */

  private static final byte[] EMPTY = new byte[0];

  private final EventRing ring = new EventRing(3, 0);
  // only the publisher thread (nonParallelGroup) touches it, as in FeedServer.publish
  private long next;

  @Operation(nonParallelGroup = "publisher")
  public String append() {
    next++;
    return ring.append(new Entry(new Event(next, Action.MODIFY, "f", null, null, 1, null, 0, Instant.EPOCH, null,
        null, null),
        EMPTY)).name();
  }

  @Operation
  public String after(@Param(name = "seq") long seq) {
    List<Entry> held = ring.after(seq, 2);
    if (held == null) {
      return "not held";
    }
    StringBuilder out = new StringBuilder("[");
    for (Entry e : held) {
      out.append(e.event().seq()).append(' ');
    }
    return out.append(']').toString();
  }

  @Operation
  public long last() {
    return ring.last();
  }

  @Test
  void after_and_append_are_linearizable() {
    ModelCheckingOptions options = new ModelCheckingOptions()
        .iterations(8)
        .invocationsPerIteration(200)
        .threads(3)
        .actorsPerThread(3);
    LinCheckerKt.check(options, EventRingLincheckTest.class);
  }
}
