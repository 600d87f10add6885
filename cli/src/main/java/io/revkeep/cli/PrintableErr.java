package io.revkeep.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Standard error as a terminal may safely show it: every control character but tab and line
 * feed is written as {@code ?} — C0 controls, DEL, and C1 controls in UTF-8 (U+0080–U+009F, two
 * bytes {@code C2 80}–{@code C2 9F}; some terminals act on U+009B as on ESC [). A file name in
 * an exception's text (a stack trace the short commands' logger prints as it is, see
 * {@link QuickLogging}) can then neither move the cursor nor retitle a window. Not thread-safe
 * by itself: the PrintStream around it serialises writes.
 */
final class PrintableErr extends FilterOutputStream {
  private static final int LEAD_OF_C1 = 0xC2;
  /** A 0xC2 byte written last, not yet passed on: whether it starts a C1 control depends on the next. */
  private boolean pendingC2;

  PrintableErr(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    b &= 0xFF;
    if (pendingC2) {
      pendingC2 = false;
      if (b >= 0x80 && b <= 0x9F) {
        out.write('?');
        return;
      }
      out.write(LEAD_OF_C1);
    }
    if (b == LEAD_OF_C1) {
      pendingC2 = true;
    } else if ((b < 0x20 && b != '\t' && b != '\n') || b == 0x7F) {
      out.write('?');
    } else {
      out.write(b);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  @Override
  public void flush() throws IOException {
    // A lone 0xC2 at the end of a flush is passed on: it is not a control, and a later byte
    // must not wait behind it for ever.
    if (pendingC2) {
      pendingC2 = false;
      out.write(LEAD_OF_C1);
    }
    out.flush();
  }
}
