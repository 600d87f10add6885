package io.revkeep.listener;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The settle stage's bookkeeping ({@link SettleQueue}, owned by the settler thread): per path of a
 * burst, one touch and its share of one drain; and a path touched again while it is pending (a
 * file written in many small writes). Lives in the listener's package because the queue is
 * package-private; compiled in the bench module only.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SettleQueueBench {
  /** Paths of one burst, as in a READ_BATCH. */
  static final int PATHS = Settler.READ_BATCH;
  private static final long SETTLE = TimeUnit.MILLISECONDS.toNanos(250);

  private final SettleQueue<Path> queue = new SettleQueue<>(SETTLE, 20 * SETTLE);
  private Path[] paths;
  private long now;

  @Setup
  public void setUp() {
    paths = new Path[PATHS];
    for (int i = 0; i < PATHS; i++) {
      paths[i] = Path.of("/srv/revkeep/shared/burst/f" + i + ".bin");
    }
  }

  /** Each path touched once, then all drained one settle time later; per path. */
  @Benchmark
  @OperationsPerInvocation(PATHS)
  public List<Path> touchThenDrain() {
    for (Path p : paths) {
      queue.touch(p, now);
      now += 1_000;
    }
    now += SETTLE;
    return queue.drainDue(now);
  }

  /** One path touched 16 times 1 ms apart, then drained; per touch. */
  @Benchmark
  @OperationsPerInvocation(16)
  public List<Path> retouch() {
    for (int i = 0; i < 16; i++) {
      queue.touch(paths[0], now);
      now += 1_000_000;
    }
    now += SETTLE;
    return queue.drainDue(now);
  }
}
