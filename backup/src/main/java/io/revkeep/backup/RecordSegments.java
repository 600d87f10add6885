package io.revkeep.backup;

import io.revkeep.core.Durable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files of the backup record, {@code <backup>/.revkeep-backup/record/}: immutable segments of
 * JSON lines ({@link RecordLines}), each written once — temporary name {@code .revkeep-tmp-*} in
 * the same folder, fsync, read-only, atomic rename, fsync of the folder — and never changed after.
 *
 * <ul>
 *   <li>{@code <first>-<last>.jsonl}: the versions of the events {@code first..last} (seqs),
 *       ascending; written by the backup daemon, the one writer of these.
 *   <li>{@code removed-<epoch ms>-<random>.jsonl}: copies retention removed; written by whoever
 *       prunes (the daemon, {@code revkeep prune}), so the random part keeps two writers apart.
 * </ul>
 *
 * <p>Because a segment appears only by a rename after its fsync, a crash leaves either the whole
 * segment or none of it, plus at most a temporary file, which readers ignore and the daemon removes
 * at start. A segment whose last line has no line end was therefore cut short by something else
 * than a crash (a damaged disk): it is read as damaged, not forgiven. Segments may overlap after a
 * crash during compaction ({@link RecordCompaction}); readers keep one entry per seq. Stateless.
 */
final class RecordSegments {
  /** What a segment holds. */
  enum Kind { VERSIONS, REMOVALS }

  /**
   * One segment file.
   *
   * @param first the first seq (versions) or the time in epoch ms (removals)
   * @param last the last seq (versions) or the same time (removals)
   */
  record Segment(Path file, Kind kind, long first, long last) {
    /** How many seqs a version segment's name spans. */
    long span() {
      return last - first + 1;
    }

    String name() {
      return file.getFileName().toString();
    }
  }

  private static final Pattern VERSIONS = Pattern.compile("([1-9][0-9]{0,18})-([1-9][0-9]{0,18})\\.jsonl");
  private static final Pattern REMOVALS = Pattern.compile("removed-([0-9]{1,19})-([0-9a-z]{1,13})\\.jsonl");

  /** Versions first (by first seq, the wider of two with the same first before), then removals by time. */
  private static final Comparator<Segment> ORDER = Comparator.comparing(Segment::kind)
      .thenComparingLong(Segment::first).thenComparing(Comparator.comparingLong(Segment::last)
          .reversed()).thenComparing(Segment::name);

  private RecordSegments() {}

  /** The segments in a record folder, in reading order; empty when there is no folder. */
  static List<Segment> list(Path dir) throws IOException {
    List<Segment> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        parse(f).ifPresent(out::add);
      }
    }
    out.sort(ORDER);
    return out;
  }

  /** The segment a file name stands for; temporary and other files are none. */
  static java.util.Optional<Segment> parse(Path file) {
    String name = file.getFileName().toString();
    Matcher v = VERSIONS.matcher(name);
    if (v.matches()) {
      try {
        long first = Long.parseLong(v.group(1));
        long last = Long.parseLong(v.group(2));
        return first <= last ? java.util.Optional.of(new Segment(file, Kind.VERSIONS, first, last))
            : java.util.Optional.empty();
      } catch (NumberFormatException e) {
        return java.util.Optional.empty(); // beyond a long: not a name this writer makes
      }
    }
    Matcher r = REMOVALS.matcher(name);
    if (r.matches()) {
      try {
        long at = Long.parseLong(r.group(1));
        return java.util.Optional.of(new Segment(file, Kind.REMOVALS, at, at));
      } catch (NumberFormatException e) {
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.empty();
  }

  /** Writes the versions of seqs {@code first..last} as a new segment; returns it. */
  static Segment writeVersions(Path dir, long first, long last, List<String> lines)
      throws IOException {
    Path file = dir.resolve(first + "-" + last + ".jsonl");
    write(file, lines);
    return new Segment(file, Kind.VERSIONS, first, last);
  }

  /** Writes removals as a new segment named after {@code now}; returns it. */
  static Segment writeRemovals(Path dir, Instant now, List<String> lines) throws IOException {
    long at = Math.max(0, now.toEpochMilli());
    Path file = dir.resolve("removed-" + at + "-"
        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".jsonl");
    write(file, lines);
    return new Segment(file, Kind.REMOVALS, at, at);
  }

  /**
   * Writes a segment: temporary file, fsync, read-only, rename, fsync of the folder. A segment of
   * that name that exists already is never replaced: with the same bytes it stands (a repeated
   * write), with other bytes this fails.
   */
  private static void write(Path file, List<String> lines) throws IOException {
    Files.createDirectories(file.getParent());
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
    Path temp = BackupFolder.tempNextTo(file);
    try {
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        ByteBuffer bb = ByteBuffer.wrap(bytes);
        while (bb.hasRemaining()) {
          ch.write(bb);
        }
        ch.force(true);
      }
      BackupFolder.makeReadOnly(temp);
      if (Files.exists(file)) { // one writer per name (the daemon's lock; a random part)
        if (Arrays.equals(Files.readAllBytes(file), bytes)) {
          return;
        }
        throw new IOException("the backup record segment " + file + " exists with other"
            + " content; it is never replaced");
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      Durable.fsyncDirectory(file.getParent());
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Removes segments whose entries another durable segment holds; fsyncs the folder. */
  static void delete(Path dir, List<Segment> merged) throws IOException {
    for (Segment s : merged) {
      Files.deleteIfExists(s.file());
    }
    Durable.fsyncDirectory(dir);
  }

  /** Receives the entries of a segment: each decoded, of the segment's kind and in its range. */
  interface EntrySink {
    /**
     * A well-formed entry ({@link RecordedVersion} in a version segment, {@link RecordedRemoval}
     * in a removal segment) and its line as written; returns what is wrong with it, or null.
     */
    String entry(Object entry, String line) throws IOException;

    /** A damaged line, or one {@link #entry} refused: what is wrong with it. */
    void damaged(int number, String what) throws IOException;
  }

  /**
   * Reads a segment entry by entry: a line that does not decode, an entry of the other kind and a
   * version outside the segment's seq range go to {@link EntrySink#damaged}, as does whatever the
   * sink refuses; reading goes on after them.
   *
   * @throws NoSuchFileException when the segment is gone (a compaction merged it meanwhile)
   */
  static void readEntries(Segment s, EntrySink sink) throws IOException {
    read(s, new LineSink() {
      @Override
      public void line(int number, String line) throws IOException {
        Object entry;
        try {
          entry = RecordLines.decode(line);
        } catch (IllegalArgumentException e) {
          damaged(number, e.getMessage());
          return;
        }
        String wrong;
        if (s.kind() == Kind.VERSIONS && entry instanceof RecordedVersion v) {
          wrong = v.seq() < s.first() || v.seq() > s.last() ? "seq " + v.seq()
              + " is outside the segment's " + s.first() + "-" + s.last() : sink.entry(v, line);
        } else if (s.kind() == Kind.REMOVALS && entry instanceof RecordedRemoval) {
          wrong = sink.entry(entry, line);
        } else {
          wrong = "a " + (entry instanceof RecordedVersion ? "version" : "removal")
              + " in a segment of " + s.kind().name().toLowerCase(Locale.ROOT);
        }
        if (wrong != null) {
          damaged(number, wrong);
        }
      }

      @Override
      public void damaged(int number, String what) throws IOException {
        sink.damaged(number, what);
      }
    });
  }

  /** Receives the lines of a segment, numbered from 1. */
  interface LineSink {
    /** A complete line (its line end removed). */
    void line(int number, String line) throws IOException;

    /** A line that cannot be a line the writer wrote: what is wrong with it. */
    void damaged(int number, String what) throws IOException;
  }

  /**
   * Reads a segment line by line. A line that is not UTF-8, an empty line, an overlong line and a
   * last line without its line end go to {@link LineSink#damaged}; reading goes on after them.
   *
   * @throws NoSuchFileException when the segment is gone (a compaction merged it meanwhile)
   */
  static void read(Segment s, LineSink sink) throws IOException {
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    int maxBytes = RecordLines.MAX_LINE_CHARS * 4;
    try (InputStream in = Files.newInputStream(s.file())) {
      byte[] buf = new byte[64 * 1024];
      ByteArrayOutputStream line = new ByteArrayOutputStream(512);
      boolean overlong = false;
      int number = 1;
      int n;
      while ((n = in.read(buf)) >= 0) {
        int start = 0;
        for (int i = 0; i < n; i++) {
          if (buf[i] != '\n') {
            continue;
          }
          if (!overlong) {
            line.write(buf, start, i - start);
          }
          start = i + 1;
          if (overlong || line.size() > maxBytes) {
            sink.damaged(number, "a line longer than " + RecordLines.MAX_LINE_CHARS
                + " characters");
          } else if (line.size() == 0) {
            sink.damaged(number, "an empty line");
          } else {
            try {
              sink.line(number, utf8.decode(ByteBuffer.wrap(line.toByteArray())).toString());
            } catch (CharacterCodingException e) {
              sink.damaged(number, "not UTF-8");
            }
          }
          line.reset();
          overlong = false;
          number++;
        }
        if (!overlong) {
          line.write(buf, start, n - start);
          if (line.size() > maxBytes) {
            overlong = true; // keep reading to its end, without keeping it
            line.reset();
          }
        }
      }
      if (line.size() > 0 || overlong) {
        sink.damaged(number, "the last line is cut short (no line end); a segment is renamed"
            + " into place only whole, so this is damage, not a crash");
      }
    }
  }
}
