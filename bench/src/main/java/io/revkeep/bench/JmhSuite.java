package io.revkeep.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The JMH micro-benchmarks of the hot paths ({@code io.revkeep.bench.jmh.*} and
 * {@code io.revkeep.listener.SettleQueueBench}), run in one forked JVM each with this classpath.
 */
final class JmhSuite {
  /** One benchmark's score: mean and 99.9 % error, in {@code unit}. */
  record Score(String benchmark, String params, double score, double error, String unit,
      int iterations) {}

  /** Options of a run, also written into the report so it can be rerun by hand. */
  record Settings(int forks, int warmups, double warmupSeconds, int iterations,
      double iterationSeconds) {
    String commandLine() {
      return String.format("java -cp 'bench/target/classes:bench/target/lib/*'"
          + " org.openjdk.jmh.Main -f %d -wi %d -w %ss -i %d -r %ss '%s'", forks, warmups,
          trim(warmupSeconds), iterations, trim(iterationSeconds), INCLUDE);
    }

    private static String trim(double s) {
      return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }
  }

  /** Every benchmark class of the suite. */
  static final String INCLUDE = "io\\.revkeep\\.(bench\\.jmh|listener)\\..*Bench";

  private JmhSuite() {}

  static List<Score> run(Settings s) throws RunnerException {
    Options options = new OptionsBuilder()
        .include(INCLUDE)
        .forks(s.forks())
        .warmupIterations(s.warmups())
        .warmupTime(TimeValue.milliseconds((long) (s.warmupSeconds() * 1000)))
        .measurementIterations(s.iterations())
        .measurementTime(TimeValue.milliseconds((long) (s.iterationSeconds() * 1000)))
        .timeUnit(TimeUnit.MICROSECONDS)
        .jvmArgsAppend("-Xms256m")
        .shouldFailOnError(true)
        .build();
    Collection<RunResult> results = new Runner(options).run();
    List<Score> scores = new ArrayList<>();
    for (RunResult r : results) {
      var p = r.getParams();
      StringBuilder params = new StringBuilder();
      for (String k : p.getParamsKeys()) {
        params.append(params.length() == 0 ? "" : ", ").append(k).append('=')
            .append(p.getParam(k));
      }
      var primary = r.getPrimaryResult();
      scores.add(new Score(p.getBenchmark().replaceFirst("^io\\.revkeep\\.", ""),
          params.toString(), primary.getScore(), primary.getScoreError(),
          primary.getScoreUnit(), (int) primary.getSampleCount()));
    }
    return scores;
  }
}
