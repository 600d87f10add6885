package io.revkeep.bench.jmh;

import io.revkeep.core.TextDiff;
import io.revkeep.core.VersionsTooDifferentException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The CPU of one diff ({@code revkeep diff}, {@code /api/diff}): an ordinary edit of a
 * 20,000-line text (100 changed lines), and the hostile cases the diff budget bounds — two
 * unrelated 20,000-line versions (once 17 s) and the same lines in reverse order — which end in
 * {@link VersionsTooDifferentException}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TextDiffBench {
  private final List<String> lines = numbered("line ", 20_000);
  private final List<String> edited = edited(lines);
  private final List<String> unrelated = numbered("other ", 20_000);
  private final List<String> reversed = reversed(lines);

  @Benchmark
  public List<String> ordinaryEdit() {
    return TextDiff.unified("a", lines, "b", edited);
  }

  @Benchmark
  public Object unrelatedVersions() {
    return tooDifferent(unrelated);
  }

  @Benchmark
  public Object reversedVersions() {
    return tooDifferent(reversed);
  }

  private Object tooDifferent(List<String> other) {
    try {
      return TextDiff.unified("a", lines, "b", other);
    } catch (VersionsTooDifferentException e) {
      return e;
    }
  }

  private static List<String> numbered(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
  }

  private static List<String> edited(List<String> lines) {
    List<String> out = new ArrayList<>(lines);
    for (int i = 0; i < 100; i++) {
      out.set(i * 200, "changed " + i);
    }
    return out;
  }

  private static List<String> reversed(List<String> lines) {
    List<String> out = new ArrayList<>(lines);
    Collections.reverse(out);
    return out;
  }
}
