package io.revkeep.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads a {@code multipart/form-data} body as a stream of parts, each part's content as an
 * {@link InputStream} that ends at the next boundary. Nothing is buffered beyond one read buffer,
 * so a part of any size costs {@link #BUFFER_BYTES} of memory. Not thread-safe: one request
 * thread reads it.
 */
final class MultipartReader {
  /** The body is not well-formed multipart (the client's fault: answered 400). */
  static final class Malformed extends IOException {
    Malformed(String message) {
      super(message);
    }
  }

  /** The read buffer (the boundary must fit in it many times over). */
  static final int BUFFER_BYTES = 64 * 1024;
  /** A part's header block longer than this is refused. */
  private static final int MAX_HEADER_BYTES = 16 * 1024;

  /** One part: its form field name, the file name if it is a file, and its content. */
  record Part(String name, String filename, InputStream body) {}

  private final InputStream in;
  private final byte[] delimiter;
  private final byte[] buf = new byte[BUFFER_BYTES];
  private int start;
  private int end;
  private boolean eof;
  private boolean finished;
  private PartStream current;

  MultipartReader(InputStream in, String boundary) {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    // The first boundary has no CRLF before it: pretend it had one so every delimiter is alike.
    buf[0] = '\r';
    buf[1] = '\n';
    end = 2;
  }

  /** The boundary of a {@code multipart/form-data} content type, or null if it has none. */
  static String boundary(String contentType) {
    if (contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      return null;
    }
    for (String param : contentType.split(";")) {
      String p = param.trim();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String b = p.substring(9).trim();
        if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) {
          b = b.substring(1, b.length() - 1);
        }
        return b.isEmpty() || b.length() > 70 ? null : b;
      }
    }
    return null;
  }

  /** The next part (the previous one is skipped if unread), or null after the last. */
  Part next() throws IOException {
    if (finished) {
      return null;
    }
    if (current != null) {
      current.skipAll();
      current = null;
    }
    int at;
    while ((at = indexOf(delimiter, start)) < 0) { // the first call skips the preamble
      start = Math.max(start, end - delimiter.length);
      if (fill() < 0) {
        throw new Malformed("the multipart body ends without its closing boundary");
      }
    }
    start = at + delimiter.length;
    require(2);
    if (buf[start] == '-' && buf[start + 1] == '-') {
      finished = true;
      return null;
    }
    readLine(); // the rest of the boundary line (transport padding) and its CRLF
    String name = null;
    String filename = null;
    int headerBytes = 0;
    while (true) {
      String line = readLine();
      headerBytes += line.length() + 2;
      if (headerBytes > MAX_HEADER_BYTES) {
        throw new Malformed("a multipart part's headers exceed " + MAX_HEADER_BYTES + " bytes");
      }
      if (line.isEmpty()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-disposition")) {
        String value = line.substring(colon + 1);
        name = param(value, "name");
        filename = param(value, "filename");
      }
    }
    current = new PartStream();
    return new Part(name, filename, current);
  }

  /** A parameter of a Content-Disposition value ({@code name="x"}), quotes removed. */
  static String param(String value, String key) {
    int i = 0;
    int n = value.length();
    while (i < n) {
      while (i < n && (value.charAt(i) == ';' || value.charAt(i) == ' ' || value.charAt(i) == '\t')) {
        i++;
      }
      int eq = value.indexOf('=', i);
      int semi = value.indexOf(';', i);
      if (eq < 0 || (semi >= 0 && semi < eq)) {
        i = semi < 0 ? n : semi + 1;
        continue;
      }
      String k = value.substring(i, eq).trim();
      int j = eq + 1;
      String v;
      if (j < n && value.charAt(j) == '"') {
        StringBuilder sb = new StringBuilder();
        j++;
        while (j < n && value.charAt(j) != '"') {
          char c = value.charAt(j);
          if (c == '\\' && j + 1 < n && (value.charAt(j + 1) == '"' || value.charAt(j + 1) == '\\')) {
            c = value.charAt(++j);
          }
          sb.append(c);
          j++;
        }
        v = sb.toString();
        j++;
      } else {
        int stop = value.indexOf(';', j);
        stop = stop < 0 ? n : stop;
        v = value.substring(j, stop).trim();
        j = stop;
      }
      if (k.equalsIgnoreCase(key)) {
        return v;
      }
      i = j;
    }
    return null;
  }

  /** One header line without its CRLF, decoded as UTF-8 (what browsers send). */
  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    while (true) {
      require(1);
      byte b = buf[start++];
      if (b == '\r') {
        require(1);
        if (buf[start] == '\n') {
          start++;
          return line.toString(StandardCharsets.UTF_8);
        }
      }
      line.write(b);
      if (line.size() > MAX_HEADER_BYTES) {
        throw new Malformed("a multipart header line exceeds " + MAX_HEADER_BYTES + " bytes");
      }
    }
  }

  private void require(int n) throws IOException {
    while (end - start < n) {
      if (fill() < 0) {
        throw new Malformed("the multipart body ends in the middle of a part");
      }
    }
  }

  /** Moves the unread bytes to the front and reads more; -1 at the end of the input. */
  private int fill() throws IOException {
    if (eof) {
      return -1;
    }
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    if (end == buf.length) {
      throw new IllegalStateException("multipart buffer full");
    }
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      eof = true;
      return -1;
    }
    end += n;
    return n;
  }

  private int indexOf(byte[] pattern, int from) {
    byte first = pattern[0];
    int last = end - pattern.length;
    outer:
    for (int i = from; i <= last; i++) {
      if (buf[i] != first) {
        continue;
      }
      for (int k = 1; k < pattern.length; k++) {
        if (buf[i + k] != pattern[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The content of the current part: ends (returns -1) where the delimiter begins. */
  private final class PartStream extends InputStream {
    private boolean done;
    private int delimiterAt = -1; // cached position of the delimiter in buf, if found

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      while (true) {
        if (delimiterAt < start) {
          delimiterAt = indexOf(delimiter, start);
        }
        int available;
        if (delimiterAt >= 0) {
          available = delimiterAt - start;
          if (available == 0) {
            done = true;
            return -1;
          }
        } else {
          available = end - start - (delimiter.length - 1); // the tail may begin a delimiter
        }
        if (available > 0) {
          int n = Math.min(len, available);
          System.arraycopy(buf, start, b, off, n);
          start += n;
          return n;
        }
        int before = start;
        if (fill() < 0) {
          throw new Malformed("the multipart body ends in the middle of a part");
        }
        if (delimiterAt >= 0) {
          delimiterAt -= before;
        }
        delimiterAt = -1;
      }
    }

    void skipAll() throws IOException {
      byte[] sink = new byte[8192];
      while (read(sink, 0, sink.length) >= 0) {
        // discard
      }
    }
  }
}
