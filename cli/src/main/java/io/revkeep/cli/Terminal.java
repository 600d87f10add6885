package io.revkeep.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Whether standard output is a terminal, and what follows from it as git has it: colour only on a
 * terminal (unless {@code --color=always|never}; never with {@code NO_COLOR} set or
 * {@code TERM=dumb}), a pager only on a terminal.
 */
final class Terminal {
  private Terminal() {}

  /** Whether file descriptor 1 is a terminal (Linux: where /proc says it points). */
  static boolean stdoutIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")
          || target.equals("/dev/console");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return System.console() != null;
    }
  }

  /** The colour decision for {@code --color=WHEN} (auto, always, never). */
  static boolean colour(String when, Map<String, String> env, boolean terminal) {
    return switch (when) {
      case "always" -> true;
      case "never" -> false;
      default -> terminal && isBlank(env.get("NO_COLOR")) && !"dumb".equals(env.get("TERM"));
    };
  }

  private static boolean isBlank(String s) {
    return s == null || s.isEmpty();
  }
}
