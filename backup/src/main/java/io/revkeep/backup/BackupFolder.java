package io.revkeep.backup;

import io.revkeep.core.Durable;
import io.revkeep.core.Sha256;
import io.revkeep.core.model.Event;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The backup folder: versioned copies {@code <backup>/<path>.<version>.s<seq><suffix>} (named by
 * {@link CopyNames}) and, in the hidden state folder {@value #STATE}, the durable cursor (the last
 * event seq whose copy and record entry are durable), the record ({@link BackupRecord}), the
 * quarantine ({@link Quarantine}) and the layout mark ({@link Migration}). Thread-safe: it holds
 * no state besides paths.
 */
public final class BackupFolder {
  /** The hidden state folder under the backup folder; copies never end with this name. */
  public static final String STATE = ".revkeep-backup";
  /** Temporary files are named with this prefix (as everywhere in revkeep) and never kept. */
  static final String TEMP_PREFIX = ".revkeep-tmp-";
  private static final int BUFFER_BYTES = 128 * 1024;

  private final Path root;
  private final String suffix;

  public BackupFolder(Path root, String suffix) {
    this.root = root.toAbsolutePath().normalize();
    this.suffix = suffix;
  }

  public Path root() {
    return root;
  }

  public Path stateDir() {
    return root.resolve(STATE);
  }

  /** Where the record's segments are ({@link RecordSegments}). */
  Path recordDir() {
    return stateDir().resolve("record");
  }

  /** Where copies that hold other bytes than their version's are moved ({@link Quarantine}). */
  Path quarantineDir() {
    return stateDir().resolve("quarantine");
  }

  public String suffix() {
    return suffix;
  }

  /**
   * Where the copy of this version goes ({@link CopyNames}). The path is the stored, normalized
   * path relative to the shared root; anything that would leave the backup folder or enter its
   * state folder is refused.
   */
  public Path copyOf(String path, int version, long seq) throws IOException {
    checkPath(path);
    return inside(path, CopyNames.of(path, version, seq, suffix));
  }

  /** The copy of an event's version. */
  public Path copyOf(Event e) throws IOException {
    return copyOf(e.name(), e.version(), e.seq());
  }

  /** Where the layout before the seq put this version's copy ({@link Migration}). */
  Path oldLayoutCopyOf(String path, int version) throws IOException {
    checkPath(path);
    return inside(path, CopyNames.oldLayout(path, version, suffix));
  }

  /** A copy's name relative to the root, as the record keeps it ({@code /} between folders). */
  String relative(Path copy) {
    return root.relativize(copy).toString().replace(java.io.File.separatorChar, '/');
  }

  /**
   * The file a copy name of the record stands for; refused (IOException) when the name would lead
   * outside the backup folder or into its state folder.
   */
  public Path copyAt(String relative) throws IOException {
    checkPath(relative);
    return inside(relative, relative);
  }

  private static void checkPath(String path) throws IOException {
    // a backslash is an ordinary character in a Linux file name (recorded names may hold one)
    if (path.isEmpty() || path.startsWith("/") || path.indexOf('\0') >= 0) {
      throw new IOException("refusing to back up a file with the path '" + path + "'");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IOException("refusing to back up a file with the path '" + path + "'");
      }
    }
  }

  private Path inside(String path, String name) throws IOException {
    Path copy = root.resolve(name).normalize();
    if (!copy.startsWith(root) || copy.equals(root) || copy.startsWith(stateDir())) {
      throw new IOException("refusing to back up '" + path + "' outside the backup folder");
    }
    return copy;
  }

  // ---- layout ---------------------------------------------------------------------------------

  private Path layoutFile() {
    return stateDir().resolve("layout");
  }

  /**
   * Whether the folder is known to be in this layout: copies named with their seq, every event
   * up to the cursor in the record. Absent in a folder a revkeep before the record wrote, and in
   * a new one until its first catch-up ({@link Migration}).
   */
  boolean hasCurrentLayout() {
    return Files.exists(layoutFile());
  }

  /** Marks the folder as in this layout (atomically and durably). */
  void markCurrentLayout() throws IOException {
    writeAtomically(layoutFile(), (LAYOUT + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** The content of the layout mark: copies named by seq, with a record. */
  static final String LAYOUT = "2 (copies <path>.<version>.s<seq><suffix>, record in record/)";

  // ---- cursor ---------------------------------------------------------------------------------

  private Path cursorFile() {
    return stateDir().resolve("cursor");
  }

  /** Whether a backup has ever run into this folder (its state folder exists). */
  public boolean hasState() {
    return Files.isDirectory(stateDir());
  }

  /** The durable cursor: the seq up to which every copy is durable; 0 when there is none. */
  public long readCursor() throws IOException {
    try {
      String text = Files.readString(cursorFile(), StandardCharsets.UTF_8).strip();
      return Long.parseLong(text);
    } catch (NoSuchFileException e) {
      return 0;
    } catch (NumberFormatException e) {
      throw new IOException("the backup cursor " + cursorFile() + " is damaged ('" + e.getMessage()
          + "'); delete it to copy everything again (existing copies are not rewritten)");
    }
  }

  /** Replaces the cursor: temporary file, fsync, rename, fsync of the folder. */
  public void writeCursor(long seq) throws IOException {
    Files.createDirectories(stateDir());
    writeAtomically(cursorFile(), (seq + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Writes small content to a file atomically and durably. */
  static void writeAtomically(Path file, byte[] content) throws IOException {
    Path temp = tempNextTo(file);
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        ByteBuffer bb = ByteBuffer.wrap(content);
        while (bb.hasRemaining()) {
          ch.write(bb);
        }
        ch.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Durable.fsyncDirectory(file.getParent());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  // ---- files ----------------------------------------------------------------------------------

  /** A fresh temporary name in the same folder as {@code file}. */
  static Path tempNextTo(Path file) {
    return file.resolveSibling(TEMP_PREFIX + file.getFileName() + "-"
        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
  }

  /** Removes temporary files a crash left behind (also the fetch's own {@code .part} files). */
  public int removeLeftovers() throws IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    int[] removed = {0};
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String name = file.getFileName().toString();
        if (name.startsWith(TEMP_PREFIX) || name.startsWith("." + TEMP_PREFIX)) {
          Files.deleteIfExists(file);
          removed[0]++;
        }
        return FileVisitResult.CONTINUE;
      }
    });
    return removed[0];
  }

  /** Copies a stream into a new file and fsyncs it; returns the SHA-256 of what was written. */
  static String writeDurably(InputStream in, Path file) throws IOException {
    return write(in, file, true);
  }

  /**
   * Copies a stream into a new file, not yet fsynced (a copy's group fsyncs it: {@link
   * CopyGroup#commit}); returns the SHA-256 of what was written.
   */
  static String write(InputStream in, Path file) throws IOException {
    return write(in, file, false);
  }

  private static String write(InputStream in, Path file, boolean fsync) throws IOException {
    MessageDigest sha = Sha256.digest();
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      byte[] buf = new byte[Sha256.bufferFor(in)];
      int n;
      while ((n = in.read(buf)) >= 0) {
        sha.update(buf, 0, n);
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
          out.write(bb);
        }
      }
      if (fsync) {
        out.force(true);
      }
    }
    return Sha256.hex(sha);
  }

  /** Makes a file read-only for everyone (copies are never edited in place). */
  static void makeReadOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
    } catch (UnsupportedOperationException e) {
      file.toFile().setReadOnly();
    }
  }

}
