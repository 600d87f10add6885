package io.revkeep.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Prints a long listing through {@code $PAGER} when standard output is a terminal, as git does:
 * {@code $REVKEEP_PAGER}, else {@code $PAGER}, else {@code less}, run by {@code sh -c}, with
 * {@code LESS=FRX} when {@code LESS} is unset (quit at once when the text fits the screen, keep
 * colours, leave the screen as it is). An empty pager or {@code cat} prints directly, and so does
 * a pager that cannot be started.
 */
final class Pager {
  private Pager() {}

  /** Prints {@code lines}, paged when {@code paged}. */
  static void print(List<String> lines, boolean paged, Map<String, String> env) {
    String command = paged ? pagerCommand(env) : null;
    if (command == null) {
      lines.forEach(System.out::println);
      return;
    }
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", command)
        .redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    if (!env.containsKey("LESS")) {
      pb.environment().put("LESS", "FRX");
    }
    Process pager;
    try {
      pager = pb.start();
    } catch (IOException e) {
      lines.forEach(System.out::println);
      return;
    }
    try (OutputStream raw = pager.getOutputStream();
        PrintStream out = new PrintStream(raw, false, StandardCharsets.UTF_8)) {
      for (String line : lines) {
        out.println(line);
        if (out.checkError()) {
          break; // the reader quit (q in less): the rest is not wanted
        }
      }
    } catch (IOException e) {
      // the pager closed its input early; nothing is lost that was asked for
    }
    try {
      pager.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String pagerCommand(Map<String, String> env) {
    String command = env.getOrDefault("REVKEEP_PAGER", env.getOrDefault("PAGER", "less"));
    command = command.strip();
    return command.isEmpty() || command.equals("cat") ? null : command;
  }
}
