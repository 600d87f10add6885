package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Change;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.web.FolderRoutes.ListingKey;
import io.revkeep.web.SortedFolder.Sort;
import io.revkeep.web.api.FolderBodies.Entry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a kept listing brought up to date with the files and sub-folders that changed in it
 * is the listing the store gives when read whole — after every step of a seeded random script of
 * new versions, deletions, renames within, into and out of the folder and between its
 * sub-folders, changes deep in its sub-folders, sub-folders made and emptied, changes elsewhere,
 * and moments when the web's feed lags — for every sort, with and without deleted files; and
 * most steps are answered without reading the folder whole.
 */
class SortedListingsTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String[] USERS = {"ana", "bo", "cy"};

  @TempDir Path tmp;
  SqliteStore store;
  final AtomicLong heard = new AtomicLong();
  FolderChanges changes;
  SortedListings listings;
  /** The root's listings, apart: nearly every step changes a sub-folder's sums there. */
  SortedListings rootListings;
  /** A sub-folder's listings, apart: it has files and a sub-folder of its own. */
  SortedListings subListings;
  long second;

  @BeforeEach
  void open() {
    store = SqliteStore.open(tmp.resolve("revkeep.db"));
    changes = new FolderChanges(heard::get);
    listings = new SortedListings(store, changes, 1_000_000);
    rootListings = new SortedListings(store, changes, 1_000_000);
    subListings = new SortedListings(store, changes, 1_000_000);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void a_listing_brought_up_to_date_is_the_listing_read_whole_after_every_step() {
    Random random = new Random(20261201);
    for (int i = 0; i < 60; i++) {
      record(Change.content("big/f" + random.nextInt(200) + ".txt", hash(random), 1 + i, 0,
          next(), "ana", "t"));
    }
    hearAll();
    int gets = 0;
    long before = listings.wholeReads();
    for (int step = 0; step < 400; step++) {
      int ops = 1 + random.nextInt(3);
      for (int o = 0; o < ops; o++) {
        record(nextChange(random));
      }
      if (random.nextInt(6) != 0) { // now and then the feed lags behind the store
        hearAll();
      }
      for (boolean deleted : new boolean[] {false, true}) {
        for (Sort sort : Sort.values()) {
          for (String dir : new String[] {"big", "", "big/sub0"}) {
            ListingKey key = new ListingKey(dir, deleted, null, sort);
            SortedListings kept = switch (dir) {
              case "big" -> listings;
              case "" -> rootListings;
              default -> subListings;
            };
            assertThat(entries(kept.get(key, store.lastSeq())))
                .as("step %d: %s", step, key).isEqualTo(whole(key));
            gets += dir.equals("big") ? 1 : 0;
          }
        }
      }
    }
    // a step reads big whole when the feed lagged at it or the step before: about a third
    assertThat(listings.wholeReads() - before).as("whole reads of %d listings of big", gets)
        .isLessThan(gets * 4 / 10);
  }

  @Test
  void a_change_in_a_sub_folder_reads_that_sub_folder_again_not_the_folder() {
    List<Change> seed = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      seed.add(Change.content("big/f" + i + ".txt", "%064x".formatted(i + 1), i, 0, next(), "ana",
          "t"));
    }
    seed.add(Change.content("big/sub/s.txt", "%064x".formatted(99), 5, 0, next(), "ana", "t"));
    store.recordAll(seed);
    hearAll();
    List<ListingKey> keys = new ArrayList<>();
    for (boolean deleted : new boolean[] {false, true}) {
      for (Sort sort : Sort.values()) {
        keys.add(new ListingKey("big", deleted, null, sort));
      }
    }
    keys.forEach(key -> listings.get(key, store.lastSeq()));
    long before = listings.wholeReads();
    List<Change> steps = List.of(
        // a new version in the sub-folder: its size, last change and who
        Change.content("big/sub/s.txt", "%064x".formatted(100), 500, 0, next(), "bo", "t"),
        // deeper down, and a new sub-folder
        Change.content("big/sub/deep/d.txt", "%064x".formatted(101), 7, 0, next(), "cy", "t"),
        Change.content("big/new/n.txt", "%064x".formatted(102), 9, 0, next(), "ana", "t"),
        // every file of a sub-folder deleted: listed as deleted, or not listed
        Change.delete("big/new/n.txt", next(), "bo", "t"),
        // a file moved from the folder into a sub-folder, one moved between sub-folders
        Change.rename("big/f3.txt", "big/sub/f3.txt", "%064x".formatted(4), 3, 0, next(), "cy",
            "t"),
        Change.rename("big/sub/deep/d.txt", "big/other/d.txt", "%064x".formatted(101), 7, 0,
            next(), "ana", "t"),
        // the last record of a sub-folder moved away: it is no longer listed
        Change.rename("big/other/d.txt", "elsewhere/d.txt", "%064x".formatted(101), 7, 0,
            next(), "bo", "t"));
    for (Change step : steps) {
      store.record(step);
      hearAll();
      for (ListingKey key : keys) {
        assertThat(entries(listings.get(key, store.lastSeq()))).as("%s: %s", step, key)
            .isEqualTo(whole(key));
      }
    }
    assertThat(listings.wholeReads()).isEqualTo(before);
  }

  @Test
  void a_sub_folder_larger_than_the_folder_is_read_with_the_folder_whole() {
    List<Change> seed = new ArrayList<>();
    seed.add(Change.content("big/a.txt", "%064x".formatted(1), 1, 0, next(), "ana", "t"));
    for (int i = 0; i < 10; i++) {
      seed.add(Change.content("big/sub/s" + i + ".txt", "%064x".formatted(i + 2), i, 0, next(),
          "ana", "t"));
    }
    store.recordAll(seed);
    hearAll();
    ListingKey key = new ListingKey("big", false, null, Sort.NAME);
    listings.get(key, store.lastSeq());
    long before = listings.wholeReads();
    store.record(Change.content("big/sub/s0.txt", "%064x".formatted(50), 9, 0, next(), "bo",
        "t"));
    hearAll();
    assertThat(entries(listings.get(key, store.lastSeq()))).isEqualTo(whole(key));
    assertThat(listings.wholeReads()).isEqualTo(before + 1);
  }

  @Test
  void more_changes_than_the_web_remembers_read_the_folder_whole() {
    ListingKey key = new ListingKey("big", false, null, Sort.NAME);
    record(Change.content("big/a.txt", "%064x".formatted(1), 1, 0, next(), "ana", "t"));
    hearAll();
    listings.get(key, store.lastSeq());
    List<Change> many = new ArrayList<>();
    for (int i = 0; i <= FolderChanges.RECENT; i++) {
      many.add(Change.content("big/f" + i + ".txt", "%064x".formatted(i + 7), i, 0, next(),
          "bo", "t"));
    }
    store.recordAll(many);
    hearAll();
    long before = listings.wholeReads();
    assertThat(entries(listings.get(key, store.lastSeq()))).isEqualTo(whole(key))
        .hasSize(FolderChanges.RECENT + 2);
    assertThat(listings.wholeReads()).isEqualTo(before + 1);
  }

  private Change nextChange(Random random) {
    String user = USERS[random.nextInt(USERS.length)];
    String big = "big/f" + random.nextInt(200) + ".txt";
    // sub-folders 3 and 4 are made by the script (and 0 to 4 emptied by it, moves out of them)
    String sub = "big/sub" + random.nextInt(5) + (random.nextInt(4) == 0 ? "/deep" : "")
        + "/s" + random.nextInt(4) + ".txt";
    return switch (random.nextInt(16)) {
      case 0, 1, 2 -> Change.content(big, hash(random), random.nextInt(5000), 0, next(), user,
          "t");
      case 3 -> Change.delete(big, next(), user, "t");
      case 4 -> Change.rename(big, "big/F" + random.nextInt(200) + ".txt", hash(random), 7, 0,
          next(), user, "t");
      case 5 -> Change.rename(big, "other/o" + random.nextInt(50), hash(random), 8, 0, next(),
          user, "t");
      case 6 -> Change.rename("other/o" + random.nextInt(50), big, hash(random), 9, 0, next(),
          user, "t");
      case 7, 8 -> Change.content(sub, hash(random), random.nextInt(99), 0, next(), user, "t");
      case 9 -> Change.delete(sub, next(), user, "t");
      case 10 -> Change.rename(sub, "other/o" + random.nextInt(50), hash(random), 5, 0, next(),
          user, "t");
      case 11 -> Change.rename(big, sub, hash(random), 6, 0, next(), user, "t");
      case 12 -> Change.rename(sub, big, hash(random), 4, 0, next(), user, "t");
      case 13 -> Change.rename(sub, "big/sub" + random.nextInt(5) + "/s" + random.nextInt(4)
          + ".txt", hash(random), 3, 0, next(), user, "t");
      default -> Change.content("root" + random.nextInt(5) + ".txt", hash(random), 3, 0, next(),
          user, "t");
    };
  }

  /**
   * Records a change the way the listener would; a rename of a missing file, or onto a live
   * one, is skipped.
   */
  private void record(Change change) {
    if (change.from() != null && (!live(change.from()) || live(change.path()))) {
      return;
    }
    store.record(change);
  }

  private boolean live(String path) {
    return store.file(path).filter(r -> !r.deleted()).isPresent();
  }

  /** The web's feed delivers every event the store has recorded. */
  private void hearAll() {
    FeedDelivery.hearAll(store, changes, heard);
  }

  private List<Entry> whole(ListingKey key) {
    return entries(SortedFolder.of(FolderListing.read(store, key.dir(), key.deleted(), null),
        key.sort()));
  }

  private static List<Entry> entries(SortedFolder f) {
    return f.page("", 0, Integer.MAX_VALUE).entries();
  }

  private Instant next() {
    second += 1;
    return T0.plusSeconds(second);
  }

  private static String hash(Random random) {
    return "%064x".formatted(random.nextLong() & Long.MAX_VALUE);
  }
}
