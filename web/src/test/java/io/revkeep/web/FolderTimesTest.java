package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Change;
import io.revkeep.core.store.SqliteStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a folder's kept change times brought up to date with the events heard are the times
 * the store gives when asked again — after every step of a seeded random script of new versions,
 * deletions and moves within, into and out of folders at several depths, changes elsewhere,
 * several changes at one instant, and moments when the web's feed lags; and most steps are
 * answered without asking the store.
 */
class FolderTimesTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final String[] DIRS = {"", "big", "big/sub0", "other"};

  @TempDir Path tmp;
  SqliteStore store;
  final AtomicLong heard = new AtomicLong();
  FolderChanges changes;
  FolderTimes times;
  long second;

  @BeforeEach
  void open() {
    store = SqliteStore.open(tmp.resolve("revkeep.db"));
    changes = new FolderChanges(heard::get);
    times = new FolderTimes(store, changes, 1_000_000);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void kept_times_brought_up_to_date_are_the_stores_after_every_step() {
    Random random = new Random(20261202);
    int gets = 0;
    for (int step = 0; step < 300; step++) {
      for (int o = 0; o < 1 + random.nextInt(3); o++) {
        record(random);
      }
      if (random.nextInt(6) != 0) { // now and then the feed lags behind the store
        hearAll();
      }
      for (String dir : DIRS) {
        assertThat(times.get(dir, store.lastSeq())).as("step %d: '%s'", step, dir)
            .isEqualTo(store.changeTimes(dir, Integer.MAX_VALUE));
        gets++;
      }
    }
    // asked again only when the feed lagged at a step or the one before (or nothing was kept)
    assertThat(times.wholeReads()).as("reads of %d", gets).isLessThan(gets * 4 / 10);
  }

  @Test
  void merged_times_are_each_once_newest_first() {
    Instant t1 = T0.plusSeconds(1);
    Instant t2 = T0.plusSeconds(2);
    Instant t3 = T0.plusSeconds(3);
    Instant t5 = T0.plusSeconds(5);
    assertThat(FolderTimes.merged(List.of(t5, t3, t1), List.of(t2, t5, t2, T0)))
        .containsExactly(t5, t3, t2, t1, T0);
    assertThat(FolderTimes.merged(List.of(), List.of(t1, t3))).containsExactly(t3, t1);
    assertThat(FolderTimes.merged(List.of(t3), List.of())).containsExactly(t3);
  }

  private void record(Random random) {
    String[] places = {"big/f", "big/sub0/s", "big/sub0/deep/d", "big/sub1/s", "other/o", "r"};
    String path = places[random.nextInt(places.length)] + random.nextInt(20) + ".txt";
    String to = places[random.nextInt(places.length)] + random.nextInt(20) + ".txt";
    // now and then at the same instant as the change before: one time for both
    Instant time = random.nextInt(4) == 0 ? T0.plusSeconds(second) : next();
    boolean live = store.file(path).filter(r -> !r.deleted()).isPresent();
    Change change = switch (random.nextInt(5)) {
      case 0 -> live ? Change.delete(path, time, "ana", "t") : null;
      case 1 -> live && store.file(to).filter(r -> !r.deleted()).isEmpty()
          ? Change.rename(path, to, hash(random), 3, 0, time, "bo", "t") : null;
      default -> Change.content(path, hash(random), random.nextInt(99), 0, time, "cy", "t");
    };
    if (change != null) {
      store.record(change);
    }
  }

  /** The web's feed delivers every event the store has recorded. */
  private void hearAll() {
    FeedDelivery.hearAll(store, changes, heard);
  }

  private Instant next() {
    second += 1;
    return T0.plusSeconds(second);
  }

  private static String hash(Random random) {
    return "%064x".formatted(random.nextLong() & Long.MAX_VALUE);
  }
}
