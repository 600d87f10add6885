package io.revkeep.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests (none of the
 * Prometheus Java libraries ships a parser): every line is a HELP, a TYPE, or a sample; every
 * sample belongs to a family declared by a TYPE before it; label values are unescaped; values
 * are Go-style floats; a series appears once. Any other line is an error.
 */
final class PrometheusText {
  /** One sample: metric name, labels, value. */
  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE = Pattern.compile(
      "(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?\\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"(,|$)");
  private static final List<String> SUFFIXES =
      List.of("", "_total", "_count", "_sum", "_bucket", "_created");

  final List<Sample> samples = new ArrayList<>();
  final Map<String, String> types = new HashMap<>();

  static PrometheusText parse(String text) {
    PrometheusText out = new PrometheusText();
    Set<String> series = new HashSet<>();
    int lineNo = 0;
    for (String line : text.split("\n", -1)) {
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      Matcher m;
      if ((m = TYPE.matcher(line)).matches()) {
        if (out.types.put(m.group(1), m.group(2)) != null) {
          throw new IllegalArgumentException(lineNo + ": second TYPE for " + m.group(1));
        }
      } else if (HELP.matcher(line).matches()) {
        continue;
      } else if (line.startsWith("#")) {
        throw new IllegalArgumentException(lineNo + ": a comment that is neither HELP nor TYPE: "
            + line);
      } else if ((m = SAMPLE.matcher(line)).matches()) {
        String name = m.group(1);
        String family = SUFFIXES.stream().filter(name::endsWith)
            .map(s -> name.substring(0, name.length() - s.length()))
            .filter(out.types::containsKey).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(
                "line " + name + ": sample of an undeclared family"));
        Map<String, String> labels = labels(m.group(3));
        if (!series.add(name + labels)) {
          throw new IllegalArgumentException(family + ": series twice: " + name + labels);
        }
        out.samples.add(new Sample(name, labels, number(m.group(4))));
      } else {
        throw new IllegalArgumentException(lineNo + ": not the text format: " + line);
      }
    }
    return out;
  }

  private static Map<String, String> labels(String text) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (text == null || text.isEmpty()) {
      return labels;
    }
    Matcher m = LABEL.matcher(text);
    int at = 0;
    while (at < text.length()) {
      if (!m.find(at) || m.start() != at) {
        throw new IllegalArgumentException("bad labels: {" + text + "}");
      }
      String value = m.group(2).replace("\\n", "\n").replace("\\\"", "\"").replace("\\\\", "\\");
      if (labels.put(m.group(1), value) != null) {
        throw new IllegalArgumentException("label twice: " + m.group(1));
      }
      at = m.end();
    }
    return labels;
  }

  private static double number(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(s);
    };
  }

  /** The value of the one series with this name and these labels (a subset); fails otherwise. */
  double value(String name, String... labelPairs) {
    List<Sample> found = samples.stream().filter(s -> s.name().equals(name))
        .filter(s -> {
          for (int i = 0; i < labelPairs.length; i += 2) {
            if (!labelPairs[i + 1].equals(s.labels().get(labelPairs[i]))) {
              return false;
            }
          }
          return true;
        }).toList();
    if (found.size() != 1) {
      throw new AssertionError("expected one series " + name + " " + List.of(labelPairs)
          + ", found " + found);
    }
    return found.get(0).value();
  }

  boolean has(String name) {
    return samples.stream().anyMatch(s -> s.name().equals(name));
  }
}
