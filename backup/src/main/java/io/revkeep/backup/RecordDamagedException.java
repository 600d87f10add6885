package io.revkeep.backup;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A line of the backup record that cannot be read: the message is one line naming the segment
 * file, the line number and what is wrong, e.g. {@code backup record
 * /b/.revkeep-backup/record/1-40.jsonl, line 7: not JSON (Unexpected end-of-input)}.
 */
public final class RecordDamagedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final int line;

  public RecordDamagedException(Path file, int line, String what) {
    super("backup record " + file + ", line " + line + ": " + what);
    this.file = file;
    this.line = line;
  }

  /** The segment file. */
  public Path file() {
    return file;
  }

  /** The line, counted from 1. */
  public int line() {
    return line;
  }
}
