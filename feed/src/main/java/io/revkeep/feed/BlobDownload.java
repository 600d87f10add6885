package io.revkeep.feed;

import io.revkeep.core.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.CompletableFuture;

/**
 * One blob a {@link FeedClient} fetches, received into a temporary file next to its destination:
 * begun by the {@code blob} header, written chunk by chunk while its SHA-256 is computed, and on
 * {@code end} checked (size and hash), fsynced and renamed over the destination; the future
 * completes with the size, or exceptionally (the temporary file is then removed). Confined to the
 * connection's event loop.
 */
final class BlobDownload {
  /*
   * Threads:    made by FeedClient.fetch on any thread, then used only on the connection's event
   *             loop (ClientSession); the future's dependants run there unless made async.
   * State:      the temporary file, its channel and digest, the announced and received sizes.
   * Shutdown:   fail() (the connection lost, the client closed) closes and removes the file.
   */
  final String hash;
  final Path dest;
  final CompletableFuture<Long> future;
  boolean started;
  private Path tmp;
  private FileChannel out;
  private MessageDigest sha;
  private long announced = -1;
  private long received;

  BlobDownload(String hash, Path dest, CompletableFuture<Long> future) {
    this.hash = hash;
    this.dest = dest;
    this.future = future;
  }

  void begin(long size) {
    started = true;
    announced = size;
    try {
      sha = Sha256.digest();
      Path dir = dest.getParent();
      tmp = Files.createTempFile(dir, "." + dest.getFileName() + ".", ".part");
      out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      fail(new IOException("fetch " + hash + ": cannot write " + dest + ": " + e.getMessage(), e));
    }
  }

  void write(byte[] data) {
    if (future.isDone()) {
      return; // failed locally; the rest of the blob is read and dropped
    }
    try {
      ByteBuffer bb = ByteBuffer.wrap(data);
      while (bb.hasRemaining()) {
        out.write(bb);
      }
      sha.update(data);
      received += data.length;
    } catch (IOException e) {
      fail(new IOException("fetch " + hash + ": cannot write " + tmp + ": " + e.getMessage(), e));
    }
  }

  void finish() {
    if (future.isDone()) {
      return;
    }
    try {
      String actual = Sha256.hex(sha);
      if (announced >= 0 && announced != received) {
        throw new IOException("fetch " + hash + ": received " + received + " bytes, the server announced "
            + announced);
      }
      if (!actual.equals(hash)) {
        throw new IOException("fetch " + hash + ": the received bytes hash to " + actual);
      }
      out.force(true);
      out.close();
      out = null;
      Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      future.complete(received);
    } catch (IOException e) {
      fail(e);
    }
  }

  void fail(Throwable cause) {
    try {
      if (out != null) {
        out.close();
        out = null;
      }
      if (tmp != null) {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
    future.completeExceptionally(cause);
  }
}
