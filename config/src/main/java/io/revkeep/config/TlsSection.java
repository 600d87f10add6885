package io.revkeep.config;

import io.revkeep.config.PemFiles.BadFile;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code [tls]} into a {@link TlsConfig} and checks its files before anything starts: each
 * one readable, the certificates PEM, the key an unencrypted PKCS#8 PEM key (RSA or EC) that
 * belongs to the chain's first certificate, cert and key given together. Every problem is one
 * {@link ConfigException} at the key's line that says what is accepted ({@link PemFiles}).
 */
final class TlsSection {
  static final String SECTION = "tls";

  private TlsSection() {}

  /** The section's value, checked; {@link TlsConfig#NONE} without a section. */
  static TlsConfig read(IniFile ini) {
    SectionReader tls = new SectionReader(ini, SECTION);
    Optional<Path> cert = file(ini, tls, "cert");
    Optional<Path> key = file(ini, tls, "key");
    Optional<Path> ca = file(ini, tls, "ca");
    tls.rejectUnknownKeys();
    if (cert.isPresent() && key.isEmpty()) {
      throw tls.error("cert", "needs key (the certificate's private key) in the same section");
    }
    if (key.isPresent() && cert.isEmpty()) {
      throw tls.error("key", "needs cert (the certificate chain) in the same section");
    }
    if (cert.isPresent()) {
      List<Certificate> chain = check(tls, "cert", () -> PemFiles.certificates(cert.get()));
      PrivateKey privateKey = check(tls, "key", () -> PemFiles.privateKey(key.get()));
      if (!PemFiles.belongsTo(privateKey, chain.get(0).getPublicKey())) {
        throw tls.error("key", key.get() + " is not the private key of the first certificate in "
            + cert.get());
      }
    }
    if (ca.isPresent()) {
      check(tls, "ca", () -> PemFiles.certificates(ca.get()));
    }
    return new TlsConfig(cert, key, ca);
  }

  private interface Reading<T> {
    T read() throws BadFile;
  }

  private static <T> T check(SectionReader tls, String key, Reading<T> reading) {
    try {
      return reading.read();
    } catch (BadFile e) {
      throw tls.error(key, e.getMessage());
    }
  }

  /** A file path (relative to the configuration file's folder), or empty when absent or empty. */
  private static Optional<Path> file(IniFile ini, SectionReader tls, String key) {
    String text = tls.string(key, "");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ini.dir().resolve(text).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      throw tls.error(key, "expected a file path, got '" + text + "': " + e.getReason());
    }
  }
}
