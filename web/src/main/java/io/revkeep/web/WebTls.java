package io.revkeep.web;

import io.javalin.config.JavalinConfig;
import io.netty.handler.ssl.SslContext;
import io.revkeep.config.TlsConfig;
import io.revkeep.feed.FeedTls;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.Locale;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The web's side of {@code [tls]}: with a certificate and key, Jetty serves HTTPS only (one TLS
 * connector instead of the plain one), every answer carries {@code Strict-Transport-Security},
 * and every cookie set is marked {@code Secure}; the web's feed client speaks TLS as the
 * configuration says. Without TLS on an address other people can reach, one warning at start.
 */
final class WebTls {
  private static final Logger LOG = LogManager.getLogger(WebDaemon.class);

  /** How long a browser keeps to HTTPS once it has seen the header: one year. */
  static final long HSTS_SECONDS = 365L * 24 * 3600;

  private WebTls() {}

  /** Whether the web serves HTTPS. */
  static boolean https(TlsConfig tls) {
    return tls.enabled();
  }

  /**
   * Makes {@code config} serve HTTPS only on bind:port when {@code tls} has a certificate;
   * otherwise leaves it alone and warns when bind is not a loopback address.
   */
  static void configure(JavalinConfig config, String bind, int port, TlsConfig tls) {
    if (!tls.enabled()) {
      if (!loopback(bind)) {
        LOG.warn("web on {} without [tls]: passwords and session cookies cross the network in"
            + " clear; set [tls] cert and key, or put an HTTPS reverse proxy in front", bind);
      }
      return;
    }
    char[] password = randomPassword();
    KeyStore keys;
    try {
      keys = tls.serverKeyStore(password);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    config.jetty.addConnector((server, http) -> {
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStore(keys);
      ssl.setKeyStorePassword(new String(password));
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      secure.setSniHostCheck(false); // the client checks the name; any Host may be asked for
      secure.setStsMaxAge(HSTS_SECONDS);
      http.addCustomizer(secure);
      ServerConnector connector = new ServerConnector(server,
          new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
      connector.setHost(bind);
      connector.setPort(port);
      return connector;
    });
    config.jetty.modifyServletContextHandler(context -> context.addFilter(
        new FilterHolder(new SecureCookies()), "/*", EnumSet.of(DispatcherType.REQUEST)));
  }

  /** The client side of the feed for the web's FeedClient, or null for plain TCP. */
  static SslContext feedClient(TlsConfig tls) throws IOException {
    return tls.clientsUseTls() ? FeedTls.client(tls.ca().orElse(null)) : null;
  }

  /** The URL scheme the web answers on. */
  static String scheme(TlsConfig tls) {
    return tls.enabled() ? "https" : "http";
  }

  private static boolean loopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static char[] randomPassword() {
    SecureRandom random = new SecureRandom();
    char[] out = new char[24];
    for (int i = 0; i < out.length; i++) {
      out[i] = (char) ('a' + random.nextInt(26));
    }
    return out;
  }

  /** Adds {@code Secure} to every cookie set over HTTPS, whichever route sets it. */
  static final class SecureCookies implements Filter {
    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      if (request.isSecure() && response instanceof HttpServletResponse http) {
        chain.doFilter(request, new HttpServletResponseWrapper(http) {
          @Override
          public void setHeader(String name, String value) {
            super.setHeader(name, secure(name, value));
          }

          @Override
          public void addHeader(String name, String value) {
            super.addHeader(name, secure(name, value));
          }

          @Override
          public void addCookie(jakarta.servlet.http.Cookie cookie) {
            cookie.setSecure(true);
            super.addCookie(cookie);
          }
        });
      } else {
        chain.doFilter(request, response);
      }
    }

    private static String secure(String name, String value) {
      if (value == null || !name.equalsIgnoreCase("Set-Cookie")
          || value.toLowerCase(Locale.ROOT).matches("(?s).*;\\s*secure\\s*(;.*)?")) {
        return value;
      }
      return value + "; Secure";
    }
  }
}
