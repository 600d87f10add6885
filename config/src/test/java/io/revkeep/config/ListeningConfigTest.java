package io.revkeep.config;

import static io.revkeep.config.ConfigLoaderTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15: {@code config check} (and every start) refuses conflicting ports, bind addresses this host
 * cannot listen on and guessable feed tokens, each as one file:line:key line.
 */
class ListeningConfigTest {
  @TempDir Path work;

  @Test
  void web_port_equal_to_feed_port_is_refused_at_the_later_line() throws IOException {
    ConfigException e = refused("[listener]\nport = 8090\n[web]\nport = 8090\n");

    assertThat(e).hasMessage(file() + ":4: [web] port: port 8090 is also [listener] port (line 2): the web"
        + " and the feed cannot listen on the same port; use another (or 0 for any free port)");
    assertThat(e.key()).contains("port");
    assertThat(e.section()).contains("web");
  }

  @Test
  void feed_port_set_to_the_default_web_port_is_refused_at_its_line() throws IOException {
    ConfigException e = refused("[listener]\nbind = 127.0.0.1\nport = 8080\n");

    assertThat(e).hasMessage(file() + ":3: [listener] port: port 8080 is also [web] port (default): the web"
        + " and the feed cannot listen on the same port; use another (or 0 for any free port)");
  }

  @Test
  void both_ports_zero_means_two_free_ports_and_is_accepted() throws IOException {
    assertThat(loaded("[listener]\nport = 0\n[web]\nport = 0\n").web().port()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"300.1.2.3", "127.1", "1.2.3.4.5", "::g", "under_score", "-dash.example", "10.0.0.1:80"})
  void a_bind_address_that_is_neither_an_address_nor_a_name_is_refused(String bind) throws IOException {
    ConfigException e = refused("[web]\nport = 8081\nbind = " + bind + "\n");

    assertThat(e.getMessage()).startsWith(file() + ":3: [web] bind: expected 0.0.0.0, ::, a loopback"
        + " address, or an address or name of one of this host's network interfaces, got '" + bind + "': ");
  }

  @Test
  void a_bind_address_of_another_host_is_refused() throws IOException {
    // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never an address of this machine
    ConfigException e = refused("[listener]\nbind = 192.0.2.7\n");

    assertThat(e).hasMessage(file() + ":2: [listener] bind: expected 0.0.0.0, ::, a loopback address, or an"
        + " address or name of one of this host's network interfaces, got '192.0.2.7': it is not an address"
        + " of this host's network interfaces");
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "127.0.0.2", "0.0.0.0", "::", "::1", "[::1]", "localhost"})
  void wildcard_loopback_and_localhost_stay_valid(String bind) throws IOException {
    Config config = loaded("[listener]\nbind = " + bind + "\n[web]\nbind = " + bind + "\n");

    assertThat(config.listener().bind()).isEqualTo(bind);
    assertThat(config.web().bind()).isEqualTo(bind);
  }

  @Test
  void a_one_character_feed_token_is_refused_without_echoing_it() throws IOException {
    ConfigException e = refused("[listener]\n\ntoken = x\n");

    assertThat(e).hasMessage(file() + ":3: [listener] token: expected a feed token of at least 16 characters"
        + " (or nothing, to have one generated into <data>/feed-token), got 1 character");
  }

  @Test
  void a_fifteen_character_token_is_refused_and_sixteen_accepted() throws IOException {
    assertThat(refused("[listener]\ntoken = 123456789012345\n").getMessage()).endsWith("got 15 characters");
    assertThat(loaded("[listener]\ntoken = 1234567890123456\n").listener().token()).hasSize(16);
  }

  @Test
  void an_empty_token_still_means_generated() throws IOException {
    assertThat(loaded("[listener]\ntoken =\n").listener().token()).isEmpty();
  }

  @Test
  void nothing_is_created_when_the_listening_settings_are_refused() throws IOException {
    refused("[paths]\ndata = fresh-data\n[web]\nbind = 192.0.2.7\n");

    assertThat(work.resolve("fresh-data")).doesNotExist();
  }

  private Config loaded(String ini) throws IOException {
    write(file(), ini);
    return ConfigLoader.load(file(), Map.of(), work);
  }

  private ConfigException refused(String ini) throws IOException {
    write(file(), ini);
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.load(file(), Map.of(), work));
    assertThat(e).as("refused").isNotNull();
    return e;
  }

  private Path file() {
    return work.resolve("revkeep.ini");
  }
}
