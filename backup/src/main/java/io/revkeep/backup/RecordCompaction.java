package io.revkeep.backup;

import io.revkeep.backup.RecordSegments.Kind;
import io.revkeep.backup.RecordSegments.Segment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps the record from becoming a folder of many small files (the daemon writes a segment each
 * time it moves the cursor, a prune one per run). Segments are never changed: small ones are
 * merged into a new segment, written like any other (temporary file, fsync, rename), and only
 * then deleted. A crash in between leaves the merged segment beside some of its sources: the same
 * entries twice, which readers collapse by seq ({@link BackupRecord}) and {@link #tidy} removes.
 *
 * <p>Versions: when the last {@value #MERGE_AT} segments each span fewer than {@value #FULL_SPAN}
 * seqs, they become one; a segment of {@value #FULL_SPAN} seqs or more is never merged again, so
 * the record is about one file per {@value #FULL_SPAN} events and each entry is rewritten a few
 * times at most. Only the backup daemon does this (it holds the folder's lock). Removals: when
 * {@value #MERGE_AT} segments are smaller than {@value #SMALL_REMOVALS_BYTES} bytes, they become
 * one. Two prunes (the daemon's and {@code revkeep prune}) may merge the same ones at once: each
 * deletes only sources it has itself written into a durable segment, so at worst the entries
 * exist twice. Stateless.
 */
final class RecordCompaction {
  /** A version segment spanning this many seqs is never merged again. */
  static final long FULL_SPAN = 10_000;
  /** A removal segment this large is never merged again. */
  static final long SMALL_REMOVALS_BYTES = 4L * 1024 * 1024;
  /** How many small segments there are when they are merged. */
  static final int MERGE_AT = 16;

  private RecordCompaction() {}

  /** Merges the trailing run of small version segments once it is {@value #MERGE_AT} long. */
  static void versions(Path dir) throws IOException {
    List<Segment> all = RecordSegments.list(dir).stream()
        .filter(s -> s.kind() == Kind.VERSIONS).toList();
    int start = all.size();
    while (start > 0 && all.get(start - 1).span() < FULL_SPAN) {
      start--;
    }
    List<Segment> run = all.subList(start, all.size());
    if (run.size() < MERGE_AT) {
      return;
    }
    List<String> lines = new ArrayList<>(entries(run).values());
    RecordSegments.writeVersions(dir, run.get(0).first(), run.get(run.size() - 1).last(), lines);
    RecordSegments.delete(dir, run);
  }

  /** Merges the small removal segments once there are {@value #MERGE_AT}. */
  static void removals(Path dir, Instant now) throws IOException {
    List<Segment> small = new ArrayList<>();
    for (Segment s : RecordSegments.list(dir)) {
      if (s.kind() == Kind.REMOVALS && Files.size(s.file()) < SMALL_REMOVALS_BYTES) {
        small.add(s);
      }
    }
    if (small.size() < MERGE_AT) {
      return;
    }
    RecordSegments.writeRemovals(dir, now, new ArrayList<>(entries(small).values()));
    RecordSegments.delete(dir, small);
  }

  /**
   * Deletes each version segment whose seq range lies inside another's and whose every entry that
   * other one holds (what a crash in the middle of {@link #versions} leaves). Returns how many.
   */
  static int tidy(Path dir) throws IOException {
    List<Segment> all = RecordSegments.list(dir).stream()
        .filter(s -> s.kind() == Kind.VERSIONS).toList();
    List<Segment> covered = new ArrayList<>();
    for (Segment inner : all) {
      for (Segment outer : all) {
        if (outer != inner && !covered.contains(outer) && outer.first() <= inner.first()
            && inner.last() <= outer.last()
            && entries(List.of(outer)).keySet().containsAll(entries(List.of(inner)).keySet())) {
          covered.add(inner);
          break;
        }
      }
    }
    if (!covered.isEmpty()) {
      RecordSegments.delete(dir, covered);
    }
    return covered.size();
  }

  /**
   * The lines of segments by ascending seq, the first read of each seq; a damaged line, or an
   * entry of the wrong kind for its segment, fails the merge.
   */
  private static Map<Long, String> entries(List<Segment> segments) throws IOException {
    Map<Long, String> out = new TreeMap<>();
    for (Segment s : segments) {
      RecordSegments.readEntries(s, new RecordSegments.EntrySink() {
        @Override
        public String entry(Object entry, String line) {
          out.putIfAbsent(entry instanceof RecordedVersion v ? v.seq()
              : ((RecordedRemoval) entry).seq(), line);
          return null;
        }

        @Override
        public void damaged(int number, String what) throws IOException {
          throw new RecordDamagedException(s.file(), number, what + " (not merged: the segment"
              + " stays as it is)");
        }
      });
    }
    return out;
  }
}
