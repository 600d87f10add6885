package io.revkeep.web;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the login page may send a user afterwards ({@code /login?next=}): a path of this site
 * only. It starts with a single '/', has no backslash and no control or white-space character
 * (browsers drop a TAB or newline from a URL, so {@code /<TAB>/host} would become
 * {@code //host}), and reads as a relative URI with neither scheme nor host. The page's script
 * applies the same rule ({@code sameSitePath} in {@code static/login.js}) before it follows
 * {@code next}.
 */
final class SafeRedirect {
  private SafeRedirect() {}

  /** Whether {@code next} is a path of this site that a redirect may follow. */
  static boolean isSameSitePath(String next) {
    if (next == null || next.isEmpty() || next.charAt(0) != '/' || next.startsWith("//")) {
      return false;
    }
    for (int i = 0; i < next.length(); i++) {
      char c = next.charAt(i);
      if (c == '\\' || c <= 0x20 || (c >= 0x7f && c <= 0x9f) || Character.isWhitespace(c)
          || Character.isSpaceChar(c)) {
        return false;
      }
    }
    try {
      URI uri = new URI(next);
      return uri.getScheme() == null && uri.getRawAuthority() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** {@code next} if it is a path of this site, else the start page. */
  static String orStart(String next) {
    return isSameSitePath(next) ? next : "/";
  }
}
