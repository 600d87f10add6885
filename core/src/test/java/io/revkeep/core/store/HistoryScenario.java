package io.revkeep.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.ImportedVersion;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.model.WriteIntent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A realistic history recorded through {@link FileVersions#record} and {@code recordAll}, as the
 * listener would: creates in a few folders, edits, saves of unchanged content, renames within
 * and across folders (onto a deleted file's path too), new files at paths a rename freed, deletes
 * and re-creates, office-style
 * saves (temporary file, two renames, a delete) and uploads with a change set (write intents,
 * one of them a deletion). Deterministic (a seeded Random); shared by the history import tests
 * of every store (HistoryImportContract).
 */
public final class HistoryScenario {
  /** When the history starts; changes are 0 to 2 s apart (0: two changes in one instant). */
  public static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
  static final String HERE = "host1:/srv/shared";
  private static final List<String> DIRS = List.of("", "docs", "docs/sub", "photos");
  private static final List<String> USERS = List.of("alice", "bob", "carol");

  /**
   * What a played history holds besides its records: where to look at it, and the content of
   * every hash recorded (the bytes a backup would hold).
   */
  public record Played(List<String> changeSets, List<Instant> probes, Set<String> hashes,
      Map<String, String> contents, Instant end) {}

  private enum State { LIVE, DELETED }

  private final Store store;
  private final Random random;
  private final Map<String, State> paths = new TreeMap<>();
  private final Map<String, String> content = new HashMap<>();
  private final List<String> changeSets = new ArrayList<>();
  private final Set<String> hashes = new LinkedHashSet<>();
  private Instant now = T0;
  private int fresh;
  private int changes;

  private HistoryScenario(Store store, long seed) {
    this.store = store;
    this.random = new Random(seed);
  }

  /** Records about {@code target} changes into the (empty) store. */
  public static Played play(Store store, int target, long seed) {
    HistoryScenario s = new HistoryScenario(store, seed);
    Instant start = s.now;
    while (s.changes < target) {
      s.step();
    }
    List<Instant> probes = new ArrayList<>();
    long span = s.now.getEpochSecond() - start.getEpochSecond();
    probes.add(start.minusSeconds(1));
    for (int i = 1; i <= 8; i++) {
      probes.add(start.plusSeconds(span * i / 9)); // on a change's second or between changes
    }
    probes.add(s.now.plusSeconds(1));
    Map<String, String> contents = new HashMap<>();
    s.hashes.forEach(h -> contents.put(h, s.contentOf(h)));
    return new Played(List.copyOf(s.changeSets), probes, Set.copyOf(s.hashes),
        Map.copyOf(contents), s.now);
  }

  private void step() {
    now = now.plusSeconds(random.nextInt(3));
    int dice = random.nextInt(100);
    List<String> live = withState(State.LIVE);
    List<String> deleted = withState(State.DELETED);
    if (live.size() < 5 || dice < 18) {
      create(freshPath());
    } else if (dice < 40) {
      record(put(pick(live), newContent()));
    } else if (dice < 45) {
      String p = pick(live);
      record(put(p, content.get(p))); // saved unchanged: no version
    } else if (dice < 58) {
      String from = pick(live);
      int where = random.nextInt(5);
      String to = where == 0 && !deleted.isEmpty() ? pick(deleted) // a restore's move back
          : where < 3 ? freshPath() : sibling(from);
      if (paths.get(to) != State.LIVE) { // onto a deleted file's path: its record is detached
        rename(from, to);
        if (random.nextInt(3) == 0) {
          create(from); // a new file where the renamed one was
        }
      }
    } else if (dice < 68) {
      delete(pick(live));
    } else if (dice < 76 && !deleted.isEmpty()) {
      record(put(pick(deleted), newContent())); // re-created: its history continues
    } else if (dice < 86) {
      officeSave(pick(live));
    } else if (dice < 93) {
      upload(live);
    } else {
      burst();
    }
  }

  private void create(String path) {
    record(put(path, random.nextInt(6) == 0 && !content.isEmpty()
        ? pick(new ArrayList<>(content.values())) : newContent()));
  }

  /** An editor's safe save: write ~tmp, move the file away, move ~tmp in, delete the old one. */
  private void officeSave(String path) {
    String dir = parent(path);
    String tmp1 = join(dir, "~tmp" + (++fresh));
    String tmp2 = join(dir, "~tmp" + (++fresh));
    record(put(tmp1, newContent()));
    rename(path, tmp2);
    rename(tmp1, path);
    delete(tmp2);
  }

  /** A web upload of a few files (new and existing) and a removal, under one change set. */
  private void upload(List<String> live) {
    String cs = "cs-" + (changeSets.size() + 1);
    changeSets.add(cs);
    Instant expiry = now.plusSeconds(60);
    List<Change> batch = new ArrayList<>();
    for (String p : List.of(freshPath(), pick(live), freshPath())) {
      if (batch.stream().anyMatch(c -> c.path().equals(p))) {
        continue;
      }
      String c = newContent();
      store.expectWrite(new WriteIntent(p, hash(c), "webuser", Origin.WEB, cs, expiry));
      batch.add(change(p, c));
    }
    String gone = pick(live);
    if (batch.stream().noneMatch(c -> c.path().equals(gone))) {
      store.expectWrite(WriteIntent.deletion(gone, "webuser", Origin.WEB, cs, expiry));
      batch.add(Change.delete(gone, now, owner(), HERE));
    }
    recordAll(batch);
  }

  /** Several new files settled together: one recordAll, one instant. */
  private void burst() {
    List<Change> batch = new ArrayList<>();
    String dir = pick(DIRS);
    for (int i = 0; i < 4; i++) {
      batch.add(change(join(dir, "burst" + (++fresh) + ".dat"), newContent()));
    }
    recordAll(batch);
  }

  private Change put(String path, String c) {
    return change(path, c);
  }

  private Change change(String path, String c) {
    return Change.content(path, hash(c), c.length(), now.toEpochMilli() * 1_000_000, now,
        owner(), HERE);
  }

  private void rename(String from, String to) {
    String c = content.get(from);
    // a rename may carry an edit made in the same settle window
    String moved = random.nextInt(4) == 0 ? newContent() : c;
    record(Change.rename(from, to, hash(moved), moved.length(), now.toEpochMilli(), now,
        owner(), HERE));
  }

  private void delete(String path) {
    record(Change.delete(path, now, owner(), HERE));
  }

  private void record(Change ch) {
    recordAll(List.of(ch));
  }

  private void recordAll(List<Change> batch) {
    List<java.util.Optional<Event>> results = batch.size() == 1
        ? List.of(store.record(batch.get(0))) : store.recordAll(batch);
    for (int i = 0; i < batch.size(); i++) {
      Change ch = batch.get(i);
      switch (ch.action()) {
        case DELETE -> paths.put(ch.path(), State.DELETED);
        case RENAME -> {
          paths.remove(ch.from());
          content.put(ch.path(), content.remove(ch.from()));
          paths.put(ch.path(), State.LIVE);
        }
        default -> paths.put(ch.path(), State.LIVE);
      }
      if (ch.hash() != null) {
        content.put(ch.path(), contentOf(ch.hash()));
        hashes.add(ch.hash());
      }
      if (results.get(i).isPresent()) {
        changes++;
      }
    }
  }

  private final Map<String, String> byHash = new HashMap<>();

  private String newContent() {
    String c = "content " + (++fresh) + " " + "x".repeat(random.nextInt(40));
    byHash.put(hash(c), c);
    return c;
  }

  private String contentOf(String hash) {
    return byHash.get(hash);
  }

  private String freshPath() {
    String dir = pick(DIRS);
    return join(dir, (random.nextBoolean() ? "report" : "note") + (++fresh)
        + (random.nextBoolean() ? ".docx" : ".txt"));
  }

  private String sibling(String path) {
    return join(parent(path), "renamed" + (++fresh) + ".txt");
  }

  private List<String> withState(State s) {
    return paths.entrySet().stream().filter(e -> e.getValue() == s).map(Map.Entry::getKey)
        .toList();
  }

  private <T> T pick(List<T> from) {
    return from.get(random.nextInt(from.size()));
  }

  private String owner() {
    return pick(USERS);
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  private static String join(String dir, String name) {
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  /** The SHA-256 (lower-case hex) of the content, as the listener would compute it. */
  public static String hash(String content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Every version of the store with its event, in seq order: what a backup that followed the
   * store holds. The event gives the seq, action, paths, version, content, time, user and
   * location; the version record of the same file (found by following renames from the start)
   * its origin and change set.
   */
  public static List<ImportedVersion> exported(Store store) {
    List<Event> events = store.eventsAfter(0, Integer.MAX_VALUE);
    Map<String, Integer> fileAt = new HashMap<>(); // path → file (its index), live or deleted
    List<Integer> fileOf = new ArrayList<>();
    Map<Integer, Event> detached = new HashMap<>(); // a file a rename detached → its last event
    Map<Integer, Event> lastOf = new HashMap<>();
    int files = 0;
    for (Event e : events) {
      if (e.action() == Action.RENAME && fileAt.containsKey(e.name())) {
        int gone = fileAt.get(e.name()); // a tombstone there: detached (FileVersions.record)
        detached.put(gone, lastOf.get(gone));
      }
      Integer f = switch (e.action()) {
        case RENAME -> fileAt.remove(e.from());
        case CREATE -> fileAt.get(e.name());
        default -> fileAt.get(e.name());
      };
      if (f == null) {
        assertThat(e.action()).as("a new file starts with a CREATE: %s", e)
            .isEqualTo(Action.CREATE);
        f = files++;
      }
      fileAt.put(e.name(), f);
      fileOf.add(f);
      lastOf.put(f, e);
    }
    Map<Integer, List<VersionRecord>> histories = new HashMap<>();
    fileAt.forEach((path, f) -> histories.put(f, store.history(path)));
    List<FileVersions.DetachedFile> stored = store.detachedFiles();
    detached.forEach((f, last) -> histories.put(f, stored.stream()
        .filter(d -> d.record().path().equals(last.name())
            && d.record().lastModified().equals(last.time())
            && d.record().version() == last.version())
        .findFirst().orElseThrow(() -> new AssertionError("no detached file for " + last))
        .history()));
    List<ImportedVersion> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      VersionRecord v = histories.get(fileOf.get(i)).get(e.version() - 1);
      assertThat(List.of(v.path(), v.action(), v.time(), String.valueOf(v.hash())))
          .as("the version of %s", e)
          .isEqualTo(List.of(e.name(), e.action(), e.time(), String.valueOf(e.hash())));
      out.add(new ImportedVersion(e.seq(), e.action(), e.name(), e.from(), e.version(), e.hash(),
          e.size(), e.time(), v.user(), v.origin(), v.changeSet(), e.location()));
    }
    return out;
  }
}
