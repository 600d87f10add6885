package io.revkeep.core;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * An OS lock on a file that makes a service the only one of its kind on a folder (one listener
 * per data folder, one backup per backup folder). Released by {@link #close()}, or by the kernel
 * when the process dies, so a kill -9 never leaves a stale lock behind.
 */
public final class ExclusiveLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private ExclusiveLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock on {@code file} (created if needed) or fails at once.
   *
   * @param holder what holds it, for the message: "another listener is already running on …"
   * @throws IllegalStateException when another process, or another holder in this JVM, has it
   */
  public static ExclusiveLock acquire(Path file, String holder) throws IOException {
    Files.createDirectories(file.getParent());
    FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE,
        StandardOpenOption.WRITE), OwnerOnly.fileAttribute());
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (IOException | OverlappingFileLockException e) {
      lock = null; // held by another process, or by another holder in this JVM
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException("another " + holder + " is already running on "
          + file.getParent() + "; stop it first");
    }
    return new ExclusiveLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
