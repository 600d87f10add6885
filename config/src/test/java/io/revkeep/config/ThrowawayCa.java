package io.revkeep.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made up at run time for TLS tests, nothing committed: {@link #create}
 * makes a CA (EC P-256) and writes its certificate as {@code ca.pem}; {@link #issue} writes a
 * server certificate chain and its PKCS#8 key for the given host names and addresses, as the
 * {@code [tls]} section expects them. A copy of the feed tests' ThrowawayCa: config is a leaf
 * module and cannot use the feed's test jar.
 */
final class ThrowawayCa {
  private static final AtomicLong SERIALS = new AtomicLong(System.nanoTime());

  private final Path dir;
  private final KeyPair keys;
  private final X509Certificate certificate;
  private final Path caFile;

  private ThrowawayCa(Path dir, KeyPair keys, X509Certificate certificate) {
    this.dir = dir;
    this.keys = keys;
    this.certificate = certificate;
    this.caFile = write(dir.resolve("ca.pem"), pem("CERTIFICATE", encoded(certificate)));
  }

  /** A new CA named {@code name}; its files go into {@code dir} (created). */
  public static ThrowawayCa create(Path dir, String name) {
    try {
      Files.createDirectories(dir);
      KeyPair keys = ecKeys();
      X500Name subject = new X500Name("CN=" + name);
      X509v3CertificateBuilder b = builder(subject, subject, keys);
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new ThrowawayCa(dir, keys, sign(b, keys));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The CA's certificate (PEM): what a client trusts, {@code [tls] ca}. */
  public Path caFile() {
    return caFile;
  }

  /** A server's files: {@code <name>-cert.pem} (its certificate, then the CA's) and the key. */
  public record Issued(Path cert, Path key) {}

  /**
   * Issues a server certificate whose subject alternative names are {@code names} (host names,
   * or IP addresses such as 127.0.0.1).
   */
  public Issued issue(String name, String... names) {
    try {
      KeyPair server = ecKeys();
      X509v3CertificateBuilder b = builder(new X500Name("CN=" + certificateName()),
          new X500Name("CN=" + name), server);
      List<GeneralName> alt = new ArrayList<>();
      for (String n : names) {
        alt.add(n.matches("[0-9.]+|.*:.*") ? new GeneralName(GeneralName.iPAddress, n)
            : new GeneralName(GeneralName.dNSName, n));
      }
      b.addExtension(Extension.subjectAlternativeName, false,
          new GeneralNames(alt.toArray(GeneralName[]::new)));
      b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      X509Certificate cert = sign(b, keys);
      Path certFile = write(dir.resolve(name + "-cert.pem"),
          pem("CERTIFICATE", encoded(cert)) + pem("CERTIFICATE", encoded(certificate)));
      Path keyFile = write(dir.resolve(name + "-key.pem"),
          pem("PRIVATE KEY", server.getPrivate().getEncoded()));
      return new Issued(certFile, keyFile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String certificateName() {
    return certificate.getSubjectX500Principal().getName().replaceFirst("^CN=", "");
  }

  private static KeyPair ecKeys() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIALS.incrementAndGet()),
        Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
        subject, keys.getPublic());
  }

  private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer) {
    try {
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] encoded(X509Certificate c) {
    try {
      return c.getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One PEM block. */
  public static String pem(String kind, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + kind + "-----\n" + body + "\n-----END " + kind + "-----\n";
  }

  private static Path write(Path file, String text) {
    try {
      return Files.writeString(file, text, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
