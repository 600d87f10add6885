package io.revkeep.core.vault;

import java.io.IOException;
import java.nio.file.Path;

/** The file changed (size, mtime or identity) while it was being read; read it again later. */
public final class FileChangedException extends IOException {
  public FileChangedException(Path file, String what) {
    super(file + " changed while it was read (" + what + ")");
  }
}
