package io.revkeep.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files of {@code [tls]} with the JDK alone: certificates, an unencrypted PKCS#8
 * private key (RSA or EC), whether the key belongs to a certificate, and both as a {@link
 * KeyStore} for servers that want one. Every problem is a {@link BadFile} whose message names
 * the file and says what is accepted.
 */
final class PemFiles {
  /** A file that cannot be read or is not what it should be; the message is for the user. */
  static final class BadFile extends Exception {
    private static final long serialVersionUID = 1L;

    BadFile(String message) {
      super(message);
    }
  }

  static final String KEY_FORMATS = "expected an unencrypted PKCS#8 PEM private key"
      + " (-----BEGIN PRIVATE KEY-----), RSA or EC";

  private static final Pattern PEM = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");

  private PemFiles() {}

  private static String text(Path file) throws BadFile {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new BadFile("cannot read " + file + ": no such file");
    } catch (IOException e) {
      throw new BadFile("cannot read " + file + ": "
          + (Files.isDirectory(file) ? "a folder, not a file" : String.valueOf(e.getMessage())));
    }
  }

  /** The certificates of a PEM file, in file order; at least one. */
  static List<Certificate> certificates(Path file) throws BadFile {
    List<byte[]> blocks = blocks(text(file), "CERTIFICATE");
    if (blocks.isEmpty()) {
      throw new BadFile(file + " is not a PEM certificate file: expected one or more"
          + " -----BEGIN CERTIFICATE----- blocks");
    }
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      List<Certificate> out = new ArrayList<>();
      for (byte[] der : blocks) {
        out.addAll(x509.generateCertificates(new ByteArrayInputStream(der)));
      }
      return out;
    } catch (CertificateException e) {
      throw new BadFile(file + " holds a -----BEGIN CERTIFICATE----- block that is not an"
          + " X.509 certificate");
    }
  }

  /** The private key of a PEM file: unencrypted PKCS#8, RSA or EC. */
  static PrivateKey privateKey(Path file) throws BadFile {
    String text = text(file);
    List<String> kinds = kinds(text);
    if (!kinds.contains("PRIVATE KEY")) {
      String found = kinds.isEmpty() ? "no PEM block"
          : "a -----BEGIN " + kinds.get(0) + "----- block";
      String hint = kinds.contains("RSA PRIVATE KEY") || kinds.contains("EC PRIVATE KEY")
          ? "; convert it with: openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key"
          : kinds.contains("ENCRYPTED PRIVATE KEY") ? "; remove the passphrase with: openssl pkcs8"
              + " -topk8 -nocrypt -in old.key -out new.key" : "";
      throw new BadFile(file + " holds " + found + "; " + KEY_FORMATS + hint);
    }
    byte[] der = blocks(text, "PRIVATE KEY").get(0);
    for (String algorithm : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next
      }
    }
    throw new BadFile(file + " is not a usable key; " + KEY_FORMATS);
  }

  /** Whether {@code key} signs what {@code certified} verifies. */
  static boolean belongsTo(PrivateKey key, PublicKey certified) {
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

  /** A PKCS#12 key store in memory holding the key under alias "server" with its chain. */
  static KeyStore keyStore(Path cert, Path key, char[] password) throws BadFile {
    List<Certificate> chain = certificates(cert);
    PrivateKey privateKey = privateKey(key);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, password);
      store.setKeyEntry("server", privateKey, password, chain.toArray(Certificate[]::new));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new BadFile("cannot use " + key + " with " + cert + ": " + e.getMessage());
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
