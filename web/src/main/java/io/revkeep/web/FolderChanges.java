package io.revkeep.web;

import io.revkeep.core.model.Event;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Which folders changed, as the web's feed subscription hears it, so that a kept listing of a
 * large folder ({@link SeqCache}) stays valid while changes go on elsewhere: in a busy office
 * the store's last seq moves every second, and a folder of 100,000 entries read again for every
 * page a user scrolls to would make it unusable. A folder's tag moves when a change is heard
 * beneath it (at any depth: a listing sums its sub-folders). While the web has not yet heard
 * every event the store has recorded (the feed lags, is disconnected, or never connected), the
 * tag is the store's last seq instead (negative, so the two never meet), as if nothing were
 * known about folders.
 */
final class FolderChanges {
  /*
   * Threads:    the feed client's delivery thread calls heard() (one event at a time, in seq
   *             order, before the event counts as delivered); Jetty's request threads call tag().
   * State:      clock (atomic), changed (concurrent map: folder → clock value of its last change
   *             heard), everything (volatile: clock value at which every folder counts as changed,
   *             when the map grew too large and was emptied).
   * Invariants: a folder's tag never goes back; when every event up to the store's seq S has
   *             been heard, every change at or below S beneath a folder has moved its tag, so a
   *             listing kept under the same tag holds every change at or below S. heard() sets
   *             everything before it empties the map, and tag() reads the map before
   *             everything, so a tag read meanwhile is never an old one.
   * Shutdown:   nothing to stop.
   */
  /** More folders than this and the map starts again (every folder counts as changed). */
  static final int MAX_FOLDERS = 200_000;

  private final AtomicLong clock = new AtomicLong();
  private final ConcurrentHashMap<String, Long> changed = new ConcurrentHashMap<>();
  private volatile long everything;
  private final LongSupplier heardUpTo;

  /** @param heardUpTo the highest seq up to which every event has been heard (or is older) */
  FolderChanges(LongSupplier heardUpTo) {
    this.heardUpTo = heardUpTo;
  }

  /** An event heard from the feed: the folders above its path (and its former path) changed. */
  void heard(Event e) {
    long now = clock.incrementAndGet();
    mark(e.name(), now);
    if (e.from() != null) {
      mark(e.from(), now);
    }
    if (changed.size() > MAX_FOLDERS) {
      everything = clock.incrementAndGet();
      changed.clear();
    }
  }

  private void mark(String path, long now) {
    String p = path;
    while (true) {
      int slash = p.lastIndexOf('/');
      p = slash < 0 ? "" : p.substring(0, slash);
      changed.put(p, now);
      if (p.isEmpty()) {
        return;
      }
    }
  }

  /**
   * The tag a listing of {@code dir} read now is kept under ({@link SeqCache}).
   *
   * @param storeSeq the store's last seq, read just before
   */
  long tag(String dir, long storeSeq) {
    if (heardUpTo.getAsLong() < storeSeq) {
      return -storeSeq - 1;
    }
    long mine = changed.getOrDefault(dir, 0L);
    return Math.max(mine, everything);
  }
}
