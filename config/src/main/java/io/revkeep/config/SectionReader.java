package io.revkeep.config;

import io.revkeep.config.Config.HostPort;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.apache.logging.log4j.Level;
import org.ini4j.Profile;

/**
 * Reads the typed values of one section, each with its default, and remembers which keys it was asked
 * for, so that every other key in the section can be reported as unknown. Every bad value becomes a
 * {@link ConfigException} naming the file, line, section, key, what was expected and what was found.
 */
final class SectionReader {
  private static final Pattern WHOLE_NUMBER = Pattern.compile("[0-9]{1,10}");
  private static final Pattern HOST_PORT = Pattern.compile("(?:\\[([^\\]]+)\\]|([^:\\s\\[\\]]+)):([0-9]{1,5})");
  private static final List<Level> LEVELS = List.of(
      Level.OFF, Level.FATAL, Level.ERROR, Level.WARN, Level.INFO, Level.DEBUG, Level.TRACE, Level.ALL);

  private final IniFile file;
  private final String name;
  private final Profile.Section section;
  private final Set<String> known = new LinkedHashSet<>();

  SectionReader(IniFile file, String name) {
    this.file = file;
    this.name = name;
    this.section = file.section(name);
  }

  /** The value as written (without an inline comment), or {@code dflt} if the key is absent. */
  String string(String key, String dflt) {
    return raw(key).orElse(dflt);
  }

  /** A non-empty value without spaces, such as a bind address or host name. */
  String word(String key, String dflt) {
    String value = string(key, dflt);
    if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
      throw error(key, "expected a host name or address without spaces, got '" + value + "'");
    }
    return value;
  }

  /** A whole number from {@code min} to {@code max}. */
  int wholeNumber(String key, int min, int max, int dflt) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return dflt;
    }
    String text = value.get();
    if (WHOLE_NUMBER.matcher(text).matches()) {
      long number = Long.parseLong(text);
      if (number >= min && number <= max) {
        return (int) number;
      }
    }
    String range = max == Integer.MAX_VALUE
        ? "of at least " + min
        : "from " + min + " to " + max;
    throw error(key, "expected a whole number " + range + ", got '" + text + "'");
  }

  /** A whole number of milliseconds, at least {@code min}. */
  Duration millis(String key, int min, Duration dflt) {
    return Duration.ofMillis(wholeNumber(key, min, Integer.MAX_VALUE, (int) dflt.toMillis()));
  }

  /** A whole number of seconds, at least {@code min}. */
  Duration seconds(String key, int min, Duration dflt) {
    return Duration.ofSeconds(wholeNumber(key, min, Integer.MAX_VALUE, (int) dflt.toSeconds()));
  }

  /** {@code true} or {@code false}, in any case. */
  boolean bool(String key, boolean dflt) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return dflt;
    }
    return switch (value.get().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw error(key, "expected true or false, got '" + value.get() + "'");
    };
  }

  /** A size in bytes of at least 1: plain, or with K, M, G or T (base 1024). */
  long size(String key, long dflt) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return dflt;
    }
    OptionalLong bytes = Sizes.parse(value.get());
    if (bytes.isEmpty() || bytes.getAsLong() < 1) {
      throw error(key, "expected a size of at least 1 byte: a whole number of bytes, or with K, M, G or T"
          + " (base 1024) such as 512K or 4G, got '" + value.get() + "'");
    }
    return bytes.getAsLong();
  }

  /** A size as {@link #size}, or 0 (meaning off). */
  long sizeOrZero(String key, long dflt) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return dflt;
    }
    OptionalLong bytes = Sizes.parse(value.get());
    if (bytes.isEmpty()) {
      throw error(key, "expected 0 (off) or a size: a whole number of bytes, or with K, M, G or T"
          + " (base 1024) such as 512M or 10G, got '" + value.get() + "'");
    }
    return bytes.getAsLong();
  }

  /** One of the constants of {@code type}, written in lower case. */
  <E extends Enum<E>> E oneOf(String key, Class<E> type, E dflt) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return dflt;
    }
    E[] constants = type.getEnumConstants();
    return Arrays.stream(constants)
        .filter(c -> Config.name(c).equals(value.get().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(() -> error(key, "expected " + Arrays.stream(constants).map(Config::name)
            .collect(Collectors.joining(" or ")) + ", got '" + value.get() + "'"));
  }

  /** A log4j level name, in any case. */
  Level level(String key, Level dflt) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return dflt;
    }
    return LEVELS.stream()
        .filter(level -> level.name().equalsIgnoreCase(value.get()))
        .findFirst()
        .orElseThrow(() -> error(key, "expected one of " + LEVELS.stream()
            .map(level -> level.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "))
            + ", got '" + value.get() + "'"));
  }

  /** {@code host:port} with a port from 1 to 65535; an IPv6 address in brackets. */
  HostPort hostPort(String key, HostPort dflt) {
    return raw(key).map(text -> parseHostPort(key, text)).orElse(dflt);
  }

  /** As {@link #hostPort}, but an empty value (the default) means none. */
  Optional<HostPort> optionalHostPort(String key) {
    return raw(key).filter(text -> !text.isEmpty()).map(text -> parseHostPort(key, text));
  }

  /** A folder: absolute, or relative to the file's folder; normalized. */
  Path path(String key, Path dflt) {
    Optional<String> value = raw(key);
    if (value.isEmpty()) {
      return dflt;
    }
    if (value.get().isEmpty()) {
      throw error(key, "expected a folder path, got nothing");
    }
    try {
      return file.dir().resolve(value.get()).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw error(key, "expected a folder path, got '" + value.get() + "': " + e.getReason());
    }
  }

  /** A comma-separated list; blanks around items and empty items are dropped. */
  List<String> list(String key, List<String> dflt) {
    return raw(key)
        .map(text -> Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList())
        .orElse(dflt);
  }

  /** A comma-separated list of file-name globs, each one valid. */
  List<String> globs(String key, List<String> dflt) {
    List<String> globs = list(key, dflt);
    for (String glob : globs) {
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + glob);
      } catch (PatternSyntaxException e) {
        throw error(key, "expected comma-separated file-name globs, got '" + glob + "': " + e.getDescription());
      }
    }
    return globs;
  }

  /** A comma-separated list of mail addresses. */
  List<String> emails(String key, List<String> dflt) {
    List<String> emails = list(key, dflt);
    emails.forEach(address -> checkAddress(key, address));
    return emails;
  }

  /** One mail address such as {@code name@host}. */
  String mailAddress(String key, String dflt) {
    return checkAddress(key, string(key, dflt));
  }

  /** An error about {@code key} in this section, at its line. */
  ConfigException error(String key, String problem) {
    return file.error(name, key, problem);
  }

  /** Fails on the first key of this section (in file order) that no one asked for. */
  void rejectUnknownKeys() {
    if (section == null) {
      return;
    }
    section.keySet().stream()
        .filter(key -> !known.contains(key))
        .min((a, b) -> Integer.compare(firstLine(a), firstLine(b)))
        .ifPresent(key -> {
          String hint = known.stream().filter(k -> k.equalsIgnoreCase(key)).findFirst()
              .map(k -> " (keys are case-sensitive: did you mean " + k + "?)")
              .orElse("; expected one of " + String.join(", ", known));
          throw error(key, "unknown key" + hint);
        });
  }

  private String checkAddress(String key, String address) {
    int at = address.indexOf('@');
    if (at < 1 || at == address.length() - 1 || address.chars().anyMatch(Character::isWhitespace)) {
      throw error(key, "expected a mail address such as name@example.com, got '" + address + "'");
    }
    return address;
  }

  private HostPort parseHostPort(String key, String text) {
    Matcher m = HOST_PORT.matcher(text);
    if (m.matches()) {
      int port = Integer.parseInt(m.group(3));
      if (port >= 1 && port <= 65535) {
        return new HostPort(m.group(1) != null ? m.group(1) : m.group(2), port);
      }
    }
    throw error(key, "expected host:port with a port from 1 to 65535, got '" + text + "'");
  }

  /** The value, if the key is in the file; fails if it is given more than once. */
  private Optional<String> raw(String key) {
    known.add(key);
    if (section == null || !section.containsKey(key)) {
      return Optional.empty();
    }
    List<Integer> lines = file.linesOf(name, key);
    if (section.length(key) > 1 || lines.size() > 1) {
      int line = lines.size() > 1 ? lines.get(1) : 0;
      throw file.error(name, key, line, "given more than once"
          + (lines.isEmpty() ? "" : " (first on line " + lines.get(0) + ")"));
    }
    String value = section.get(key);
    return Optional.of(value == null ? "" : value.strip());
  }

  private int firstLine(String key) {
    List<Integer> lines = file.linesOf(name, key);
    return lines.isEmpty() ? Integer.MAX_VALUE : lines.get(0);
  }
}
