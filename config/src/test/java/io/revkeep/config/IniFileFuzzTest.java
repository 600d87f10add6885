package io.revkeep.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzzes the INI reader with arbitrary file contents: it parses, or refuses with a
 * {@link ConfigException} whose one-line message starts with the file (and its line when one
 * applies); never another exception. Seeds: IniFileFuzzTestInputs/ in the test resources; in
 * the normal build they run as a regression test, with JAZZER_FUZZ=1 this fuzzes (.ci/fuzz).
 */
class IniFileFuzzTest {
  private static final Path FILE;

  static {
    try {
      Path dir = Files.createTempDirectory("revkeep-ini-fuzz");
      dir.toFile().deleteOnExit();
      FILE = dir.resolve("revkeep.ini");
      FILE.toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "5s")
  void the_ini_reader_parses_or_names_file_and_line(byte[] content) throws IOException {
    Files.write(FILE, content);
    try {
      IniFile ini = IniFile.read(FILE);
      for (String section : ini.sections()) {
        assertThat(ini.section(section)).isNotNull();
        ini.lineOf(section);
      }
    } catch (ConfigException e) {
      String where = e.line().isPresent() ? FILE + ":" + e.line().getAsInt() + ": " : FILE + ": ";
      assertThat(e.getMessage()).startsWith(where).doesNotContain("\n")
          .doesNotContain("Exception");
    }
  }
}
