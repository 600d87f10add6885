package io.revkeep.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.config.Config.BackupSource;
import io.revkeep.config.Config.HostPort;
import io.revkeep.config.Config.StoreType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path work;

  private static final String FULL = """
      [paths]
      shared = shared-here
      backup = /BASE/bk
      data = ../elsewhere/data

      [revisions]
      count = 0
      revisionsuffix = .v
      lockfiles = TRUE

      [listener]
      bind = 0.0.0.0
      port = 0
      settle_ms = 1000
      ignore = *.tmp,  ~$*,,
      token = s3cret-feed-token

      [backup]
      source = feed
      listener = files.example.com:9100

      [store]
      type = couchbase
      connection = couchbase://db1,db2
      bucket = revs
      username = rk
      password = pw
      scope = sc
      collection = col
      timeout_ms = 2500
      durability = majority

      [web]
      bind = ::
      port = 8443
      max_upload = 512K
      max_connections = 200
      header_timeout = 5

      [logs]
      dir = logs
      rotateLength = 3600
      max_size = 1g
      level = DEBUG

      [alarms]
      emails = a@example.com, b@example.com
      smtp = [::1]:25
      from = rk@example.com
      min_interval = 60
      backup_behind_events = 50
      backup_behind_seconds = 30
      disk_free_percent = 10
      """;

  @Test
  void no_file_means_the_built_in_defaults_under_the_working_directory() {
    Config config = ConfigLoader.load(null, Map.of(), work);

    Path root = work.resolve("revkeep-data");
    assertThat(config).isEqualTo(Config.defaults(work));
    assertThat(config.source()).isEqualTo("built-in defaults");
    assertThat(config.paths()).isEqualTo(new Config.Paths(root.resolve("shared"), root.resolve("backup"),
        root.resolve("data")));
    assertThat(config.revisions()).isEqualTo(new Config.Revisions(2, ".rev", false));
    assertThat(config.listener()).isEqualTo(new Config.Listener("127.0.0.1", 9000, Duration.ofMillis(250),
        EditorFiles.IGNORE, ""));
    assertThat(config.backup()).isEqualTo(new Config.Backup(BackupSource.VAULT, new HostPort("127.0.0.1", 9000)));
    assertThat(config.store()).isEqualTo(new Config.Store(StoreType.SQLITE, "", "file_manager", "", "",
        "_default", "_default", Duration.ofSeconds(10)));
    assertThat(config.web()).isEqualTo(new Config.Web("127.0.0.1", 8080, 4L * 1024 * 1024 * 1024,
        4000, Duration.ofSeconds(10)));
    assertThat(config.logs()).isEqualTo(new Config.Logs(root.resolve("logs"), Duration.ofDays(1),
        100L * 1024 * 1024, Level.INFO));
    assertThat(config.alarms()).isEqualTo(new Config.Alarms(List.of(), Optional.empty(), "revkeep@localhost",
        Duration.ofHours(1)));
    assertThat(config.alarms().enabled()).isFalse();
    assertThat(root.resolve("shared")).isDirectory();
    assertThat(root.resolve("backup")).isDirectory();
    assertThat(root.resolve("data")).isDirectory();
    assertThat(root.resolve("logs")).isDirectory();
  }

  @Test
  void retention_keys_are_read_and_default_to_count_without_age_or_quota() throws IOException {
    Path file = write(work.resolve("r.ini"),
        "[revisions]\ncount = 3\npolicy = Staggered\nmax_age = 86400\nquota = 10G\n");

    Config config = ConfigLoader.load(file, Map.of(), work);

    assertThat(config.revisions()).isEqualTo(new Config.Revisions(3, ".rev", false,
        Config.RetentionKind.STAGGERED, Duration.ofDays(1), 10L << 30));
    assertThat(config.revisions().keepsAll()).isFalse();
    assertThat(Config.defaults(work).revisions()).isEqualTo(new Config.Revisions(2, ".rev", false,
        Config.RetentionKind.COUNT, Duration.ZERO, 0));
    assertThat(ConfigLoader.load(write(work.resolve("z.ini"), "[revisions]\nquota = 0\n"), Map.of(),
        work).revisions().quota()).isZero();
  }

  @Test
  void the_scrub_is_off_by_default_and_read_from_backup() throws IOException {
    assertThat(ConfigLoader.load(null, Map.of(), work).backup().scrubEvery()).isZero();
    Path file = write(work.resolve("scrub.ini"), "[backup]\nscrub_every = 604800\n"
        + "scrub_rate = 2M\n");
    Config.Backup backup = ConfigLoader.load(file, Map.of(), work).backup();
    assertThat(backup.scrubEvery()).isEqualTo(Duration.ofDays(7));
    assertThat(backup.scrubRate()).isEqualTo(2L << 20);
  }

  @Test
  void every_key_is_read_from_a_full_file_and_relative_paths_follow_the_file() throws IOException {
    Path etc = Files.createDirectories(work.resolve("etc"));
    Path file = write(etc.resolve("revkeep.ini"), FULL.replace("/BASE", work.toString()));

    Config config = ConfigLoader.load(file, Map.of(), work.resolve("elsewhere-cwd"));

    assertThat(config.source()).isEqualTo(file.toString());
    assertThat(config.paths()).isEqualTo(new Config.Paths(etc.resolve("shared-here"), work.resolve("bk"),
        work.resolve("elsewhere/data")));
    assertThat(config.revisions()).isEqualTo(new Config.Revisions(0, ".v", true));
    assertThat(config.revisions().keepsAll()).isTrue();
    assertThat(config.listener()).isEqualTo(new Config.Listener("0.0.0.0", 0, Duration.ofSeconds(1),
        List.of("*.tmp", "~$*"), "s3cret-feed-token"));
    assertThat(config.backup()).isEqualTo(new Config.Backup(BackupSource.FEED,
        new HostPort("files.example.com", 9100)));
    assertThat(config.store()).isEqualTo(new Config.Store(StoreType.COUCHBASE, "couchbase://db1,db2", "revs",
        "rk", "pw", "sc", "col", Duration.ofMillis(2500), Config.Durability.MAJORITY));
    assertThat(config.web()).isEqualTo(new Config.Web("::", 8443, 512 * 1024, 200,
        Duration.ofSeconds(5)));
    assertThat(config.logs()).isEqualTo(new Config.Logs(etc.resolve("logs"), Duration.ofHours(1),
        1024L * 1024 * 1024, Level.DEBUG));
    assertThat(config.alarms()).isEqualTo(new Config.Alarms(List.of("a@example.com", "b@example.com"),
        Optional.of(new HostPort("::1", 25)), "rk@example.com", Duration.ofMinutes(1), 50,
        Duration.ofSeconds(30), 10));
    assertThat(config.alarms().enabled()).isTrue();
    assertThat(etc.resolve("shared-here")).isDirectory();
    assertThat(etc.resolve("logs")).isDirectory();
  }

  @Test
  void inline_comments_after_values_and_headers_are_not_part_of_the_value() throws IOException {
    Path file = write(work.resolve("revkeep.ini"), """
        ; a full-line comment
        # another
        [revisions]   ; the retention section
        count = 5                         ; versions kept per file; 0 keeps all
        revisionsuffix = .rev#1           # a # without a space before it stays
        [listener]
        token =                           ; feed secret; empty: generated
        ignore = *.swp, *~                ; editors
        """);

    Config config = ConfigLoader.load(file, Map.of(), work);

    assertThat(config.revisions().count()).isEqualTo(5);
    assertThat(config.revisions().revisionSuffix()).isEqualTo(".rev#1");
    assertThat(config.listener().token()).isEmpty();
    assertThat(config.listener().ignore()).containsExactly("*.swp", "*~");
  }

  @Test
  void backslashes_are_read_as_written() throws IOException {
    Path file = write(work.resolve("revkeep.ini"), """
        [store]
        password = a\\tb\\
        username = next
        """);

    Config config = ConfigLoader.load(file, Map.of(), work);

    assertThat(config.store().password()).isEqualTo("a\\tb\\");
    assertThat(config.store().username()).isEqualTo("next");
  }

  @Test
  void an_explicit_file_wins_over_the_environment_and_the_working_directory() throws IOException {
    Path explicit = write(work.resolve("explicit.ini"), "[revisions]\ncount = 1\n");
    Path fromEnv = write(work.resolve("env.ini"), "[revisions]\ncount = 2\n");
    write(work.resolve("revkeep.ini"), "[revisions]\ncount = 3\n");

    Config config = ConfigLoader.load(Path.of("explicit.ini"), Map.of("REVKEEP_CONFIG", fromEnv.toString()), work);

    assertThat(config.revisions().count()).isEqualTo(1);
    assertThat(config.source()).isEqualTo(explicit.toString());
  }

  @Test
  void the_environment_wins_over_the_working_directory() throws IOException {
    Path fromEnv = write(work.resolve("env.ini"), "[revisions]\ncount = 2\n");
    write(work.resolve("revkeep.ini"), "[revisions]\ncount = 3\n");

    Config config = ConfigLoader.load(null, Map.of("REVKEEP_CONFIG", "env.ini"), work);

    assertThat(config.revisions().count()).isEqualTo(2);
    assertThat(config.source()).isEqualTo(fromEnv.toString());
  }

  @Test
  void revkeep_ini_in_the_working_directory_wins_over_the_defaults() throws IOException {
    Path local = write(work.resolve("revkeep.ini"), "[revisions]\ncount = 3\n");

    Config config = ConfigLoader.load(null, Map.of("REVKEEP_CONFIG", "  "), work);

    assertThat(config.revisions().count()).isEqualTo(3);
    assertThat(config.source()).isEqualTo(local.toString());
  }

  @Test
  void an_explicit_file_that_does_not_exist_is_an_error_naming_it() {
    Path missing = work.resolve("nope.ini");

    assertThatThrownBy(() -> ConfigLoader.load(missing, Map.of(), work))
        .isInstanceOf(ConfigException.class)
        .hasMessage(missing + ": configuration file given with --config does not exist")
        .satisfies(e -> assertThat(((ConfigException) e).file()).contains(missing));
  }

  @Test
  void a_file_named_by_the_environment_that_does_not_exist_is_an_error_even_with_revkeep_ini_present()
      throws IOException {
    write(work.resolve("revkeep.ini"), "");

    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("REVKEEP_CONFIG", "/no/such.ini"), work))
        .isInstanceOf(ConfigException.class)
        .hasMessage("/no/such.ini: configuration file named by $REVKEEP_CONFIG does not exist");
  }

  @Test
  void to_ini_loads_back_to_an_equal_config() throws IOException {
    Path etc = Files.createDirectories(work.resolve("etc"));
    Config original = ConfigLoader.load(write(etc.resolve("a.ini"), FULL.replace("/BASE", work.toString())),
        Map.of(), work);
    Path copy = write(work.resolve("copy.ini"), original.toIni());

    Config reloaded = ConfigLoader.load(copy, Map.of(), work.resolve("other"));

    assertThat(reloaded).usingRecursiveComparison().ignoringFields("source").isEqualTo(original);
    assertThat(reloaded.source()).isEqualTo(copy.toString());
  }

  @Test
  void to_ini_of_the_defaults_loads_back_to_the_defaults() throws IOException {
    Config defaults = ConfigLoader.load(null, Map.of(), work);
    Path copy = write(work.resolve("copy.ini"), defaults.toIni());

    Config reloaded = ConfigLoader.load(copy, Map.of(), work.resolve("other"));

    assertThat(reloaded).usingRecursiveComparison().ignoringFields("source").isEqualTo(defaults);
    assertThat(defaults.toIni()).contains("[paths]\nshared = " + work.resolve("revkeep-data/shared"),
        "max_upload = 4G", "max_connections = 4000", "header_timeout = 10", "max_size = 100M", "level = info", "token =\n");
  }

  @Test
  void to_ini_can_hide_secrets() throws IOException {
    Path etc = Files.createDirectories(work.resolve("etc"));
    Config config = ConfigLoader.load(write(etc.resolve("a.ini"), FULL.replace("/BASE", work.toString())),
        Map.of(), work);

    assertThat(config.toIni(true)).contains("token = (set)", "password = (set)").doesNotContain("s3cret");
  }

  static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text);
  }
}
