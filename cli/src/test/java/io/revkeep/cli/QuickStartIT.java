package io.revkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What keeps a short command short, seen from outside the executable (bench row 20 measures
 * it): SQLite's native library is loaded where the package phase unpacked it, not copied into
 * the temporary folder, and a short command logs through log4j-api's SimpleLogger
 * (QuickLogging) without a word, never starting log4j-core.
 */
class QuickStartIT {
  @TempDir Path dir;
  @TempDir Path tmp;

  @Test
  void a_short_command_copies_no_native_library_and_says_nothing_of_logging() throws Exception {
    Path config = setUp();

    Path err = dir.resolve("err.txt");
    assertThat(log(config, tmp, err)).as(Files.readString(err)).isZero();
    assertThat(Files.readString(err, StandardCharsets.UTF_8)).isEmpty();

    // sqlite-jdbc copying its library out of the jar would fail where the temporary folder is a
    // file (it only lists the folder for stale copies, and says so)
    Path notAFolder = Files.writeString(tmp.resolve("a-file"), "");
    assertThat(log(config, notAFolder, err)).as(Files.readString(err)).isZero();
  }

  @Test
  void a_short_command_logs_through_log4j_apis_simple_logger_never_starting_log4j_core()
      throws Exception {
    Path config = setUp();

    Path classes = dir.resolve("classes.txt");
    Path err = dir.resolve("err.txt");
    assertThat(log(config, tmp, err, "-Xlog:class+load=info:file=" + classes))
        .as(Files.readString(err)).isZero();
    String loaded = Files.readString(classes);
    assertThat(loaded).contains("org.apache.logging.log4j.simple.SimpleLoggerContext ")
        .doesNotContain("org.apache.logging.log4j.core.LoggerContext ");
  }

  /** A configuration, and a data folder with a store to read, made by a command that sets them up. */
  private Path setUp() throws Exception {
    Path config = Revkeep.config(dir, 50);
    Path password = Files.writeString(dir.resolve("password"), "a-long-password\n");
    Process add = new ProcessBuilder(Revkeep.command("user", "add", "ann", "--password-stdin",
        "--config", config.toString())).directory(dir.toFile())
        .redirectInput(password.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(add.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(add.exitValue()).isZero();
    return config;
  }

  private int log(Path config, Path tmpdir, Path err, String... jvmOptions) throws Exception {
    List<String> command = Revkeep.command("log", "--config", config.toString());
    command.add(1, "-Djava.io.tmpdir=" + tmpdir);
    command.addAll(1, List.of(jvmOptions));
    Process log = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
    assertThat(log.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return log.exitValue();
  }
}
