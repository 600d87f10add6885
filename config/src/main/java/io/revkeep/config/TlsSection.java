package io.revkeep.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code [tls]} into a {@link TlsConfig} and checks its files before anything starts: each
 * one readable, the certificates PEM, the key an unencrypted PKCS#8 PEM key (RSA or EC) that
 * belongs to the chain's first certificate, cert and key given together. Every problem is one
 * {@link ConfigException} at the key's line that says what is accepted.
 */
final class TlsSection {
  static final String SECTION = "tls";

  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final String KEY_FORMATS = "expected an unencrypted PKCS#8 PEM private key"
      + " (-----BEGIN PRIVATE KEY-----), RSA or EC";

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
      List<Certificate> chain = certificates(tls, "cert", cert.get());
      PrivateKey privateKey = privateKey(tls, key.get());
      if (!belongsTo(privateKey, chain.get(0).getPublicKey())) {
        throw tls.error("key", key.get() + " is not the private key of the first certificate in "
            + cert.get());
      }
    }
    ca.ifPresent(file -> certificates(tls, "ca", file));
    return new TlsConfig(cert, key, ca);
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

  private static String text(SectionReader tls, String key, Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw tls.error(key, "cannot read " + file + ": no such file");
    } catch (IOException e) {
      throw tls.error(key, "cannot read " + file + ": "
          + (Files.isDirectory(file) ? "a folder, not a file" : String.valueOf(e.getMessage())));
    }
  }

  private static List<Certificate> certificates(SectionReader tls, String key, Path file) {
    String text = text(tls, key, file);
    List<byte[]> blocks = blocks(text, "CERTIFICATE");
    if (blocks.isEmpty()) {
      throw tls.error(key, file + " is not a PEM certificate file: expected one or more"
          + " -----BEGIN CERTIFICATE----- blocks");
    }
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      List<Certificate> out = new ArrayList<>();
      for (byte[] der : blocks) {
        Collection<? extends Certificate> one = x509.generateCertificates(new ByteArrayInputStream(der));
        out.addAll(one);
      }
      return out;
    } catch (CertificateException e) {
      throw tls.error(key, file + " holds a -----BEGIN CERTIFICATE----- block that is not an"
          + " X.509 certificate");
    }
  }

  private static PrivateKey privateKey(SectionReader tls, Path file) {
    String text = text(tls, "key", file);
    List<String> kinds = kinds(text);
    if (!kinds.contains("PRIVATE KEY")) {
      String found = kinds.isEmpty() ? "no PEM block"
          : "a -----BEGIN " + kinds.get(0) + "----- block";
      String hint = kinds.contains("RSA PRIVATE KEY") || kinds.contains("EC PRIVATE KEY")
          ? "; convert it with: openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key"
          : kinds.contains("ENCRYPTED PRIVATE KEY") ? "; remove the passphrase with: openssl pkcs8"
              + " -topk8 -nocrypt -in old.key -out new.key" : "";
      throw tls.error("key", file + " holds " + found + "; " + KEY_FORMATS + hint);
    }
    byte[] der = blocks(text, "PRIVATE KEY").get(0);
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next
      }
    }
    throw tls.error("key", file + " is not a usable key; " + KEY_FORMATS);
  }

  /** Whether {@code key} signs what {@code certified} verifies. */
  private static boolean belongsTo(PrivateKey key, PublicKey certified) {
    if (!key.getAlgorithm().equals(certified.getAlgorithm())) {
      return false;
    }
    String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    try {
      byte[] probe = new byte[32];
      new SecureRandom().nextBytes(probe);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certified);
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  private static List<String> kinds(String text) {
    List<String> out = new ArrayList<>();
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static List<byte[]> blocks(String text, String kind) {
    List<byte[]> out = new ArrayList<>();
    Matcher m = PEM.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(kind)) {
        try {
          out.add(Base64.getMimeDecoder().decode(m.group(2)));
        } catch (IllegalArgumentException e) {
          // not base64: not a block of this kind
        }
      }
    }
    return out;
  }
}
