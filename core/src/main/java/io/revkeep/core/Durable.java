package io.revkeep.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The one step every atomic write ends with: making a rename inside a folder survive a crash. */
public final class Durable {
  private Durable() {}

  /** Fsyncs a folder, so that a file created or renamed in it survives a power loss. */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }
}
