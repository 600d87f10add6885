package io.revkeep.config;

import static io.revkeep.config.ConfigLoaderTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigValidationTest {
  @TempDir Path work;

  @Test
  void unknown_section_names_file_and_line() throws IOException {
    ConfigException e = refused("""
        [paths]
        shared = s

        [listner]
        port = 1
        """);

    assertThat(e).hasMessage(file() + ":4: unknown section [listner]; expected one of [paths], [revisions],"
        + " [listener], [backup], [store], [web], [logs], [alarms], [tls]");
    assertThat(e.line()).hasValue(4);
    assertThat(e.section()).contains("listner");
    assertThat(e.key()).isEmpty();
  }

  @Test
  void unknown_key_names_file_line_and_key() throws IOException {
    ConfigException e = refused("""
        [revisions]
        count = 2
        [listener]
        port = 9000
        prot = 9001
        """);

    assertThat(e).hasMessage(file() + ":5: [listener] prot: unknown key; expected one of bind, port,"
        + " settle_ms, ignore, token");
    assertThat(e.file()).contains(file());
    assertThat(e.line()).hasValue(5);
    assertThat(e.section()).contains("listener");
    assertThat(e.key()).contains("prot");
  }

  @Test
  void keys_are_case_sensitive_and_the_message_suggests_the_right_spelling() throws IOException {
    ConfigException e = refused("[logs]\nrotatelength = 60\n");

    assertThat(e).hasMessage(file() + ":2: [logs] rotatelength: unknown key (keys are case-sensitive:"
        + " did you mean rotateLength?)");
  }

  @Test
  void a_key_given_twice_is_refused_at_its_second_line() throws IOException {
    ConfigException e = refused("[web]\nport = 1\nbind = x\nport = 2\n");

    assertThat(e).hasMessage(file() + ":4: [web] port: given more than once (first on line 2)");
  }

  @Test
  void a_section_given_twice_is_refused_at_its_second_header() throws IOException {
    ConfigException e = refused("[web]\nport = 1\n[logs]\n[web]\nbind = x\n");

    assertThat(e).hasMessage(file() + ":4: section [web] given more than once (first on line 1)");
  }

  @Test
  void bad_number_names_the_range_and_what_was_found() throws IOException {
    ConfigException e = refused("[paths]\n\n[listener]\nbind = 127.0.0.1\n\n\nport = abc\n");

    assertThat(e).hasMessage(file() + ":7: [listener] port: expected a whole number from 0 to 65535, got 'abc'");
  }

  @Test
  void a_port_out_of_range_is_refused() throws IOException {
    assertThat(refused("[web]\nport = 65536\n"))
        .hasMessage(file() + ":2: [web] port: expected a whole number from 0 to 65535, got '65536'");
  }

  @Test
  void a_negative_count_is_refused() throws IOException {
    assertThat(refused("[revisions]\ncount = -1\n"))
        .hasMessage(file() + ":2: [revisions] count: expected a whole number of at least 0, got '-1'");
  }

  @Test
  void a_revision_suffix_with_a_slash_or_a_leading_digit_is_refused() throws IOException {
    assertThat(refused("[revisions]\nrevisionsuffix = 2rev\n"))
        .hasMessage(file() + ":2: [revisions] revisionsuffix: expected a file-name suffix such as"
            + " .rev, without / or \\, not starting with a digit, at most 32 bytes, got '2rev'");
    assertThat(refused("[revisions]\nrevisionsuffix = .r/v\n"))
        .hasMessageContaining("without / or \\");
    assertThat(refused("[revisions]\nrevisionsuffix = ." + "r".repeat(32) + "\n"))
        .hasMessageContaining("at most 32 bytes");
  }

  @Test
  void an_unknown_retention_policy_is_refused() throws IOException {
    assertThat(refused("[revisions]\npolicy = simple\n"))
        .hasMessage(file() + ":2: [revisions] policy: expected count or staggered, got 'simple'");
  }

  @Test
  void a_bad_quota_or_max_age_is_refused() throws IOException {
    assertThat(refused("[revisions]\nquota = lots\n"))
        .hasMessage(file() + ":2: [revisions] quota: expected 0 (off) or a size: a whole number of"
            + " bytes, or with K, M, G or T (base 1024) such as 512M or 10G, got 'lots'");
    assertThat(refused("[revisions]\n\nmax_age = 1d\n"))
        .hasMessage(file() + ":3: [revisions] max_age: expected a whole number of at least 0, got '1d'");
  }

  @Test
  void a_bad_scrub_period_or_rate_is_refused() throws IOException {
    assertThat(refused("[backup]\nscrub_every = weekly\n"))
        .hasMessage(file() + ":2: [backup] scrub_every: expected a whole number of at least 0, got"
            + " 'weekly'");
    assertThat(refused("[backup]\nscrub_every = 3600\nscrub_rate = 0\n"))
        .hasMessage(file() + ":3: [backup] scrub_rate: expected a size of at least 1 byte: a whole"
            + " number of bytes, or with K, M, G or T (base 1024) such as 512K or 4G, got '0'");
  }

  @Test
  void bad_boolean_is_refused() throws IOException {
    assertThat(refused("[revisions]\nlockfiles = maybe\n"))
        .hasMessage(file() + ":2: [revisions] lockfiles: expected true or false, got 'maybe'");
  }

  @Test
  void bad_size_is_refused() throws IOException {
    assertThat(refused("[web]\nmax_upload = 4X\n"))
        .hasMessage(file() + ":2: [web] max_upload: expected a size of at least 1 byte: a whole number of"
            + " bytes, or with K, M, G or T (base 1024) such as 512K or 4G, got '4X'");
  }

  @Test
  void a_connection_limit_or_header_timeout_out_of_range_is_refused() throws IOException {
    assertThat(refused("[web]\nmax_connections = 3\n"))
        .hasMessage(file() + ":2: [web] max_connections: expected a whole number from 16 to 100000,"
            + " got '3'");
    assertThat(refused("[web]\nheader_timeout = 0\n"))
        .hasMessage(file() + ":2: [web] header_timeout: expected a whole number from 1 to 600,"
            + " got '0'");
    assertThat(refused("[web]\n\nheader_timeout = 10s\n"))
        .hasMessage(file() + ":3: [web] header_timeout: expected a whole number from 1 to 600,"
            + " got '10s'");
  }

  @Test
  void bad_enum_value_lists_the_choices() throws IOException {
    assertThat(refused("[backup]\nsource = tape\n"))
        .hasMessage(file() + ":2: [backup] source: expected vault or feed, got 'tape'");
    assertThat(refused("[store]\ntype = mysql\n"))
        .hasMessage(file() + ":2: [store] type: expected sqlite or couchbase, got 'mysql'");
    assertThat(refused("[store]\ndurability = all\n"))
        .hasMessage(file() + ":2: [store] durability: expected none or majority or"
            + " majority_and_persist_to_active or persist_to_majority, got 'all'");
  }

  @Test
  void bad_log_level_lists_the_levels() throws IOException {
    assertThat(refused("[logs]\nlevel = loud\n"))
        .hasMessage(file() + ":2: [logs] level: expected one of off, fatal, error, warn, info, debug, trace,"
            + " all, got 'loud'");
  }

  @Test
  void bad_host_port_is_refused() throws IOException {
    assertThat(refused("[backup]\nlistener = localhost\n"))
        .hasMessage(file() + ":2: [backup] listener: expected host:port with a port from 1 to 65535,"
            + " got 'localhost'");
    assertThat(refused("[alarms]\nsmtp = mail:0\n"))
        .hasMessage(file() + ":2: [alarms] smtp: expected host:port with a port from 1 to 65535, got 'mail:0'");
  }

  @Test
  void a_bad_mail_address_is_refused() throws IOException {
    assertThat(refused("[alarms]\nemails = ops@example.com, nobody\n"))
        .hasMessage(file() + ":2: [alarms] emails: expected a mail address such as name@example.com,"
            + " got 'nobody'");
  }

  @Test
  void alarm_thresholds_out_of_range_are_refused() throws IOException {
    assertThat(refused("[alarms]\ndisk_free_percent = 100\n"))
        .hasMessage(file() + ":2: [alarms] disk_free_percent: expected a whole number from 1 to 99,"
            + " got '100'");
    assertThat(refused("[alarms]\nbackup_behind_events = 0\n"))
        .hasMessage(file() + ":2: [alarms] backup_behind_events: expected a whole number of at least 1,"
            + " got '0'");
    assertThat(refused("[alarms]\nbackup_behind_seconds = soon\n"))
        .hasMessageStartingWith(file() + ":2: [alarms] backup_behind_seconds: expected a whole number");
  }

  @Test
  void couchbase_without_a_connection_is_refused() throws IOException {
    assertThat(refused("[store]\ntype = couchbase\n"))
        .hasMessage(file() + ":2: [store] connection: required when type = couchbase, e.g. couchbase://db1,db2");
  }

  @Test
  void a_syntax_error_names_the_line() throws IOException {
    assertThat(refused("[paths]\nshared = s\njust some words\n"))
        .hasMessage(file() + ":3: cannot parse 'just some words': expected [section], key = value,"
            + " or a ; comment")
        .satisfies(e -> assertThat(e.line()).hasValue(3));
  }

  @Test
  void a_key_before_any_section_is_a_syntax_error() throws IOException {
    assertThat(refused("count = 2\n[revisions]\n"))
        .hasMessage(file() + ":1: cannot parse 'count = 2': expected [section], key = value, or a ; comment");
  }

  @Test
  void backup_inside_shared_is_refused_and_the_message_says_why() throws IOException {
    ConfigException e = refused("[paths]\nshared = /S\nbackup = /S/backup\n".replace("/S", work + "/s"));

    assertThat(e).hasMessage(file() + ":3: [paths] backup: the backup folder " + work + "/s/backup is inside"
        + " the shared folder " + work + "/s: the listener would record every backup copy as a new version,"
        + " forever; use a folder outside it");
    assertThat(work.resolve("s")).doesNotExist();
  }

  @Test
  void backup_equal_to_shared_is_refused() throws IOException {
    assertThat(refused("[paths]\nshared = same\nbackup = ./same/\n").getMessage())
        .startsWith(file() + ":3: [paths] backup: the backup folder is the shared folder (" + work + "/same)");
  }

  @Test
  void shared_inside_backup_is_refused() throws IOException {
    assertThat(refused("[paths]\nshared = b/shared\nbackup = b\n").getMessage())
        .startsWith(file() + ":3: [paths] backup: the shared folder " + work + "/b/shared is inside the backup"
            + " folder " + work + "/b: ");
  }

  @Test
  void backup_inside_shared_through_a_symbolic_link_is_refused() throws IOException {
    Path shared = Files.createDirectories(work.resolve("shared"));
    Files.createSymbolicLink(work.resolve("link"), shared);

    assertThat(refused("[paths]\nshared = shared\nbackup = link/backup\n").getMessage())
        .startsWith(file() + ":3: [paths] backup: the backup folder " + shared + "/backup is inside the shared"
            + " folder " + shared);
  }

  @Test
  void logs_inside_shared_is_refused() throws IOException {
    assertThat(refused("[paths]\nshared = s\n[logs]\ndir = s/logs\n").getMessage())
        .startsWith(file() + ":4: [logs] dir: the logs folder " + work + "/s/logs is inside the shared folder");
  }

  @Test
  void a_folder_that_cannot_be_created_names_the_key() throws IOException {
    Files.writeString(work.resolve("plain-file"), "x");

    ConfigException e = refused("[paths]\ndata = plain-file/data\n");

    assertThat(e.getMessage()).startsWith(file() + ":2: [paths] data: cannot create the data folder "
        + work + "/plain-file/data: not a directory");
    assertThat(e.key()).contains("data");
  }

  @Test
  void a_default_folder_that_cannot_be_created_names_the_key_without_a_line() throws IOException {
    Files.writeString(work.resolve("revkeep-data"), "x");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(null, Map.of(), work));

    assertThat(e.getMessage()).startsWith("built-in defaults: [paths] shared: cannot create the shared folder ");
    assertThat(e.file()).isEmpty();
    assertThat(e.line()).isEmpty();
  }

  private ConfigException refused(String ini) throws IOException {
    write(file(), ini);
    return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file(), Map.of(), work));
  }

  private Path file() {
    return work.resolve("revkeep.ini");
  }
}
