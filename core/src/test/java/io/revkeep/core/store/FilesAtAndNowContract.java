package io.revkeep.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.FileThen;
import io.revkeep.core.model.VersionRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PointInTime#filesAtAndNow}: for every file that stood under a folder at an instant,
 * which of today's records is that file — after renames, moves between folders, a folder
 * renamed, a path reused after a rename, a file moved and then deleted, re-creations, a file
 * renamed back onto the tombstone of the file that had reused its path. The
 * expected answer comes from replaying the script into plain maps (file identities as the
 * store's contract defines them: a record follows its renames, and re-creating a deleted path
 * continues its record; a rename onto a tombstone detaches it, and it stays that file, deleted,
 * where it stood last). Every implementation extends it (SqliteFilesAtAndNowTest,
 * CouchbaseFilesAtAndNowIT).
 */
public abstract class FilesAtAndNowContract {
  private static final Instant T0 = Instant.parse("2026-02-01T00:00:00Z");
  private static final String HERE = "host1:/srv/shared";

  private Store store;

  protected abstract Store newStore();

  @BeforeEach
  void open() {
    store = newStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }

  private static Change put(String path, String content, long s) {
    return Change.content(path, StoreContract.hash(content), content.length(), s, at(s), "al",
        HERE);
  }

  private static Change mv(String from, String to, String content, long s) {
    return Change.rename(from, to, StoreContract.hash(content), content.length(), s, at(s),
        "cy", HERE);
  }

  private static Change del(String path, long s) {
    return Change.delete(path, at(s), "bo", HERE);
  }

  private static final List<Change> SCRIPT = List.of(
      put("p/a.txt", "a1", 10),
      put("p/b.txt", "b1", 20),
      put("p/sub/c.txt", "c1", 30),
      put("p/sub/d.txt", "d1", 40),
      put("q/x.txt", "x1", 50),
      mv("p/a.txt", "p/a2.txt", "a1", 60),          // renamed in place
      put("p/a.txt", "new a", 70),                  // the path reused
      mv("p/b.txt", "q/b.txt", "b1", 80),           // moved out
      mv("q/x.txt", "p/x.txt", "x1", 90),           // moved in
      mv("p/sub/c.txt", "p/sub2/c.txt", "c1", 100), // the folder renamed, file by file
      mv("p/sub/d.txt", "p/sub2/d.txt", "d1", 100),
      put("p/a2.txt", "a1 edited", 110),            // edited after the move
      del("p/sub2/d.txt", 120),                     // moved, then deleted
      put("p/sub/d.txt", "d again", 130),           // re-created at its old path: a new file
      mv("q/b.txt", "r/b.txt", "b1", 140),          // moved again
      del("p/a.txt", 150),                          // the file that reused the path, deleted
      mv("p/a2.txt", "p/a.txt", "a1 edited", 160),  // renamed back onto its tombstone: detached
      put("p/a2.txt", "a2 anew", 170));             // a new file where the renamed one was

  private record Identity(int id) {}

  @Test
  void each_file_that_stood_then_is_found_where_it_is_now_at_20_instants() {
    for (Change ch : SCRIPT) {
      store.record(ch);
    }
    // the oracle: path → identity (live or deleted), identity → its path and state now
    Map<String, Identity> recordAt = new HashMap<>();
    Map<Identity, Boolean> deleted = new HashMap<>();
    Map<Identity, String> pathNow = new HashMap<>(); // where each file is (or was last)
    List<Map<String, Identity>> liveAt = new java.util.ArrayList<>();
    long[] seconds = {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 155,
        160, 170, 999};
    int next = 0;
    int step = 0;
    for (long sec : seconds) {
      while (step < SCRIPT.size() && !SCRIPT.get(step).time().isAfter(at(sec))) {
        Change ch = SCRIPT.get(step++);
        switch (ch.action()) {
          case DELETE -> deleted.put(recordAt.get(ch.path()), true);
          case RENAME -> {
            Identity who = recordAt.remove(ch.from());
            recordAt.put(ch.path(), who); // a tombstone there is detached: out of recordAt
            pathNow.put(who, ch.path());
          }
          default -> {
            Identity who = recordAt.get(ch.path());
            if (who == null) { // else a deleted record comes back to life: the same file
              who = new Identity(++next);
              recordAt.put(ch.path(), who);
              pathNow.put(who, ch.path());
            }
            deleted.put(who, false);
          }
        }
      }
      Map<String, Identity> live = new TreeMap<>();
      recordAt.forEach((p, who) -> {
        if (!deleted.get(who)) {
          live.put(p, who);
        }
      });
      liveAt.add(live);
    }

    for (int i = 0; i < seconds.length; i++) {
      for (String dir : List.of("", "p", "p/sub", "q")) {
        SortedMap<String, String> expected = new TreeMap<>();
        liveAt.get(i).forEach((p, who) -> {
          if (dir.isEmpty() || p.startsWith(dir + "/")) {
            expected.put(p, pathNow.get(who) + (deleted.get(who) ? " (deleted)" : ""));
          }
        });
        SortedMap<String, String> actual = new TreeMap<>();
        List<FileThen> got = store.filesAtAndNow(dir, at(seconds[i]));
        for (FileThen f : got) {
          assertThat(actual.put(f.then().path(), f.now().path()
              + (f.now().deleted() ? " (deleted)" : ""))).as("listed twice").isNull();
          assertThat(f.movedSince()).isEqualTo(!f.now().deleted()
              && !f.now().path().equals(f.then().path()));
        }
        assertThat(actual).as("'%s' at +%ds", dir, seconds[i]).isEqualTo(expected);
        assertThat(got).extracting(FileThen::then)
            .as("the versions then are filesAt's").isEqualTo(store.filesAt(dir, at(seconds[i])));
      }
    }
  }

  @Test
  void the_record_today_is_the_files_own_not_the_one_that_reused_its_path() {
    for (Change ch : SCRIPT) {
      store.record(ch);
    }
    Map<String, FileThen> then = new HashMap<>();
    store.filesAtAndNow("p", at(55)).forEach(f -> then.put(f.then().path(), f));
    assertThat(then.get("p/a.txt").now().path()).isEqualTo("p/a.txt"); // renamed back at 160
    assertThat(then.get("p/a.txt").now().hash()).isEqualTo(StoreContract.hash("a1 edited"));
    assertThat(then.get("p/a.txt").then().hash()).isEqualTo(StoreContract.hash("a1"));
    assertThat(then.get("p/b.txt").now().path()).isEqualTo("r/b.txt");
    assertThat(then.get("p/sub/d.txt").now().path()).isEqualTo("p/sub2/d.txt");
    assertThat(then.get("p/sub/d.txt").deletedSince()).isTrue();
    assertThat(store.filesAtAndNow("nothing", at(999))).isEmpty();
  }

  @Test
  void a_file_renamed_back_onto_a_tombstone_takes_the_path_and_the_deleted_file_stays_findable() {
    for (Change ch : SCRIPT) {
      store.record(ch);
    }
    // p/a.txt is the first file again, with its whole history ...
    assertThat(store.history("p/a.txt")).extracting(VersionRecord::path)
        .containsExactly("p/a.txt", "p/a2.txt", "p/a2.txt", "p/a.txt");
    assertThat(store.history("p/a.txt")).extracting(VersionRecord::hash)
        .doesNotContain(StoreContract.hash("new a"));
    assertThat(store.file("p/a.txt").orElseThrow().hash())
        .isEqualTo(StoreContract.hash("a1 edited"));
    assertThat(store.files("p", false, true)).extracting(r -> r.path())
        .containsExactly("p/a.txt", "p/a2.txt", "p/x.txt");
    // ... and the file that had reused the path is still what stood there in between, deleted
    FileThen between = store.filesAtAndNow("p", at(75)).stream()
        .filter(f -> f.then().path().equals("p/a.txt")).findFirst().orElseThrow();
    assertThat(between.then().hash()).isEqualTo(StoreContract.hash("new a"));
    assertThat(between.now().path()).isEqualTo("p/a.txt");
    assertThat(between.deletedSince()).isTrue();
    assertThat(between.now().id()).isNotEqualTo(store.file("p/a.txt").orElseThrow().id());
    assertThat(store.filesAt("p", at(75))).extracting(VersionRecord::hash)
        .contains(StoreContract.hash("new a"));
  }
}
