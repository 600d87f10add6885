package io.revkeep.backup;

import io.revkeep.backup.RecordSegments.Kind;
import io.revkeep.backup.RecordSegments.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The backup folder's own record of every event it handled and every copy retention removed, read
 * from {@code <backup>/.revkeep-backup/record/} without the data folder ({@link RecordSegments},
 * {@link RecordLines}; the format is docs/ARCHITECTURE.md, "The backup record").
 *
 * <p>One entry per seq: the writer never records a seq twice, but a crash during a compaction
 * can leave a merged segment beside the segments it merged, and a prune interrupted between
 * recording a removal and deleting the copy records it again; the reader keeps the first entry it
 * reads for a seq (segments in the order of their first seq) and drops the others, which hold the
 * same. A segment merged away while it is being read is read again from a fresh listing.
 *
 * <p>What is damaged: a line that is not a complete, valid line of the format, an entry of the
 * wrong kind for its segment, a version outside its segment's seq range. A crash never damages
 * the record (segments appear whole, by rename; a crash leaves only temporary files, which are
 * not segments), so there is nothing to forgive: {@link #read(Path)} fails on the first damaged
 * line with a {@link RecordDamagedException} naming the file and line, and {@link #read(Path,
 * Consumer)} skips it and reports it in one line.
 *
 * <p>Instances are immutable.
 */
public final class BackupRecord {
  /** Receives versions in ascending seq, each once. */
  @FunctionalInterface
  public interface VersionVisitor {
    void accept(RecordedVersion version) throws IOException;
  }

  /** How often a read starts again when a compaction merges segments under it. */
  private static final int ATTEMPTS = 10;

  private final BackupFolder folder;
  private final List<RecordedVersion> versions;
  private final List<RecordedRemoval> removals;
  private final Map<Long, RecordedRemoval> removalBySeq;
  private final boolean complete;

  private BackupRecord(BackupFolder folder, List<RecordedVersion> versions,
      TreeMap<Long, RecordedRemoval> removals, boolean complete) {
    this.folder = folder;
    this.versions = List.copyOf(versions);
    this.removals = List.copyOf(removals.values());
    this.removalBySeq = removals;
    this.complete = complete;
  }

  /**
   * Reads the whole record of the backup folder at {@code backupRoot} (empty when it has none).
   *
   * @throws RecordDamagedException on the first damaged line (file and line in its message)
   */
  public static BackupRecord read(Path backupRoot) throws IOException {
    return read(backupRoot, null);
  }

  /**
   * Reads what can be read of the record: each damaged line is skipped and reported to {@code
   * onDamage} as one line (file, line, what); null makes the first one fail as {@link
   * #read(Path)} does.
   */
  public static BackupRecord read(Path backupRoot, Consumer<String> onDamage) throws IOException {
    BackupFolder folder = new BackupFolder(backupRoot, "");
    Path dir = folder.recordDir();
    boolean complete = folder.hasCurrentLayout();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      TreeMap<Long, RecordedVersion> versions = new TreeMap<>();
      TreeMap<Long, RecordedRemoval> removals = new TreeMap<>();
      List<String> damage = new ArrayList<>();
      try {
        for (Segment s : RecordSegments.list(dir)) {
          readSegment(s, v -> {
            versions.putIfAbsent(v.seq(), v);
            return null;
          }, r -> {
            removals.putIfAbsent(r.seq(), r);
            return null;
          }, onDamage == null ? null : damage::add);
        }
      } catch (NoSuchFileException gone) {
        continue; // merged by a compaction meanwhile: list again
      }
      if (onDamage != null) {
        damage.forEach(onDamage);
      }
      return new BackupRecord(folder, new ArrayList<>(versions.values()), removals, complete);
    }
    throw new IOException("the backup record in " + dir + " kept changing while it was read;"
        + " try again");
  }

  /**
   * Hands every recorded version to {@code visitor} in ascending seq, each once, without holding
   * the record in memory.
   *
   * @throws RecordDamagedException on the first damaged line
   */
  public static void forEachVersion(Path backupRoot, VersionVisitor visitor) throws IOException {
    Path dir = folder(backupRoot);
    BitSet emitted = new BitSet();
    long[] high = {0};
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        for (Segment s : RecordSegments.list(dir)) {
          if (s.kind() != Kind.VERSIONS || s.last() <= high[0]) {
            continue; // a segment merged into one already read
          }
          readSegment(s, v -> {
            if (v.seq() > Integer.MAX_VALUE) {
              return "seq " + v.seq() + " is beyond what this revkeep reads";
            }
            if (emitted.get((int) v.seq())) {
              return null; // the same seq in an overlapping segment
            }
            if (v.seq() < high[0]) {
              return "seq " + v.seq() + " comes after seq " + high[0] + " was read: segments"
                  + " that overlap with different entries";
            }
            emitted.set((int) v.seq());
            high[0] = v.seq();
            visitor.accept(v);
            return null;
          }, r -> null, null);
        }
        return;
      } catch (NoSuchFileException gone) {
        // merged by a compaction meanwhile: list again and go on after what was handed out
      }
    }
    throw new IOException("the backup record in " + dir + " kept changing while it was read;"
        + " try again");
  }

  /** The record folder of a backup root. */
  static Path folder(Path backupRoot) {
    return new BackupFolder(backupRoot, "").recordDir();
  }

  /** Takes one entry; returns null, or what is wrong with it (damage). */
  private interface Sink<T> {
    String accept(T entry) throws IOException;
  }

  /** Reads one segment; damage goes to {@code damage}, or is thrown when it is null. */
  private static void readSegment(Segment s, Sink<RecordedVersion> versions,
      Sink<RecordedRemoval> removals, Consumer<String> damage) throws IOException {
    RecordSegments.readEntries(s, new RecordSegments.EntrySink() {
      @Override
      public String entry(Object entry, String line) throws IOException {
        return entry instanceof RecordedVersion v ? versions.accept(v)
            : removals.accept((RecordedRemoval) entry);
      }

      @Override
      public void damaged(int number, String what) throws IOException {
        RecordDamagedException e = new RecordDamagedException(s.file(), number, what);
        if (damage == null) {
          throw e;
        }
        damage.accept(e.getMessage());
      }
    });
  }

  /** Every recorded version, ascending by seq, one per seq. */
  public List<RecordedVersion> versions() {
    return versions;
  }

  /** Every copy retention removed, ascending by seq, one per seq. */
  public List<RecordedRemoval> removals() {
    return removals;
  }

  /** The removal of the copy of this seq's version, if retention removed it. */
  public Optional<RecordedRemoval> removal(long seq) {
    return Optional.ofNullable(removalBySeq.get(seq));
  }

  /**
   * The file of a version's copy in this backup folder, or empty when it has none (a DELETE, or
   * bytes that were gone). The name was checked when read: it is its version's and stays inside
   * the folder, outside the state folder. The file may be missing or damaged: check its hash.
   */
  public Optional<Path> copyFile(RecordedVersion v) throws IOException {
    return v.copy() == null ? Optional.empty() : Optional.of(folder.copyAt(v.copy()));
  }

  /** The highest seq recorded; 0 when none is. */
  public long lastSeq() {
    return versions.isEmpty() ? 0 : versions.get(versions.size() - 1).seq();
  }

  /**
   * Whether the folder is in this layout for good: every event its backup handled up to its
   * cursor is in the record. False for a folder written by a revkeep before the record until the
   * backup has migrated it ({@link Migration}), and for a new folder until its first catch-up.
   */
  public boolean complete() {
    return complete;
  }

  /** Whether a backup root has a record folder at all. */
  public static boolean exists(Path backupRoot) {
    return Files.isDirectory(folder(backupRoot));
  }
}
