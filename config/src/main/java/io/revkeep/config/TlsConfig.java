package io.revkeep.config;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code [tls]}: the files that turn TLS on for the feed and the web. With {@code cert} and
 * {@code key} set, the listener's feed speaks TLS only and the web serves HTTPS only; every feed
 * client (backup, web, command line) checks the server's certificate against {@code ca}, or the
 * system's CAs when it is empty. The loader has checked that each file is readable, is what it
 * should be, and that the key belongs to the certificate ({@link TlsSection}).
 *
 * <pre>
 * [tls]
 * cert =        ; PEM certificate chain, the server's own certificate first
 * key  =        ; its private key: PEM, unencrypted PKCS#8 (-----BEGIN PRIVATE KEY-----), RSA or EC
 * ca   =        ; PEM certificates a client trusts; empty: the system's
 * </pre>
 *
 * @param cert the certificate chain, absolute; empty when TLS is off
 * @param key the private key of the chain's first certificate; present exactly when cert is
 * @param ca the certificates clients trust; empty: the system's
 */
public record TlsConfig(Optional<Path> cert, Optional<Path> key, Optional<Path> ca) {
  /** No {@code [tls]} section: plain TCP and HTTP, clients trust the system's CAs. */
  public static final TlsConfig NONE = new TlsConfig(Optional.empty(), Optional.empty(), Optional.empty());

  public TlsConfig {
    Objects.requireNonNull(cert);
    Objects.requireNonNull(key);
    Objects.requireNonNull(ca);
    if (cert.isPresent() != key.isPresent()) {
      throw new IllegalArgumentException("tls: cert and key go together");
    }
  }

  /** Whether servers speak TLS: a certificate and its key are configured. */
  public boolean enabled() {
    return cert.isPresent();
  }

  /**
   * Whether feed clients speak TLS: a certificate is configured (this host's servers speak it),
   * or at least a {@code ca} (a client-only host whose listener speaks it).
   */
  public boolean clientsUseTls() {
    return cert.isPresent() || ca.isPresent();
  }

  /**
   * The certificate chain and its key as a PKCS#12 key store in memory (alias {@code server}),
   * for a server that takes one (the web's Jetty).
   *
   * @throws IOException when a file can no longer be read or used (the message names it)
   * @throws IllegalStateException when TLS is off
   */
  public KeyStore serverKeyStore(char[] password) throws IOException {
    if (!enabled()) {
      throw new IllegalStateException("tls: no cert and key configured");
    }
    try {
      return PemFiles.keyStore(cert.get(), key.get(), password);
    } catch (PemFiles.BadFile e) {
      throw new IOException("tls: " + e.getMessage(), e);
    }
  }

  /** The section as INI text, as {@link Config#toIni()} writes it. */
  String toIni() {
    return "\n[tls]\n" + line("cert", cert) + line("key", key) + line("ca", ca);
  }

  private static String line(String key, Optional<Path> value) {
    return key + " =" + value.map(p -> " " + p).orElse("") + "\n";
  }
}
