package io.revkeep.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.FileThen;
import io.revkeep.core.store.FolderContents.Contents;
import io.revkeep.core.store.FolderContents.ContentsThen;
import io.revkeep.core.store.FolderContents.FolderSums;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FolderContents}: a folder's direct entries and its sub-folders' sums, now and at past
 * instants, after a seeded random script of creations, edits, deletions, re-creations, renames
 * (onto tombstones too: they are detached) and whole folders moved file by file. The expected
 * answer comes from replaying the script into a plain map (path → size and whether deleted)
 * and, per folder, the last event beneath it. Every implementation extends it
 * (SqliteFolderContentsTest, CouchbaseFolderContentsIT).
 */
public abstract class FolderContentsContract {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final String HERE = "host1:/srv/shared";
  private static final String[] DIRS = {"", "a", "b", "a/x", "a/y", "b/x", "a/x/deep"};
  private static final String[] NAMES = {"1.txt", "2.txt", "3.txt"};
  private static final String[] USERS = {"al", "bo", "cy"};

  private Store store;

  /** A fresh, empty store; the contract closes it after each test. */
  protected abstract Store newStore();

  /** Operations in the random script (fewer on the slow stores' mock). */
  protected int operations() {
    return 300;
  }

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  /** A file in the model: its size, and whether it is deleted (a tombstone at its path). */
  private record Model(long size, boolean deleted) {}

  /** The last event beneath a folder. */
  private record Last(Instant time, String user) {}

  /** The model at one instant: the files, and each folder's last change. */
  private record Snapshot(Instant at, Map<String, Model> files, Map<String, Last> last) {}

  @Test
  void every_folder_now_and_at_past_instants_matches_the_replayed_script() {
    Random random = new Random(20261201);
    Map<String, Model> files = new TreeMap<>();
    Map<String, Last> last = new TreeMap<>();
    List<Snapshot> snapshots = new ArrayList<>();
    long second = 0;
    for (int op = 0; op < operations(); op++) {
      second += 1 + random.nextInt(3);
      Instant time = T0.plusSeconds(second);
      String user = USERS[random.nextInt(USERS.length)];
      for (Change ch : nextChanges(random, files, time, user)) {
        Optional<Event> e = store.record(ch);
        if (e.isEmpty()) {
          continue; // the same content again: nothing recorded
        }
        switch (ch.action()) {
          case DELETE -> files.put(ch.path(), new Model(0, true));
          case RENAME -> {
            files.put(ch.path(), files.remove(ch.from()));
            touch(last, ch.from(), time, user);
          }
          default -> files.put(ch.path(), new Model(ch.size(), false));
        }
        touch(last, ch.path(), time, user);
      }
      if (op % 25 == 24) {
        snapshots.add(new Snapshot(time, new TreeMap<>(files), new TreeMap<>(last)));
        checkNow(files, last);
      }
    }
    checkNow(files, last);
    for (Snapshot s : snapshots) {
      for (String dir : DIRS) {
        checkThen(dir, s);
      }
    }
  }

  @Test
  void an_unknown_folder_and_an_empty_store_list_nothing() {
    assertThat(store.contents("", true)).isEqualTo(new Contents(List.of(), List.of()));
    store.record(Change.content("a/1.txt", StoreContract.hash("1"), 1, 1, T0, "al", HERE));
    assertThat(store.contents("nothing", true)).isEqualTo(new Contents(List.of(), List.of()));
    assertThat(store.contents("a/1.txt", true)).isEqualTo(new Contents(List.of(), List.of()));
    assertThat(store.contentsAt("a", T0.minusSeconds(1)))
        .isEqualTo(new ContentsThen(List.of(), List.of()));
  }

  private void checkNow(Map<String, Model> files, Map<String, Last> last) {
    for (String dir : DIRS) {
      for (boolean includeDeleted : new boolean[] {false, true}) {
        Contents got = store.contents(dir, includeDeleted);
        String what = "'" + dir + "' now, deleted " + includeDeleted;
        assertThat(got.files()).as(what).isEqualTo(store.files(dir, false, includeDeleted));
        Map<String, String> expectedFiles = new TreeMap<>();
        Map<String, long[]> sums = new TreeMap<>(); // folder → {size, live, records}
        files.forEach((path, m) -> {
          String child = childOf(dir, path);
          if (child == null) {
            if (isIn(dir, path) && (includeDeleted || !m.deleted())) {
              expectedFiles.put(path, m.deleted() ? "deleted" : m.size() + " bytes");
            }
          } else {
            long[] s = sums.computeIfAbsent(child, k -> new long[3]);
            if (!m.deleted()) {
              s[0] += m.size();
              s[1]++;
            }
            s[2]++;
          }
        });
        Map<String, String> actualFiles = new TreeMap<>();
        got.files().forEach(r -> actualFiles.put(r.path(),
            r.deleted() ? "deleted" : r.size() + " bytes"));
        assertThat(actualFiles).as(what).isEqualTo(expectedFiles);
        List<FolderSums> expected = new ArrayList<>();
        sums.forEach((path, s) -> {
          if (includeDeleted || s[1] > 0) {
            Last l = last.get(path);
            expected.add(new FolderSums(path, s[0], (int) s[1], l.time(), l.user(), s[1] == 0));
          }
        });
        assertThat(got.folders()).as(what).isEqualTo(expected);
      }
    }
  }

  private void checkThen(String dir, Snapshot s) {
    ContentsThen got = store.contentsAt(dir, s.at());
    String what = "'" + dir + "' at " + s.at();
    List<FileThen> direct = store.filesAtAndNow(dir, s.at()).stream()
        .filter(f -> childOf(dir, f.then().path()) == null).toList();
    assertThat(got.files()).as(what).isEqualTo(direct);
    Set<String> expectedFiles = new TreeSet<>();
    Map<String, long[]> sums = new TreeMap<>();
    s.files().forEach((path, m) -> {
      if (m.deleted()) {
        return;
      }
      String child = childOf(dir, path);
      if (child == null) {
        if (isIn(dir, path)) {
          expectedFiles.add(path + " " + m.size());
        }
      } else {
        long[] sum = sums.computeIfAbsent(child, k -> new long[2]);
        sum[0] += m.size();
        sum[1]++;
      }
    });
    Set<String> actualFiles = new TreeSet<>();
    got.files().forEach(f -> actualFiles.add(f.then().path() + " " + f.then().size()));
    assertThat(actualFiles).as(what).isEqualTo(expectedFiles);
    List<FolderSums> expected = new ArrayList<>();
    sums.forEach((path, sum) -> {
      Last l = s.last().get(path);
      expected.add(new FolderSums(path, sum[0], (int) sum[1], l.time(), l.user(), false));
    });
    assertThat(got.folders()).as(what).isEqualTo(expected);
  }

  /** The next operation's changes: one file's, or a whole folder's moved file by file. */
  private static List<Change> nextChanges(Random random, Map<String, Model> files, Instant time,
      String user) {
    List<String> live = files.entrySet().stream().filter(e -> !e.getValue().deleted())
        .map(Map.Entry::getKey).toList();
    int kind = random.nextInt(10);
    if (kind < 4 || live.isEmpty()) { // create, edit (maybe to the same content), re-create
      String path = randomPath(random);
      String content = "c".repeat(1 + random.nextInt(6));
      return List.of(Change.content(path, StoreContract.hash(content), content.length(),
          time.getEpochSecond(), time, user, HERE));
    }
    String from = live.get(random.nextInt(live.size()));
    if (kind < 6) {
      return List.of(Change.delete(from, time, user, HERE));
    }
    if (kind < 9) { // rename or move one file, onto a free path or a tombstone
      String to = randomPath(random);
      Model there = files.get(to);
      if (there != null && !there.deleted()) {
        return List.of();
      }
      return List.of(rename(from, to, files.get(from), time, user));
    }
    // a whole folder moved: each live file beneath it renamed, at one instant
    String dir = from.substring(0, Math.max(0, from.lastIndexOf('/')));
    String target = DIRS[random.nextInt(DIRS.length)];
    if (dir.isEmpty() || target.equals(dir) || target.startsWith(dir + "/")) {
      return List.of();
    }
    List<Change> moves = new ArrayList<>();
    for (String path : live) {
      if (path.startsWith(dir + "/")) {
        String to = target.isEmpty() ? path.substring(dir.length() + 1)
            : target + path.substring(dir.length());
        Model there = files.get(to);
        if (there != null && !there.deleted()) {
          return moves; // the rest stays: as a half-done move on disk would
        }
        moves.add(rename(path, to, files.get(path), time, user));
      }
    }
    return moves;
  }

  private static Change rename(String from, String to, Model m, Instant time, String user) {
    return Change.rename(from, to, StoreContract.hash("size " + m.size()), m.size(),
        time.getEpochSecond(), time, user, HERE);
  }

  private static String randomPath(Random random) {
    String dir = DIRS[random.nextInt(DIRS.length)];
    String name = NAMES[random.nextInt(NAMES.length)];
    return dir.isEmpty() ? name : dir + "/" + name;
  }

  private static void touch(Map<String, Last> last, String path, Instant time, String user) {
    for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
      last.put(path.substring(0, slash), new Last(time, user));
    }
  }

  private static boolean isIn(String dir, String path) {
    return dir.isEmpty() || path.startsWith(dir + "/");
  }

  /** The sub-folder of dir that path lies beneath (null: directly in dir, or not in it). */
  private static String childOf(String dir, String path) {
    if (!isIn(dir, path)) {
      return null;
    }
    int start = dir.isEmpty() ? 0 : dir.length() + 1;
    int slash = path.indexOf('/', start);
    return slash < 0 ? null : path.substring(0, slash);
  }
}
