package io.revkeep.config;

import static io.revkeep.config.ConfigLoaderTest.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code [tls]}: its files are checked at load time, each problem one file:line:key message. */
class TlsSectionTest {
  @TempDir Path work;

  private Path ini() {
    return work.resolve("revkeep.ini");
  }

  private ConfigException refused(String text) throws IOException {
    write(ini(), text);
    return catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(ini(), Map.of(), work));
  }

  @Test
  void without_the_section_tls_is_off() {
    assertThat(ConfigLoader.load(null, Map.of(), work).tls()).isEqualTo(TlsConfig.NONE);
    assertThat(TlsConfig.NONE.enabled()).isFalse();
  }

  @Test
  void a_certificate_its_key_and_a_ca_relative_to_the_file_are_accepted_and_written_back() throws IOException {
    ThrowawayCa ca = ThrowawayCa.create(work.resolve("pki"), "test ca");
    ca.issue("server", "localhost", "127.0.0.1");
    write(ini(), "[tls]\ncert = pki/server-cert.pem\nkey = pki/server-key.pem\nca = pki/ca.pem\n");

    Config config = ConfigLoader.load(ini(), Map.of(), work);

    assertThat(config.tls()).isEqualTo(new TlsConfig(Optional.of(work.resolve("pki/server-cert.pem")),
        Optional.of(work.resolve("pki/server-key.pem")), Optional.of(work.resolve("pki/ca.pem"))));
    assertThat(config.tls().enabled()).isTrue();
    write(work.resolve("again.ini"), config.toIni());
    assertThat(ConfigLoader.load(work.resolve("again.ini"), Map.of(), work).tls()).isEqualTo(config.tls());
  }

  @Test
  void a_client_only_ca_without_cert_is_accepted() throws IOException {
    ThrowawayCa ca = ThrowawayCa.create(work.resolve("pki"), "test ca");
    write(ini(), "[tls]\nca = " + ca.caFile() + "\n");
    TlsConfig tls = ConfigLoader.load(ini(), Map.of(), work).tls();
    assertThat(tls.enabled()).isFalse();
    assertThat(tls.ca()).contains(ca.caFile());
  }

  @Test
  void cert_without_key_is_refused_at_its_line() throws IOException {
    ThrowawayCa ca = ThrowawayCa.create(work.resolve("pki"), "test ca");
    ThrowawayCa.Issued s = ca.issue("server", "localhost");
    ConfigException e = refused("[web]\nport = 8080\n[tls]\ncert = " + s.cert() + "\n");
    assertThat(e).hasMessage(ini() + ":4: [tls] cert: needs key (the certificate's private key) in the"
        + " same section");
  }

  @Test
  void an_unreadable_file_is_named() throws IOException {
    ConfigException e = refused("[tls]\nca = missing.pem\n");
    assertThat(e).hasMessage(ini() + ":2: [tls] ca: cannot read " + work.resolve("missing.pem")
        + ": no such file");
  }

  @Test
  void a_file_that_is_not_pem_is_refused() throws IOException {
    ThrowawayCa ca = ThrowawayCa.create(work.resolve("pki"), "test ca");
    ThrowawayCa.Issued s = ca.issue("server", "localhost");
    Path garbage = Files.writeString(work.resolve("cert.der"), "not a certificate");
    ConfigException e = refused("[tls]\ncert = " + garbage + "\nkey = " + s.key() + "\n");
    assertThat(e).hasMessage(ini() + ":2: [tls] cert: " + garbage + " is not a PEM certificate file:"
        + " expected one or more -----BEGIN CERTIFICATE----- blocks");
  }

  @Test
  void a_key_in_another_format_is_refused_with_the_formats_accepted() throws IOException {
    ThrowawayCa ca = ThrowawayCa.create(work.resolve("pki"), "test ca");
    ThrowawayCa.Issued s = ca.issue("server", "localhost");
    Path pkcs1 = Files.writeString(work.resolve("old.key"),
        ThrowawayCa.pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}));
    ConfigException e = refused("[tls]\ncert = " + s.cert() + "\nkey = " + pkcs1 + "\n");
    assertThat(e).hasMessage(ini() + ":3: [tls] key: " + pkcs1 + " holds a -----BEGIN RSA PRIVATE"
        + " KEY----- block; expected an unencrypted PKCS#8 PEM private key (-----BEGIN PRIVATE"
        + " KEY-----), RSA or EC; convert it with: openssl pkcs8 -topk8 -nocrypt -in old.key -out"
        + " new.key");
  }

  @Test
  void a_key_that_does_not_match_the_certificate_is_refused() throws IOException {
    ThrowawayCa ca = ThrowawayCa.create(work.resolve("pki"), "test ca");
    ThrowawayCa.Issued one = ca.issue("one", "localhost");
    ThrowawayCa.Issued other = ca.issue("other", "localhost");
    ConfigException e = refused("[tls]\ncert = " + one.cert() + "\nkey = " + other.key() + "\n");
    assertThat(e).hasMessage(ini() + ":3: [tls] key: " + other.key() + " is not the private key of"
        + " the first certificate in " + one.cert());
  }

  @Test
  void an_unknown_key_is_refused() throws IOException {
    ConfigException e = refused("[tls]\ncertificate = x.pem\n");
    assertThat(e).hasMessage(ini() + ":2: [tls] certificate: unknown key; expected one of cert, key, ca");
  }
}
