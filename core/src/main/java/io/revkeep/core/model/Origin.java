package io.revkeep.core.model;

import java.util.Locale;

/** Where a version came from: an edit on disk, the web UI, or the command line. */
public enum Origin {
  FS, WEB, CLI;

  /** The lower-case name used in JSON and the database ({@code fs}, {@code web}, {@code cli}). */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@link #wire()}; throws {@link IllegalArgumentException} naming the bad value. */
  public static Origin fromWire(String s) {
    for (Origin o : values()) {
      if (o.wire().equals(s)) {
        return o;
      }
    }
    throw new IllegalArgumentException("unknown origin '" + s + "' (expected fs, web or cli)");
  }
}
