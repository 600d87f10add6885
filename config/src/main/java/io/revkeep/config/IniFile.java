package io.revkeep.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ini4j.Ini;
import org.ini4j.InvalidFileFormatException;
import org.ini4j.Profile;

/**
 * One INI file as ini4j reads it, plus what ini4j does not keep: the line of every section header and
 * key, so that every error can name its line. Also stands for "no file" (built-in defaults).
 *
 * <p>ini4j 0.5.4 keeps inline comments as part of the value ({@code count = 2 ; kept} reads as
 * {@code "2 ; kept"}) and rejects them after a section header, so they are cut from each line
 * before ini4j sees the text; lines keep their numbers. Its backslash escapes, backslash line
 * continuation and {@code [a/b]} section trees are turned off, so {@code C:\dir\} is read as written
 * and every physical line is one logical line.
 */
final class IniFile {
  private static final Pattern PARSE_ERROR_LINE = Pattern.compile("at line: (\\d+)");

  private final Path file;
  private final Path dir;
  private final Ini ini;
  /** Section name → line of its first header. */
  private final Map<String, Integer> sectionLines;
  /** Section name → key → every line that sets it. */
  private final Map<String, Map<String, List<Integer>>> keyLines;

  private IniFile(Path file, Path dir, Ini ini, Map<String, Integer> sectionLines,
      Map<String, Map<String, List<Integer>>> keyLines) {
    this.file = file;
    this.dir = dir;
    this.ini = ini;
    this.sectionLines = sectionLines;
    this.keyLines = keyLines;
  }

  /** No file: every key takes its default; relative paths resolve against {@code workingDir}. */
  static IniFile none(Path workingDir) {
    return new IniFile(null, workingDir, new Ini(), Map.of(), Map.of());
  }

  /** Reads and parses {@code file}, an absolute path; a syntax error names its line. */
  static IniFile read(Path file) {
    String text;
    try {
      byte[] bytes = Files.readAllBytes(file);
      text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(file.toString(), file, 0, null, null, "cannot read: not UTF-8 text");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), file, 0, null, null, "cannot read: " + e);
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<String> lines = text.lines().map(IniFile::withoutComment).toList();
    Ini ini = new Ini();
    org.ini4j.Config options = ini.getConfig().clone();
    options.setEscape(false);
    options.setEscapeNewline(false);
    options.setTree(false);
    options.setMultiOption(true);
    options.setEmptyOption(false);
    options.setGlobalSection(false);
    ini.setConfig(options);
    try {
      ini.load(new StringReader(String.join("\n", lines)));
    } catch (InvalidFileFormatException e) {
      int line = parseErrorLine(e);
      String got = line > 0 && line <= lines.size() ? lines.get(line - 1).strip() : "";
      throw new ConfigException(file.toString(), file, line, null, null,
          "cannot parse '" + got + "': expected [section], key = value, or a ; comment");
    } catch (IOException e) {
      throw new ConfigException(file.toString(), file, 0, null, null, "cannot read: " + e);
    }
    var sectionLines = new HashMap<String, Integer>();
    var keyLines = new HashMap<String, Map<String, List<Integer>>>();
    String section = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[")) {
        section = line.substring(1, Math.max(1, line.lastIndexOf(']'))).strip();
        Integer first = sectionLines.putIfAbsent(section, i + 1);
        if (first != null) {
          throw new ConfigException(file.toString(), file, i + 1, section, null,
              "section [" + section + "] given more than once (first on line " + first + ")");
        }
      } else if (section != null) {
        keyLines.computeIfAbsent(section, s -> new HashMap<>())
            .computeIfAbsent(keyOf(line), k -> new ArrayList<>())
            .add(i + 1);
      }
    }
    return new IniFile(file, file.getParent(), ini, sectionLines, keyLines);
  }

  /** The file's path, or {@link Config#BUILT_IN}. */
  String source() {
    return file == null ? Config.BUILT_IN : file.toString();
  }

  /** The folder relative paths in this file are resolved against. */
  Path dir() {
    return dir;
  }

  /** The names of the sections present, in file order. */
  Set<String> sections() {
    return ini.keySet();
  }

  /** The section, or null if the file has none by that name. */
  Profile.Section section(String name) {
    return ini.get(name);
  }

  /** Every line that sets {@code key} in {@code section}; empty if it is not in the file. */
  List<Integer> linesOf(String section, String key) {
    return keyLines.getOrDefault(section, Map.of()).getOrDefault(key, List.of());
  }

  /** The line of the section's first header, or 0 if it is not in the file. */
  int lineOf(String section) {
    return sectionLines.getOrDefault(section, 0);
  }

  /** An error about a whole section, located at its header. */
  ConfigException sectionError(String section, String problem) {
    return new ConfigException(source(), file, sectionLines.getOrDefault(section, 0), section, null, problem);
  }

  /** An error about one key, located at its (first) line, or at the section if the key is absent. */
  ConfigException error(String section, String key, String problem) {
    List<Integer> lines = linesOf(section, key);
    int line = lines.isEmpty() ? sectionLines.getOrDefault(section, 0) : lines.get(0);
    return new ConfigException(source(), file, line, section, key, problem);
  }

  /** An error about one key at a given line. */
  ConfigException error(String section, String key, int line, String problem) {
    return new ConfigException(source(), file, line, section, key, problem);
  }

  /** The line without an inline comment: a {@code ;} or {@code #} after whitespace, and the rest. */
  static String withoutComment(String line) {
    String trimmed = line.stripLeading();
    if (trimmed.startsWith(";") || trimmed.startsWith("#")) {
      return line;
    }
    for (int i = 1; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c == ';' || c == '#') && Character.isWhitespace(line.charAt(i - 1))) {
        return line.substring(0, i).stripTrailing();
      }
    }
    return line;
  }

  /** The key of an option line, as ini4j splits it: before the first {@code =} or {@code :}. */
  private static String keyOf(String line) {
    int eq = line.indexOf('=');
    int colon = line.indexOf(':');
    int op = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
    return (op < 0 ? line : line.substring(0, op)).strip();
  }

  private static int parseErrorLine(InvalidFileFormatException e) {
    Matcher m = PARSE_ERROR_LINE.matcher(String.valueOf(e.getMessage()));
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }
}
