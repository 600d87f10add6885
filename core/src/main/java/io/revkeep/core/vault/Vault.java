package io.revkeep.core.vault;

import io.revkeep.core.Durable;
import io.revkeep.core.OwnerOnly;
import io.revkeep.core.RegularFile;
import io.revkeep.core.BatchSync;
import io.revkeep.core.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * The version vault: every version's bytes, content-addressed by SHA-256 under
 * {@code <root>/ab/cdef…}; identical content is stored once.
 *
 * <p>{@link #capture(Path)} reads a file exactly once into two sinks — the digest and a temporary
 * file — so the bytes that were hashed are the bytes kept. {@link Capture#commit()} makes the
 * object durable (fsync, then an atomic rename into place).
 */
public final class Vault implements BlobSource {
  /*
   * Threads:    any number of threads may capture, commit and read at once. commitAll hands
   *             fsyncs of copies and folders to ParallelFsync's threads (or syncs the file
   *             system, BatchSync) and waits for every one of them before it renames or returns.
   * State:      only the file system. Each capture owns one temporary file under tmp/ with a
   *             unique name; an object appears at its final name only by an atomic rename.
   * Invariants: a file at an object name is complete, fsynced, and hashes to its name. Two
   *             threads committing the same content race only on the rename, and either result
   *             is the same bytes.
   * Shutdown:   nothing to close; a crash can leave files in tmp/, which the constructor removes.
   */

  /** How a capture's temporary file is opened: made by this open, or the open fails. */
  private static final Set<StandardOpenOption> NEW_PRIVATE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  /** Read/write buffer; large enough to amortise system calls, small enough to stay in cache. */
  private static final int BUFFER_BYTES = 128 * 1024;

  private final Path root;
  private final Path tmp;
  /** The mode a temporary file is created with: 0600, where the file system has modes. */
  private final FileAttribute<?>[] tempMode;

  /** Opens (creating if needed) the vault at {@code root} and clears leftovers of a crash. */
  public Vault(Path root) {
    this.root = root.toAbsolutePath().normalize();
    this.tmp = this.root.resolve("tmp");
    try {
      OwnerOnly.createFolder(this.root);
      OwnerOnly.createFolder(tmp);
      try (Stream<Path> leftovers = Files.list(tmp)) {
        for (Path p : (Iterable<Path>) leftovers::iterator) {
          Files.deleteIfExists(p);
        }
      }
      makePrefixFolders();
      this.tempMode = OwnerOnly.fileAttributesIn(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the vault at " + this.root + ": " + e, e);
    }
  }

  /**
   * Makes the 256 folders objects go in ({@code 00} … {@code ff}, by their hash's first two
   * digits) now, and fsyncs the root once, so a commit in a young vault does not make its
   * folder and fsync the root on the way to recording a version. Done only where the vault
   * may be written; a commit still makes a folder that is missing.
   */
  private void makePrefixFolders() throws IOException {
    if (!Files.isWritable(root)) {
      return;
    }
    boolean made = false;
    for (int i = 0; i < 256; i++) {
      Path folder = root.resolve(String.format("%02x", i));
      if (!Files.isDirectory(folder)) {
        OwnerOnly.createFolder(folder);
        made = true;
      }
    }
    if (made) {
      Durable.fsyncDirectory(root);
    }
  }

  public Path root() {
    return root;
  }

  /** Whether {@code s} looks like a SHA-256 in lower-case hex. */
  public static boolean isHash(String s) {
    if (s == null || s.length() != 64) {
      return false;
    }
    // a loop, not a regular expression: asked for every version recorded and every read
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /** Where the object with this hash lives (it may not exist). */
  public Path pathOf(String hash) {
    if (!isHash(hash)) {
      throw new IllegalArgumentException("not a SHA-256 hash: '" + hash + "'");
    }
    return root.resolve(hash.substring(0, 2)).resolve(hash.substring(2));
  }

  public boolean contains(String hash) {
    return isHash(hash) && Files.isRegularFile(pathOf(hash));
  }

  @Override
  public Optional<InputStream> open(String hash) throws IOException {
    if (!isHash(hash)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.newInputStream(pathOf(hash)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads {@code file} once, hashing and copying it to a temporary file together. The file's
   * attributes are read from the opened file before and from the path after; if its size,
   * modification time or identity changed, or the bytes read differ from the size, the copy is
   * dropped and {@link FileChangedException} is thrown: the caller tries again when the file is
   * quiet. Symbolic links are not followed; anything but a regular file (a FIFO, a link, a
   * folder) is refused unread, without waiting ({@link RegularFile.NotRegularException}).
   *
   * @return the capture; the caller must {@link Capture#commit()} or {@link Capture#close()} it
   */
  public Capture capture(Path file) throws IOException {
    String hash;
    long total = 0;
    BasicFileAttributes before;
    Path temp = tmp.resolve(tempName("capture-"));
    // the file is opened first, and only if it is a regular file (RegularFile: a FIFO put at
    // the path after the caller looked must not block us): one that vanished meanwhile (an
    // editor's temporary) costs no temporary file of ours. That one is made by the very open
    // that writes it (createTempFile would create it, close it, and leave it to be opened again).
    try (RegularFile.Opened opened = RegularFile.open(file)) {
      FileChannel in = opened.channel();
      before = opened.attributes();
      FileChannel out = FileChannel.open(temp, NEW_PRIVATE, tempMode);
      boolean ok = false;
      try {
        try (out) {
          MessageDigest sha = Sha256.digest();
          ByteBuffer buf = ByteBuffer.allocate(bufferFor(before.size()));
          int n;
          while ((n = in.read(buf)) >= 0) {
            if (n == 0) {
              continue;
            }
            buf.flip();
            sha.update(buf.array(), 0, buf.limit());
            while (buf.hasRemaining()) {
              out.write(buf);
            }
            total += n;
            buf.clear();
          }
          hash = Sha256.hex(sha);
        }
        BasicFileAttributes after =
            Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (after.size() != before.size() || total != before.size()) {
          throw new FileChangedException(file, "size " + before.size() + " → " + after.size()
              + ", read " + total);
        }
        if (!after.lastModifiedTime().equals(before.lastModifiedTime())) {
          throw new FileChangedException(file, "modification time");
        }
        if (!Objects.equals(after.fileKey(), before.fileKey())) {
          throw new FileChangedException(file, "replaced by another file");
        }
        ok = true;
      } finally {
        if (!ok) {
          Files.deleteIfExists(temp);
        }
      }
    }
    return new Capture(hash, total, before, temp);
  }

  /**
   * A name for a new temporary file in tmp/. Unique enough that CREATE_NEW never meets another
   * one (64 random bits; tmp/ is the owner's alone, so the name need not be unguessable), and a
   * clash would fail the capture, not overwrite anything.
   */
  private static String tempName(String prefix) {
    // hex: Long.toUnsignedString(…, 36) took 1.3 % of the settler in a burst (division by 36)
    return prefix + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part";
  }

  /**
   * The read buffer of a capture: the file's size and one byte (so the read that finds its end
   * needs no second buffer), at most BUFFER_BYTES. A burst of small files then allocates a few
   * KiB per file, not 128 KiB each (zeroed, and the collector's work: in a profile of a
   * 10,000-file burst, more of the settler's time than its fsyncs). A file that grew since its
   * size was read is still read whole, in more turns, and then refused as changed.
   */
  static int bufferFor(long size) {
    return size >= BUFFER_BYTES ? BUFFER_BYTES : (int) Math.max(0, size) + 1;
  }

  /**
   * Stores bytes from a stream (an upload, a fetched blob) under their hash; returns the hash.
   * The stream is read to its end but not closed.
   */
  public String put(InputStream in) throws IOException {
    return store(in, null);
  }

  /**
   * Stores bytes from a stream only when they hash to {@code expected} (a backup copy put back:
   * its name says which content it should hold): true when the object is stored (or was
   * already), false when the bytes are other ones — then nothing is kept. The stream is read to
   * its end but not closed.
   */
  public boolean putIfHash(InputStream in, String expected) throws IOException {
    if (!isHash(expected)) {
      throw new IllegalArgumentException("not a SHA-256 hash: '" + expected + "'");
    }
    return store(in, expected) != null;
  }

  /** Stages, hashes and commits the stream; null (nothing kept) when expected is not its hash. */
  private String store(InputStream in, String expected) throws IOException {
    Path temp = Files.createTempFile(tmp, "put-", ".part");
    try {
      MessageDigest sha = Sha256.digest();
      long total = 0;
      try (var out = Files.newOutputStream(temp)) {
        byte[] buf = new byte[BUFFER_BYTES];
        int n;
        while ((n = in.read(buf)) >= 0) {
          sha.update(buf, 0, n);
          out.write(buf, 0, n);
          total += n;
        }
      }
      String hash = Sha256.hex(sha);
      if (expected != null && !expected.equals(hash)) {
        return null;
      }
      new Capture(hash, total, null, temp).commit();
      return hash;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Commits many captures with fewer waits than one {@link Capture#commit()} each: the copies
   * are made durable together ({@link BatchSync}: fsynced from many threads at once, or for a
   * large batch one syncfs of the vault's file system), then renamed into place, then the
   * folders that received an object are made durable the same way. No copy is renamed before
   * every copy is durable, and this returns only once every renamed object's folder is:
   * whatever a crash interrupts, an object name holds complete bytes or nothing. Already
   * committed or closed captures are refused as by commit(). The vault is one folder tree on
   * one file system (no mount inside it).
   */
  public void commitAll(List<Capture> captures) throws IOException {
    List<Capture> fresh = new ArrayList<>();
    for (Capture c : captures) {
      c.checkOpen();
      if (Files.exists(pathOf(c.hash))) {
        c.close(); // same content already stored
      } else {
        fresh.add(c);
      }
    }
    try (BatchSync sync = BatchSync.begin(root, fresh.size())) {
      try {
        sync.durable(fresh.stream().map(c -> c.temp).toList());
      } catch (IOException e) {
        for (Capture c : fresh) {
          c.close();
        }
        throw e;
      }
      Set<Path> folders = new LinkedHashSet<>();
      for (Capture c : fresh) {
        c.moveIntoPlace(folders);
      }
      sync.durable(folders);
    }
  }

  /** Removes an object (retention); false if it was not there. */
  public boolean remove(String hash) throws IOException {
    return Files.deleteIfExists(pathOf(hash));
  }

  /** Hashes the object again and tells whether its bytes still match its name. */
  public boolean verify(String hash) throws IOException {
    Optional<InputStream> in = open(hash);
    if (in.isEmpty()) {
      return false;
    }
    try (InputStream s = in.get()) {
      return Sha256.of(s).equals(hash);
    }
  }

  /** SHA-256 of a byte array, lower-case hex (as {@link Sha256#of}). */
  public static String sha256Hex(byte[] bytes) {
    return Sha256.of(bytes);
  }

  /**
   * The bytes of one file read by {@link #capture}, held in a temporary file until committed.
   * Not thread-safe: one owner.
   */
  public final class Capture implements AutoCloseable {
    private final String hash;
    private final long size;
    private final BasicFileAttributes attributes;
    private final Path temp;
    private boolean done;

    private Capture(String hash, long size, BasicFileAttributes attributes, Path temp) {
      this.hash = hash;
      this.size = size;
      this.attributes = attributes;
      this.temp = temp;
    }

    /** SHA-256 of the bytes read, lower-case hex. */
    public String hash() {
      return hash;
    }

    public long size() {
      return size;
    }

    /** The file's attributes as seen before the read (equal to those after it). */
    public BasicFileAttributes attributes() {
      return attributes;
    }

    /**
     * Makes the object durable under its hash: fsync the copy, rename it into place atomically,
     * fsync the folder. If the object already exists the copy is dropped (same content).
     */
    public void commit() throws IOException {
      checkOpen();
      if (Files.exists(pathOf(hash))) {
        close();
        return;
      }
      syncCopy();
      Set<Path> folders = new LinkedHashSet<>();
      moveIntoPlace(folders);
      for (Path folder : folders) {
        Durable.fsyncDirectory(folder);
      }
    }

    private void checkOpen() {
      if (done) {
        throw new IllegalStateException("capture of " + hash + " already committed or closed");
      }
    }

    private void syncCopy() throws IOException {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
    }

    /**
     * Renames the synced copy to its object name; adds to {@code toSync} the folders to fsync
     * before the object counts as durable: its folder, and the vault's root when that folder
     * was made now (else a crash could lose the new folder's entry, and the object with it).
     */
    private void moveIntoPlace(Set<Path> toSync) throws IOException {
      done = true;
      Path target = pathOf(hash);
      Path folder = target.getParent();
      boolean made = false;
      try {
        if (!Files.isDirectory(folder)) {
          OwnerOnly.createFolder(folder);
          made = true;
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE); // rename(2): replaces a twin
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(temp); // after a successful rename there is nothing left to delete
        throw e;
      }
      toSync.add(folder);
      if (made) {
        toSync.add(root);
      }
    }

    /** Drops the copy unless it was committed. */
    @Override
    public void close() throws IOException {
      if (!done) {
        done = true;
        Files.deleteIfExists(temp);
      }
    }
  }
}
