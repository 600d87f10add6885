package io.revkeep.bench.jmh;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.Origin;
import io.revkeep.feed.FeedCodec;
import io.revkeep.feed.FeedMessage;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The feed's per-event CPU: encoding an event as its JSON line (done once per event by
 * {@code FeedServer.publish}, the bytes shared by every subscriber) and decoding it (done by every
 * subscriber, e.g. the backup and the web). A 200-byte line, as in the fan-out row.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EventCodecBench {
  private long seq = 1_000_000;
  private final byte[] line = FeedCodec.encodeEvent(event(1_000_000));

  private static Event event(long seq) {
    return new Event(seq, Action.MODIFY, "docs/quarterly/report-2026-q3-final.txt", null,
        "files01:/srv/revkeep/shared/docs/quarterly/report-2026-q3-final.txt", 3,
        "ab".repeat(32), 4096, Instant.parse("2026-01-01T00:00:00Z"), "alice", Origin.FS, null);
  }

  @Benchmark
  public byte[] encode() {
    return FeedCodec.encodeEvent(event(++seq));
  }

  @Benchmark
  public FeedMessage decode() {
    return FeedCodec.decode(line);
  }
}
