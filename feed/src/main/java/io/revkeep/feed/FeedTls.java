package io.revkeep.feed;

import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * The TLS contexts of the feed, made from PEM files: the listener's side ({@link #server}) for
 * {@link FeedServerSettings.Builder#tls}, and the side of every client ({@link #client}) for
 * {@link FeedClient.Builder#tls}, which checks the server's certificate against the given CA
 * certificates (or the system's) and the host name it connects to. Also turns a failed handshake
 * into one line that says what was wrong ({@link #describe}).
 */
public final class FeedTls {
  /** The reason of a handshake cut short without a more specific one. */
  static final String CLOSED_DURING_HANDSHAKE =
      "the connection closed during the TLS handshake (does the other end speak TLS?)";

  private FeedTls() {}

  /**
   * The server side: the certificate chain (PEM, the server's own certificate first) and its
   * private key (PEM, unencrypted PKCS#8: {@code -----BEGIN PRIVATE KEY-----}, RSA or EC).
   *
   * @throws IOException when either file cannot be read or used (the message names it)
   */
  public static SslContext server(Path certChain, Path key) throws IOException {
    try {
      return SslContextBuilder.forServer(certChain.toFile(), key.toFile()).build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException("feed TLS: cannot use certificate " + certChain + " with key " + key
          + " (expected a PEM certificate chain and an unencrypted PKCS#8 PEM key): "
          + e.getMessage(), e);
    }
  }

  /**
   * The client side: trusts the PEM certificates in {@code caOrNull} (the system's CAs when
   * null) and checks that the server's certificate names the host connected to.
   *
   * @throws IOException when the CA file cannot be read or holds no certificate
   */
  public static SslContext client(Path caOrNull) throws IOException {
    try {
      SslContextBuilder b = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS");
      if (caOrNull != null) {
        b.trustManager(caOrNull.toFile());
      }
      return b.build();
    } catch (SSLException | IllegalArgumentException e) {
      throw new IOException("feed TLS: cannot use the CA certificates in " + caOrNull
          + " (expected PEM certificates): " + e.getMessage(), e);
    }
  }

  /** Whether {@code cause} is a TLS failure that {@link #describe} explains. */
  static boolean isTlsFailure(Throwable cause) {
    Throwable t = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    return t instanceof SSLException;
  }

  /**
   * What went wrong in a failed handshake, in one line without class names: the certificate
   * not trusted, not for this host, or the peer not speaking TLS.
   */
  static String describe(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof NotSslRecordException) {
        return "the peer does not speak TLS (is TLS configured on both ends?)";
      }
      String m = String.valueOf(t.getMessage());
      if (t instanceof CertificateException && m.startsWith("No ")) {
        return "the server's certificate does not name this host (" + m + ")";
      }
      if (t instanceof CertPathValidatorException || m.contains("certification path")) {
        return "the server's certificate is not signed by a trusted CA ([tls] ca, or the"
            + " system's CAs when it is empty)";
      }
    }
    Throwable root = cause;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    if (root.getMessage() == null || root.getMessage().contains("closed")) {
      return CLOSED_DURING_HANDSHAKE;
    }
    if (cause instanceof SSLHandshakeException || root instanceof SSLException) {
      return "TLS handshake failed: " + root.getMessage();
    }
    return "TLS failed: " + root.getMessage();
  }
}
