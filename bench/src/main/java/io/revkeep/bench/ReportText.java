package io.revkeep.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's prose, read from the resource {@code report-template.md}: named sections that are
 * {@link java.util.Formatter} patterns, filled in with the figures. A {@code line} section is a
 * paragraph folded into one line (a Markdown table cell, a sentence); a {@code block} section is
 * Markdown kept as written, ending with a blank line.
 */
final class ReportText {
  private static final String RESOURCE = "/report-template.md";

  private final Map<String, String> sections;

  private ReportText(Map<String, String> sections) {
    this.sections = sections;
  }

  static ReportText load() {
    try (InputStream in = ReportText.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the bench's class path lacks " + RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ReportText parse(String template) {
    Map<String, String> sections = new HashMap<>();
    String[] header = null;
    StringBuilder body = new StringBuilder();
    for (String line : (template + "\n@@ end").lines().toList()) {
      if (!line.startsWith("@@ ")) {
        body.append(line).append('\n');
        continue;
      }
      if (header != null) {
        sections.put(header[2], render(header[1], body.toString()));
      }
      header = line.split(" ", 3);
      body.setLength(0);
    }
    return new ReportText(sections);
  }

  private static String render(String kind, String body) {
    String text = body.strip();
    return switch (kind) {
      case "line" -> String.join(" ", text.lines().map(String::strip).toList());
      case "block" -> text + "\n\n";
      default -> throw new IllegalArgumentException("a section is a line or a block: " + kind);
    };
  }

  /** The section {@code name} filled with {@code figures}. */
  String get(String name, Object... figures) {
    String pattern = sections.get(name);
    if (pattern == null) {
      throw new IllegalArgumentException("report-template.md has no section " + name);
    }
    return String.format(pattern, figures);
  }

  /** The section {@code name} if the template has it, else the empty string. */
  String getOrEmpty(String name) {
    return sections.containsKey(name) ? get(name) : "";
  }

  List<String> names() {
    return List.copyOf(sections.keySet());
  }
}
