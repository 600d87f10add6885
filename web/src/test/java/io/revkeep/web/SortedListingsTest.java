package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
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
 * Issue 17: a kept listing brought up to date with the files that changed in it is the listing
 * the store gives when read whole — after every step of a seeded random script of new versions,
 * deletions, renames within, into and out of the folder, changes in its sub-folders and
 * elsewhere, and moments when the web's feed lags — for every sort, with and without deleted
 * files; and most steps are answered without reading the folder whole.
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
  long second;

  @BeforeEach
  void open() {
    store = SqliteStore.open(tmp.resolve("revkeep.db"));
    changes = new FolderChanges(heard::get);
    listings = new SortedListings(store, changes, 1_000_000);
    rootListings = new SortedListings(store, changes, 1_000_000);
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
          for (String dir : new String[] {"big", ""}) {
            ListingKey key = new ListingKey(dir, deleted, null, sort);
            SortedListings kept = dir.isEmpty() ? rootListings : listings;
            assertThat(entries(kept.get(key, store.lastSeq())))
                .as("step %d: %s", step, key).isEqualTo(whole(key));
            gets += dir.isEmpty() ? 0 : 1;
          }
        }
      }
    }
    // a step reads big whole when the feed lags or a sub-folder changed: about 40 % of them
    assertThat(listings.wholeReads() - before).as("whole reads of %d listings of big", gets)
        .isLessThan(gets * 6 / 10);
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
    return switch (random.nextInt(10)) {
      case 0, 1, 2, 3 -> Change.content(big, hash(random), random.nextInt(5000), 0, next(), user,
          "t");
      case 4 -> Change.delete(big, next(), user, "t");
      case 5 -> Change.rename(big, "big/F" + random.nextInt(200) + ".txt", hash(random), 7, 0,
          next(), user, "t");
      case 6 -> Change.rename(big, "other/o" + random.nextInt(50), hash(random), 8, 0, next(),
          user, "t");
      case 7 -> Change.rename("other/o" + random.nextInt(50), big, hash(random), 9, 0, next(),
          user, "t");
      case 8 -> Change.content("big/sub" + random.nextInt(3) + "/s.txt", hash(random),
          random.nextInt(99), 0, next(), user, "t");
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
    while (true) {
      List<Event> events = store.eventsAfter(heard.get(), 1000);
      if (events.isEmpty()) {
        return;
      }
      for (Event e : events) {
        changes.heard(e);
        heard.set(e.seq());
      }
    }
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
