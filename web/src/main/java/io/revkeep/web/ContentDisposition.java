package io.revkeep.web;

import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} of a download (RFC 6266): the file's own name, exact, as
 * {@code filename*} in the RFC 8187 (formerly 5987) encoding, and a plain ASCII
 * {@code filename} for clients that do not read the first. Any recorded name may be given — a
 * line feed, an escape sequence, quotes — and the header holds visible ASCII only, so a name
 * can neither break the header nor add one.
 */
final class ContentDisposition {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private ContentDisposition() {}

  /** The header value for a download ({@code attachment}) or an inline view of {@code name}. */
  static String of(boolean inline, String name) {
    return (inline ? "inline" : "attachment") + "; filename=\"" + fallback(name)
        + "\"; filename*=UTF-8''" + encoded(name);
  }

  /**
   * The name for old clients, in visible ASCII: every other character, and {@code "},
   * {@code \} and {@code %} (which some clients decode), becomes {@code _}.
   */
  static String fallback(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%';
      sb.append(plain ? c : '_');
      if (Character.isHighSurrogate(c) && i + 1 < name.length()
          && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++; // one replacement for one character
      }
    }
    return sb.length() == 0 ? "download" : sb.toString();
  }

  /** The name's UTF-8 bytes, each but RFC 8187's attr-char as {@code %XX}. */
  static String encoded(String name) {
    StringBuilder sb = new StringBuilder(name.length() * 3);
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (attrChar(c)) {
        sb.append((char) c);
      } else {
        sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    return sb.toString();
  }

  /** RFC 8187, 3.2.1: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~". */
  private static boolean attrChar(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$&+-.^_`|~".indexOf(c) >= 0;
  }
}
