package io.revkeep.listener;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.revkeep.core.Durable;
import io.revkeep.core.OwnerOnly;
import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Origin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The changes the store could not take yet, kept on disk under {@code <data>/pending/} in the
 * order they were seen, so that no content state already captured into the vault is forgotten
 * while the store is unreachable, even across a restart. Bounded; owned by the listener.
 *
 * <p>It is also the gate between recording directly and recording through the journal: while
 * the gate is closed (the journal holds something, or the store failed and the catch-up has not
 * seen it answer since), every new change must be appended behind what is already here.
 */
final class PendingJournal implements AutoCloseable {
  /*
   * Format:     segment files <dir>/<20-digit seq>.jsonl, one change per line (JSON, UTF-8,
   *             '\n'-terminated; fields below in toJson). The newest segment takes appends until
   *             it holds SEGMENT_ENTRIES changes or the catch-up takes it; a taken segment is
   *             never written again. Each append is written and fdatasynced before append()
   *             returns (and a new segment's folder entry is fsynced when it is created), so a
   *             change the caller was told is journaled survives a crash or a power loss.
   *             Trimming is deleting the head segment (then fsyncing the folder): no rewrite.
   * Recovery:   open() reads every segment: a last line without its '\n' (a crash mid-append;
   *             its caller was never told it was journaled) is ignored; a line that does not
   *             parse is logged with its file and line number and skipped. Empty segments are
   *             deleted.
   * Threads:    the settler thread appends (append, hold); the catch-up thread takes the head
   *             segment (awaitWork), deletes it (remove) and opens the gate (openIfEmpty);
   *             status reads size() and full() from any thread.
   * State:      guarded by lock: segments (oldest first), active (the channel of the newest
   *             segment while it takes appends, else null), entries, bytes, fullReported,
   *             closed. gateOpen is written under lock and volatile, so the settler may read it
   *             without the lock: only the settler closes the gate (by appending or hold()), and
   *             only the catch-up opens it, when the journal is empty.
   * Invariants: entries/bytes are the sums over segments; the gate is open only while the
   *             journal is empty; a change is in at most one segment; segments are replayed and
   *             removed oldest first, so the order per path is the order of appends.
   * Bound:      maxEntries changes and maxBytes bytes. An append that does not fit is refused
   *             whole (false): the caller falls back to reading the path again later, and the
   *             first refusal of each episode is logged as an error.
   * Shutdown:   close() closes the active channel and wakes a waiting catch-up; the files stay
   *             for the next start.
   * Testing:    PendingJournalTest (format, recovery, bound); StoreOutageIT through the daemon.
   */

  private static final Logger LOG = LogManager.getLogger();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Changes per segment before a new one is started: also the catch-up's replay chunk. */
  static final int SEGMENT_ENTRIES = 256;
  /** Default bound on the changes kept: about a day of a busy share's changes. */
  static final long DEFAULT_MAX_ENTRIES = 100_000;
  /** Default bound on the journal's size on disk. */
  static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
  /** Version of the line format, written in every line as "v". */
  private static final int FORMAT = 1;
  private static final Pattern SEGMENT_NAME = Pattern.compile("\\d{20}\\.jsonl");

  /** The bound. */
  record Limits(long maxEntries, long maxBytes) {
    static final Limits DEFAULT = new Limits(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_BYTES);
  }

  /** A taken segment: its changes, in order, to be replayed and then removed. */
  record Segment(long seq, Path file, List<Change> changes, long bytes) {}

  /** What the catch-up has to do next. */
  sealed interface Work {
    /** Replay this segment, then remove it. */
    record Replay(Segment segment) implements Work {}

    /** Nothing is journaled but the gate is closed: check that the store answers, then open. */
    record Probe() implements Work {}
  }

  /** One segment's bookkeeping; the file is the truth, re-read when the segment is taken. */
  private static final class Meta {
    final long seq;
    long entries;
    long bytes;
    /** Whether its damaged lines (if any) were logged already: each is logged once. */
    boolean reported;

    Meta(long seq, long entries, long bytes) {
      this.seq = seq;
      this.entries = entries;
      this.bytes = bytes;
    }
  }

  private final Path dir;
  private final Limits limits;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled on every append, hold() and close(). */
  private final Condition changed = lock.newCondition();
  // @GuardedBy("lock")
  private final Deque<Meta> segments = new ArrayDeque<>();
  // @GuardedBy("lock")
  private FileChannel active;
  // @GuardedBy("lock")
  private long nextSeq;
  // @GuardedBy("lock")
  private boolean fullReported;
  // @GuardedBy("lock")
  private boolean closed;
  // written under lock; read by status without it
  private volatile long entries;
  private volatile long bytes;
  private volatile boolean full;
  /** Whether changes may be recorded directly; see the design comment. Written under lock. */
  private volatile boolean gateOpen;

  private PendingJournal(Path dir, Limits limits) {
    this.dir = dir;
    this.limits = limits;
  }

  /**
   * Opens (creating) the journal folder and reads what a previous run left. The gate starts
   * closed: the catch-up opens it once the store has taken everything.
   */
  static PendingJournal open(Path dir, Limits limits) throws IOException {
    OwnerOnly.createFolder(dir);
    PendingJournal j = new PendingJournal(dir, limits);
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        if (SEGMENT_NAME.matcher(p.getFileName().toString()).matches()) {
          files.add(p);
        }
      }
    }
    files.sort(null);
    long maxSeq = 0;
    long total = 0;
    long size = 0;
    for (Path p : files) {
      long seq = Long.parseLong(p.getFileName().toString().substring(0, 20));
      maxSeq = Math.max(maxSeq, seq);
      Segment s = read(p, seq, true);
      if (s.changes().isEmpty()) {
        Files.delete(p);
        continue;
      }
      Meta m = new Meta(seq, s.changes().size(), s.bytes());
      m.reported = true;
      j.segments.add(m);
      total += s.changes().size();
      size += s.bytes();
    }
    j.nextSeq = maxSeq + 1;
    j.entries = total;
    j.bytes = size;
    if (total > 0) {
      LOG.info("{} changes left by a previous run are pending in {}; they are recorded before"
          + " the start-up reconcile", total, dir);
    }
    return j;
  }

  Path dir() {
    return dir;
  }

  /** Whether new changes may be recorded directly (nothing is pending, the store answers). */
  boolean isOpen() {
    return gateOpen;
  }

  /** Changes pending. */
  long size() {
    return entries;
  }

  /** Whether the last append was refused for lack of room (until one fits again). */
  boolean full() {
    return full;
  }

  /**
   * Appends changes behind everything pending, durably, and closes the gate. Settler thread.
   *
   * @return true when they are journaled (durable); false when the journal is full (nothing
   *     was written; logged once per episode)
   * @throws IOException when the write failed; the changes must be treated as not journaled
   */
  boolean append(List<Change> changes) throws IOException {
    if (changes.isEmpty()) {
      return true;
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    for (Change c : changes) {
      buf.write(JSON.writeValueAsBytes(toJson(c)));
      buf.write('\n');
    }
    byte[] data = buf.toByteArray();
    lock.lock();
    try {
      if (closed) {
        throw new IOException("the pending journal " + dir + " is closed");
      }
      gateOpen = false;
      changed.signalAll();
      if (entries + changes.size() > limits.maxEntries()
          || bytes + data.length > limits.maxBytes()) {
        full = true;
        if (!fullReported) {
          fullReported = true;
          LOG.error("the pending journal {} is full ({} changes, {} bytes; at most {} changes,"
              + " {} bytes): further changes are not journaled but read again until the store"
              + " takes the pending ones; intermediate versions of files that keep changing"
              + " meanwhile may be missed, and the start-up reconcile records the final state"
              + " of each file", dir, entries, bytes, limits.maxEntries(), limits.maxBytes());
        }
        return false;
      }
      Meta last = segments.peekLast();
      if (active == null || last == null || last.entries >= SEGMENT_ENTRIES) {
        closeActive();
        long seq = nextSeq++;
        Path file = dir.resolve(String.format("%020d.jsonl", seq));
        active = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW,
            StandardOpenOption.WRITE, StandardOpenOption.APPEND), OwnerOnly.fileAttribute());
        segments.add(last = new Meta(seq, 0, 0));
        Durable.fsyncDirectory(dir);
      }
      try {
        ByteBuffer bb = ByteBuffer.wrap(data);
        while (bb.hasRemaining()) {
          active.write(bb);
        }
        active.force(false);
      } catch (IOException e) {
        // The segment may now end with part of this append: stop writing to it. Its caller
        // reads the paths again; taking the segment re-reads the file and counts what is there.
        closeActive();
        throw e;
      }
      last.entries += changes.size();
      last.bytes += data.length;
      entries += changes.size();
      bytes += data.length;
      full = false;
      fullReported = false;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Closes the gate with nothing to append: the store failed. Any thread. */
  void hold() {
    lock.lock();
    try {
      gateOpen = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until there is work for the catch-up: the head segment (taken: appends go to a new
   * one), or a probe when the journal is empty but the gate is closed. Catch-up thread.
   *
   * @return the work, or null once closed
   */
  Work awaitWork() throws InterruptedException, IOException {
    Meta head;
    lock.lock();
    try {
      while (!closed && segments.isEmpty() && gateOpen) {
        changed.await();
      }
      if (closed) {
        return null;
      }
      if (segments.isEmpty()) {
        return new Work.Probe();
      }
      head = segments.peekFirst();
      if (head == segments.peekLast()) {
        closeActive(); // the head is never written again once taken
      }
    } finally {
      lock.unlock();
    }
    Segment s = read(segmentFile(head.seq), head.seq, !head.reported);
    lock.lock();
    try {
      head.reported = true;
      // the file is the truth (an append may have failed half-way): correct the counts
      entries += s.changes().size() - head.entries;
      bytes += s.bytes() - head.bytes;
      head.entries = s.changes().size();
      head.bytes = s.bytes();
    } finally {
      lock.unlock();
    }
    return new Work.Replay(s);
  }

  /**
   * Deletes a replayed segment (the head). Catch-up thread. If the folder cannot be fsynced
   * afterwards, a crash may bring the segment back: its replay is then a no-op (exactly once,
   * see CatchUp.alreadyRecorded), so that is only logged.
   */
  void remove(Segment s) throws IOException {
    Files.deleteIfExists(s.file());
    lock.lock();
    try {
      Meta head = segments.peekFirst();
      if (head == null || head.seq != s.seq()) {
        throw new IllegalStateException("removing segment " + s.seq() + " but the head is "
            + (head == null ? "none" : head.seq));
      }
      segments.removeFirst();
      entries -= head.entries;
      bytes -= head.bytes;
    } finally {
      lock.unlock();
    }
    try {
      Durable.fsyncDirectory(dir);
    } catch (IOException e) {
      LOG.warn("cannot fsync {} after removing a replayed segment (a crash may replay it again,"
          + " harmlessly): {}", dir, e.toString());
    }
  }

  /** Opens the gate if nothing is pending; returns whether it is open. Catch-up thread. */
  boolean openIfEmpty() {
    lock.lock();
    try {
      if (segments.isEmpty() && !closed) {
        gateOpen = true;
      }
      return gateOpen;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      closeActive();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // @GuardedBy("lock")
  private void closeActive() {
    if (active != null) {
      try {
        active.close();
      } catch (IOException e) {
        LOG.warn("closing a segment of the pending journal {}: {}", dir, e.toString());
      }
      active = null;
    }
  }

  private Path segmentFile(long seq) {
    return dir.resolve(String.format("%020d.jsonl", seq));
  }

  /**
   * Reads one segment file; see Recovery in the design comment. Damaged lines are logged when
   * {@code report} is set (the first read of a segment), else only at debug level.
   */
  static Segment read(Path file, long seq, boolean report) throws IOException {
    byte[] all;
    try {
      all = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      LOG.warn("the pending segment {} vanished (removed by hand?); its changes are lost to the"
          + " journal, the reconcile records the files' current states", file);
      return new Segment(seq, file, List.of(), 0);
    }
    List<Change> changes = new ArrayList<>();
    int start = 0;
    int line = 0;
    long used = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i] != '\n') {
        continue;
      }
      line++;
      String text = new String(all, start, i - start, StandardCharsets.UTF_8);
      used += i + 1 - start;
      start = i + 1;
      try {
        changes.add(fromJson(JSON.readTree(text)));
      } catch (IOException | RuntimeException e) {
        LOG.log(report ? Level.ERROR : Level.DEBUG, "{}:{}: not a pending change, skipped ({}):"
            + " {}", file, line, e.getMessage(),
            text.length() > 200 ? text.substring(0, 200) + "…" : text);
      }
    }
    if (start < all.length) {
      LOG.log(report ? Level.WARN : Level.DEBUG, "{}: ignoring an unfinished last line ({}"
          + " bytes) left by an interrupted write", file, all.length - start);
    }
    return new Segment(seq, file, List.copyOf(changes), used);
  }

  static ObjectNode toJson(Change c) {
    ObjectNode n = JSON.createObjectNode();
    n.put("v", FORMAT);
    n.put("action", c.action().name());
    n.put("path", c.path());
    n.put("from", c.from());
    n.put("hash", c.hash());
    n.put("size", c.size());
    n.put("fs_size", c.fsSize());
    n.put("fs_mtime", c.fsMtime());
    n.put("time", c.time().toString()); // ISO-8601, nanoseconds kept
    n.put("user", c.user());
    n.put("origin", c.origin().wire());
    n.put("location", c.location());
    return n;
  }

  static Change fromJson(JsonNode n) {
    if (n.path("v").asInt() != FORMAT) {
      throw new IllegalArgumentException("unknown format version " + n.path("v"));
    }
    return new Change(Action.valueOf(text(n, "action")), text(n, "path"), text(n, "from"),
        text(n, "hash"), n.path("size").asLong(), n.path("fs_size").asLong(),
        n.path("fs_mtime").asLong(), Instant.parse(text(n, "time")), text(n, "user"),
        Origin.fromWire(text(n, "origin")), text(n, "location"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
