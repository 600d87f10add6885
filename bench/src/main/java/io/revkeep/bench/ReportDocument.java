package io.revkeep.bench;

import static io.revkeep.bench.Report.TEXT;

import io.revkeep.bench.Report.Row;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lays out a bench run's report: the table printed on the console and the Markdown document
 * (bench/RESULTS.md) with its header, the machine, the results with their methods and the
 * sections the parts wrote.
 */
final class ReportDocument {
  private final ZonedDateTime started;
  private final String command;
  private final Map<String, String> machine;
  private final int reps;

  ReportDocument(ZonedDateTime started, String command, Map<String, String> machine, int reps) {
    this.started = started;
    this.command = command;
    this.machine = machine;
    this.reps = reps;
  }

  private static String figure(double v, String unit) {
    if (Double.isNaN(v)) {
      return "–";
    }
    if (unit.isEmpty()) {
      return String.format("%,.0f", v); // a count
    }
    return BenchMain.fmt(v) + " " + unit;
  }


  /** The rows in the order (stable: within a number, the order they were added). */
  private static List<Row> ordered(List<Row> rows) {
    List<Row> sorted = new ArrayList<>(rows);
    sorted.sort(java.util.Comparator.comparingInt(r -> Integer.parseInt(r.no()))); // 2 before 10
    return sorted;
  }

  /** The table as printed on the console (Markdown, without the method column). */
  String table(List<Row> rows) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("| # | %-52s | %14s | %-34s | %14s | %8s |%n", "row (median of "
        + reps + " run" + (reps == 1 ? "" : "s") + ")", "revkeep", "peer", "peer figure",
        "× slower"));
    sb.append("|---|").append("-".repeat(54)).append("|").append("-".repeat(16)).append("|")
        .append("-".repeat(36)).append("|").append("-".repeat(16)).append("|")
        .append("-".repeat(10)).append("|\n");
    for (Row r : ordered(rows)) {
      String peer = r.peerName().length() > 34 ? r.peerName().substring(0, 33) + "…"
          : r.peerName();
      sb.append(String.format("| %s | %-52s | %14s | %-34s | %14s | %8s |%n", r.no(), r.what(),
          figure(r.ours(), r.unit()), peer, figure(r.peer(), r.unit()),
          BenchMain.fmt(r.slower())));
    }
    return sb.toString();
  }

  /**
   * The whole document: header, machine, results, then {@code sections} (the per-run tables and
   * the analyses), then {@code whySlower} under its heading.
   */
  String markdown(double minutes, List<Row> rows, boolean latencyRows, String sections,
      String whySlower) {
    StringBuilder md = new StringBuilder();
    md.append("# revkeep benchmarks\n\n");
    md.append(TEXT.get("md.generated", command,
        started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")), minutes, reps,
        reps == 1 ? "" : "s")).append("\n\n");
    md.append(TEXT.get("md.rerun")).append("\n\n");
    md.append("## Machine\n\n| | |\n|---|---|\n");
    machine.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(v.replace("|", "\\|"))
        .append(" |\n"));
    md.append("\n").append(TEXT.get("md.load")).append("\n");
    md.append(sharedNote());
    md.append("\n## Results\n\n");
    md.append("| # | row | revkeep | peer | peer figure | × slower | method |\n");
    md.append("|---|---|---:|---|---:|---:|---|\n");
    for (Row r : ordered(rows)) {
      md.append(String.format("| %s | %s | %s | %s | %s | %s | %s |%n", r.no(), r.what(),
          figure(r.ours(), r.unit()), r.peerName(), figure(r.peer(), r.unit()),
          BenchMain.fmt(r.slower()), r.method()));
    }
    if (latencyRows) {
      md.append("\n").append(TEXT.get("md.latencyNote")).append("\n");
    }
    md.append("\n## Each run\n\n").append(sections);
    md.append("## Why revkeep is slower than its peers, and what would close the gap\n\n");
    md.append(whySlower);
    return md.toString();
  }

  /**
   * Says whether this run shared the machine, from the 1-minute load before it (the load at the
   * end includes the bench's own last minute — wrk, the fan-out, JMH — so it says nothing of
   * other work).
   */
  private String sharedNote() {
    double before = load(machine.get("Other load at start (loadavg)"));
    double after = load(machine.get("Other load at the end (loadavg)"));
    if (Double.isNaN(before)) {
      return "";
    }
    if (before < 1.0) {
      return "\n" + TEXT.get("md.quiet", before, after) + "\n";
    }
    return "\n" + TEXT.get("md.shared", before, after) + "\n";
  }

  private static double load(String loadavg) {
    try {
      return Double.parseDouble(loadavg.trim().split("\\s+")[0]);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }
}
