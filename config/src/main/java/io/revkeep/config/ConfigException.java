package io.revkeep.config;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A configuration that cannot be used. The message is complete and meant for the user as is, for
 * example {@code /etc/revkeep/revkeep.ini:7: [listener] port: expected a whole number from 0 to
 * 65535, got 'abc'}; the command line prints it and exits with status 2. The parts of the message are
 * also available one by one.
 */
public final class ConfigException extends RuntimeException {
  private final Path file;
  private final int line;
  private final String section;
  private final String key;
  private final String problem;

  /**
   * @param source  the file, or {@link Config#BUILT_IN} when there is none
   * @param file    the file, or null when the error is not about a file
   * @param line    1-based line, or 0 when no line applies
   * @param section the section without brackets, or null
   * @param key     the key, or null
   * @param problem what is wrong and what was expected
   */
  ConfigException(String source, Path file, int line, String section, String key, String problem) {
    super(where(source, line) + ": " + what(section, key) + problem);
    this.file = file;
    this.line = line;
    this.section = section;
    this.key = key;
    this.problem = problem;
  }

  /** The configuration file the error is in, if it is about a file. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The 1-based line in {@link #file()}, if the error is about one line. */
  public OptionalInt line() {
    return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
  }

  /** The section (without brackets) the error is about, if any. */
  public Optional<String> section() {
    return Optional.ofNullable(section);
  }

  /** The key the error is about, if any. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** What is wrong and what was expected, without the location. */
  public String problem() {
    return problem;
  }

  private static String where(String source, int line) {
    return line > 0 ? source + ":" + line : source;
  }

  private static String what(String section, String key) {
    return key == null ? "" : "[" + section + "] " + key + ": ";
  }
}
