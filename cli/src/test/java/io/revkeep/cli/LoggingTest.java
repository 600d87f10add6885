package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.revkeep.config.Config;
import io.revkeep.config.ConfigLoader;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LoggingTest {
  @TempDir Path work;

  @AfterEach
  void back_to_the_console() {
    Logging.configureConsoleOnly(Level.WARN);
  }

  @Test
  void a_process_logs_to_its_own_file_in_the_logs_folder() throws IOException {
    Config config = load("[logs]\ndir = logs\n");

    Logging.configure(config, "listener");
    LogManager.getLogger("io.revkeep.test").info("hello from log4j");

    Path file = work.resolve("logs/listener.log");
    assertThat(Logging.logFile(config.logs(), "listener")).isEqualTo(file);
    assertThat(Files.readString(file)).contains("INFO", "hello from log4j");
  }

  @Test
  void slf4j_loggers_write_to_the_same_file() throws IOException {
    Logging.configure(load("[logs]\ndir = logs\n"), "web");

    LoggerFactory.getLogger("some.library").warn("hello from slf4j {}", 42);

    assertThat(Files.readString(work.resolve("logs/web.log"))).contains("WARN", "hello from slf4j 42");
  }

  @Test
  void an_exception_quoting_a_hostile_name_cannot_forge_a_line_or_reach_the_terminal()
      throws IOException {
    Logging.configure(load("[logs]\ndir = logs\n"), "web");
    Exception e = new java.io.IOException("/srv/shared/evil\n2026-01-01 00:00:00.000 ERROR forged"
        + "\u001b[2J.txt", new java.nio.file.NoSuchFileException("/srv/shared/b\r\nc\u0007"));

    LogManager.getLogger("io.revkeep.test").warn("internal error {}", "id-1", e);

    String log = Files.readString(work.resolve("logs/web.log"));
    assertThat(log).contains("java.io.IOException: /srv/shared/evil\\n2026-01-01 00:00:00.000"
        + " ERROR forged?[2J.txt", "Caused by: java.nio.file.NoSuchFileException: /srv/shared/b"
        + "\\nc?", "\tat io.revkeep.cli.LoggingTest.");
    assertThat(log.chars()).noneMatch(c -> (c < 0x20 && c != '\n' && c != '\t') || c == 0x7f);
    assertThat(log.lines()).allMatch(line -> line.startsWith("20") || line.startsWith("\t")
        || line.startsWith("java.io.IOException: ") || line.startsWith("Caused by: "));
    assertThat(log.lines()).noneMatch(line -> line.startsWith("2026-01-01 00:00:00.000"));
  }

  @Test
  void lines_below_the_configured_level_are_dropped() throws IOException {
    Logging.configure(load("[logs]\ndir = logs\nlevel = warn\n"), "backup");

    LogManager.getLogger("io.revkeep.test").info("not wanted");
    LogManager.getLogger("io.revkeep.test").error("wanted");

    assertThat(Files.readString(work.resolve("logs/backup.log"))).contains("wanted").doesNotContain("not wanted");
  }

  @Test
  void a_rotate_length_of_one_second_rolls_the_file_into_a_gzip_archive() throws IOException {
    Logging.configure(load("[logs]\ndir = logs\nrotateLength = 1\n"), "listener");
    var logger = LogManager.getLogger("io.revkeep.test");
    var lines = new AtomicInteger();

    await().atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100)).until(() -> {
      logger.info("line {}", lines.incrementAndGet());
      return archives(work.resolve("logs"), "listener").size() > 0;
    });

    Path archive = archives(work.resolve("logs"), "listener").get(0);
    assertThat(archive.getFileName().toString())
        .matches("listener-\\d{4}-\\d\\d-\\d\\d-\\d\\d-\\d\\d-\\d\\d-1\\.log\\.gz");
    // the archive's name shows while log4j still compresses into it: read it once it is whole
    String archived = await("the archive written whole").atMost(Duration.ofSeconds(6))
        .ignoreException(EOFException.class).until(() -> gunzip(archive), text -> true);
    assertThat(archived).contains("INFO", "line 1");
  }

  private static String gunzip(Path archive) throws IOException {
    try (var in = new GZIPInputStream(Files.newInputStream(archive))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void configuring_again_stops_the_previous_appenders_and_closes_their_files() throws IOException {
    Logging.configure(load("[logs]\ndir = first\n"), "listener");
    LogManager.getLogger("io.revkeep.test").info("to the first file");
    Configuration first = ((LoggerContext) LogManager.getContext(false)).getConfiguration();

    Logging.configure(load("[logs]\ndir = second\n"), "listener");
    LogManager.getLogger("io.revkeep.test").info("to the second file");

    assertThat(first.getAppenders().values()).allMatch(Appender::isStopped);
    assertThat(openFilesUnder(work.resolve("first"))).isEmpty();
    assertThat(Files.readString(work.resolve("first/listener.log"))).doesNotContain("to the second file");
    assertThat(Files.readString(work.resolve("second/listener.log"))).contains("to the second file");
  }

  @Test
  void console_only_writes_no_file() throws IOException {
    Config config = load("[logs]\ndir = logs\n");

    Logging.configureConsoleOnly(Level.INFO);
    LogManager.getLogger("io.revkeep.test").info("only on stderr");

    try (Stream<Path> files = Files.list(config.logs().dir())) {
      assertThat(files).isEmpty();
    }
  }

  private Config load(String ini) throws IOException {
    return ConfigLoader.load(Files.writeString(work.resolve("revkeep.ini"), ini), Map.of(), work);
  }

  private static List<Path> archives(Path dir, String process) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().matches(process + "-.*\\.log\\.gz")).toList();
    }
  }

  /** The files under {@code dir} this JVM holds open, as Linux lists them in /proc/self/fd. */
  private static List<Path> openFilesUnder(Path dir) throws IOException {
    Path proc = Path.of("/proc/self/fd");
    assumeTrue(Files.isDirectory(proc), "needs Linux /proc to see open files");
    try (Stream<Path> fds = Files.list(proc)) {
      return fds.flatMap(fd -> {
        try {
          return Stream.of(Files.readSymbolicLink(fd));
        } catch (IOException | UnsupportedOperationException gone) {
          return Stream.empty();
        }
      }).filter(target -> target.startsWith(dir)).toList();
    }
  }
}
