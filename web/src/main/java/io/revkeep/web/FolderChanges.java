package io.revkeep.web;

import io.revkeep.core.model.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
 *
 * <p>It also remembers the last {@link #RECENT} events heard, so a kept listing of a large folder
 * in which something changed can be brought up to date by reading just the entries that changed
 * again ({@link #changedSince}) instead of the whole folder: the folder's own files, and the
 * sub-folders whose sums changed, each with the newest change beneath it (its last change and
 * who made it, as the store's sums say); and a folder's kept change times, with the times of
 * the events beneath it ({@link #timesSince}).
 */
final class FolderChanges {
  /*
   * Threads:    the feed client's delivery thread calls heard() (one event at a time, in seq
   *             order, before the event counts as delivered); Jetty's request threads call tag().
   * State:      clock (atomic), changed (concurrent map: folder → clock value of its last change
   *             heard), everything (volatile: clock value at which every folder counts as changed,
   *             when the map grew too large and was emptied); recent (a ring of the last RECENT
   *             events' clock values and paths, guarded by its own lock).
   * Invariants: a folder's tag never goes back; when every event up to the store's seq S has
   *             been heard, every change at or below S beneath a folder has moved its tag, so a
   *             listing kept under the same tag holds every change at or below S. heard() sets
   *             everything before it empties the map, and tag() reads the map before
   *             everything, so a tag read meanwhile is never an old one. An event enters the
   *             ring before it moves any tag, so whoever sees a folder's tag at T finds in the
   *             ring every event up to T that is still held (and knows from the ring's oldest
   *             clock value whether any has left it).
   * Shutdown:   nothing to stop.
   */
  /** More folders than this and the map starts again (every folder counts as changed). */
  static final int MAX_FOLDERS = 200_000;
  /** How many recent events' paths are remembered (see {@link #filesChangedSince}). */
  static final int RECENT = 4096;

  private final AtomicLong clock = new AtomicLong();
  private final ConcurrentHashMap<String, Long> changed = new ConcurrentHashMap<>();
  private volatile long everything;
  private final LongSupplier heardUpTo;
  private final Object ringLock = new Object();
  /** Clock value of each remembered event, in the ring (0: empty slot). */
  private final long[] ringClock = new long[RECENT];
  private final Event[] ringEvent = new Event[RECENT];
  /** Events put in the ring so far (the next slot is this modulo RECENT). */
  private long ringCount;
  /** The clock value of the newest event that has left the ring (0: none has). */
  private long droppedUpTo;

  /** @param heardUpTo the highest seq up to which every event has been heard (or is older) */
  FolderChanges(LongSupplier heardUpTo) {
    this.heardUpTo = heardUpTo;
  }

  /** An event heard from the feed: the folders above its path (and its former path) changed. */
  void heard(Event e) {
    long now = clock.incrementAndGet();
    synchronized (ringLock) {
      int slot = (int) (ringCount++ % RECENT);
      droppedUpTo = Math.max(droppedUpTo, ringClock[slot]);
      ringClock[slot] = now;
      ringEvent[slot] = e;
    }
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

  /**
   * What changed directly in a folder since a listing of it was read.
   *
   * @param files the paths of its own files that changed (a new version, deleted, moved in or
   *     out), in the order heard
   * @param folders its sub-folders (by path) beneath which something changed, each with the
   *     newest event heard beneath it (at its path or former path): the sub-folder's last
   *     change, as the store's sums have it, once the store has recorded no newer one there
   */
  record Changed(Set<String> files, Map<String, Event> folders) {}

  /**
   * What changed directly in {@code dir} after a listing kept under tag {@code since} was read,
   * if the ring still holds every event since: then reading those files and sub-folders again
   * brings the listing up to tag {@code now} at least. Empty when the listing must be read
   * whole: either tag says nothing is known about folders (negative), every folder counted as
   * changed since, or too many events came since.
   *
   * @param since the kept listing's tag
   * @param now the tag just read for the folder ({@link #tag}), after {@code since}
   */
  Optional<Changed> changedSince(String dir, long since, long now) {
    String prefix = dir.isEmpty() ? "" : dir + "/";
    return heardSince(since, now).map(events -> {
      Set<String> files = new LinkedHashSet<>();
      // the events are in seq order (heard() is called so), so the last one seen beneath a
      // sub-folder is the newest there: one after `since`, as at least one beneath it is
      Map<String, Event> folders = new LinkedHashMap<>();
      for (Event e : events) {
        entry(prefix, e.name(), e, files, folders);
        if (e.from() != null) {
          entry(prefix, e.from(), e, files, folders);
        }
      }
      return new Changed(files, folders);
    });
  }

  /**
   * Adds {@code path} (of event {@code e}) to the folder's files when it is one, else to its
   * sub-folder's entry when it lies beneath one.
   */
  private static void entry(String prefix, String path, Event e, Set<String> files,
      Map<String, Event> folders) {
    if (!path.startsWith(prefix)) {
      return; // elsewhere: the folder is not concerned
    }
    String folder = childFolder(prefix, path);
    if (folder == null) {
      files.add(path);
    } else {
      folders.put(folder, e);
    }
  }

  /**
   * The times of the events heard after tag {@code since} whose path lies beneath {@code dir}
   * (at any depth; each is a version recorded at that path), if the ring still holds every
   * event since: then adding them to the change times kept under {@code since} brings those up
   * to tag {@code now} at least. Empty as for {@link #changedSince}.
   */
  Optional<List<Instant>> timesSince(String dir, long since, long now) {
    String prefix = dir.isEmpty() ? "" : dir + "/";
    return heardSince(since, now).map(events -> events.stream()
        .filter(e -> e.name().startsWith(prefix)).map(Event::time).toList());
  }

  /**
   * The events heard after tag {@code since}, in seq order, if the ring still holds every one
   * and both tags know about folders; else empty (see {@link #changedSince}).
   */
  private Optional<List<Event>> heardSince(long since, long now) {
    if (since < 0 || now < 0 || now < since || everything > since) {
      return Optional.empty();
    }
    List<Event> events = new ArrayList<>();
    synchronized (ringLock) {
      if (droppedUpTo > since) {
        return Optional.empty(); // events after `since` have left the ring
      }
      long held = Math.min(ringCount, RECENT);
      for (long i = ringCount - held; i < ringCount; i++) {
        int slot = (int) (i % RECENT);
        if (ringClock[slot] > since) {
          events.add(ringEvent[slot]);
        }
      }
    }
    return Optional.of(events);
  }

  /** The sub-folder of the folder ({@code prefix}) that {@code path} lies beneath, or null. */
  private static String childFolder(String prefix, String path) {
    if (!path.startsWith(prefix)) {
      return null;
    }
    int slash = path.indexOf('/', prefix.length());
    return slash < 0 ? null : path.substring(0, slash);
  }
}
