package io.revkeep.bench;

import static io.revkeep.bench.Report.TEXT;

import java.util.List;

/** The report's section on the JMH micro-benchmarks: how to rerun them, the scores, a reading. */
final class JmhSection {
  private JmhSection() {}

  static String render(JmhSuite.Settings s, List<JmhSuite.Score> scores) {
    StringBuilder jmhSection = new StringBuilder();
    jmhSection.append("## JMH micro-benchmarks of the hot paths\n\n");
    jmhSection.append(TEXT.get("jmh.rerun", s.commandLine(), s.warmups(),
        BenchMain.fmt(s.warmupSeconds()), s.iterations(), BenchMain.fmt(s.iterationSeconds())))
        .append("\n\n");
    jmhSection.append(TEXT.get("jmh.why")).append("\n\n");
    jmhSection.append("| benchmark | params | mean | ± error | unit | what it measures |\n"
        + "|---|---|---:|---:|---|---|\n");
    for (JmhSuite.Score sc : scores) {
      jmhSection.append(String.format("| `%s` | %s | %s | %s | %s | %s |%n", sc.benchmark(),
          sc.params().isEmpty() ? "–" : sc.params(), BenchMain.fmt(sc.score()),
          BenchMain.fmt(sc.error()), sc.unit(), explain(sc.benchmark())));
    }
    jmhSection.append('\n');
    double sha = score(scores, "VaultBench.sha256", "size=4096");
    double capture = score(scores, "VaultBench.capture", "size=4096");
    double commit = score(scores, "VaultBench.captureAndCommit", "size=4096");
    if (!Double.isNaN(sha) && !Double.isNaN(capture) && !Double.isNaN(commit)) {
      jmhSection.append(TEXT.get("jmh.reading", BenchMain.fmt(capture), BenchMain.fmt(sha),
          BenchMain.fmt(commit))).append("\n\n");
    }
    return jmhSection.toString();
  }

  private static double score(List<JmhSuite.Score> scores, String benchmark, String params) {
    return scores.stream().filter(x -> x.benchmark().endsWith(benchmark)
        && x.params().equals(params)).mapToDouble(JmhSuite.Score::score).findFirst()
        .orElse(Double.NaN);
  }

  private static String explain(String benchmark) {
    return TEXT.getOrEmpty("jmh.explain." + benchmark.substring(benchmark.lastIndexOf('.') + 1));
  }
}
