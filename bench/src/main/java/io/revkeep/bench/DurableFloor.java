package io.revkeep.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The least any recorder pays on this disk to keep a small new file's version durable before it
 * says so, as revkeep's invariant asks (a version is recorded only once its bytes are durable):
 * the copy written and fsynced, renamed to its name, its folder fsynced, then one record
 * appended to a log and fdatasynced (a store's commit). Three disk flushes, one after another,
 * and nothing else: no read of the source, no hash, no store, no feed. The latency bench times
 * it after the same idle as the listener's commit (the settle time), because this machine's disk
 * answers a flush after a quiet spell several times slower than one in a busy stretch.
 *
 * <p>One thread; used by one repetition, closed with it.
 */
final class DurableFloor implements AutoCloseable {
  private final Path copies;
  private final Path names;
  private final FileChannel log;
  private int made;

  DurableFloor(Path dir) throws IOException {
    this.copies = Files.createDirectories(dir.resolve("tmp"));
    this.names = Files.createDirectories(dir.resolve("objects"));
    this.log = FileChannel.open(dir.resolve("log"), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** One durable write of {@code content}; returns how long it took, in ns. */
  long write(byte[] content) throws IOException {
    String name = "v" + made++;
    Path copy = copies.resolve(name);
    long t0 = System.nanoTime();
    try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      ch.write(ByteBuffer.wrap(content));
      ch.force(true);
    }
    Files.move(copy, names.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    try (FileChannel folder = FileChannel.open(names, StandardOpenOption.READ)) {
      folder.force(true);
    }
    log.write(ByteBuffer.wrap((name + " " + content.length + "\n")
        .getBytes(StandardCharsets.US_ASCII)));
    log.force(false);
    return System.nanoTime() - t0;
  }

  @Override
  public void close() throws IOException {
    log.close();
  }
}
