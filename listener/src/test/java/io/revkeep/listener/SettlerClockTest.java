package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.revkeep.core.model.Event;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.vault.Vault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settler's quiet time counts from when a change was seen (the signal's stamp, taken on the
 * thread that offered it), not from when the settler thread got to it: a real settler, recorder,
 * store and vault, driven by an injected ticker.
 */
class SettlerClockTest {
  private static final long SETTLE = TimeUnit.MILLISECONDS.toNanos(250);

  @TempDir Path tmp;

  /** What a test does with a real settler (not started) whose recorder publishes to a list. */
  @FunctionalInterface
  private interface Body {
    void run(Settler settler, AtomicLong ticker, List<Event> published, Path shared)
        throws Exception;
  }

  private void withSettler(Body body) throws Exception {
    Path shared = Files.createDirectories(tmp.resolve("shared"));
    AtomicLong ticker = new AtomicLong(1_000 * SETTLE); // any origin
    List<Event> published = new CopyOnWriteArrayList<>();
    try (SqliteStore store = SqliteStore.open(tmp.resolve("revkeep.db"));
        PendingJournal journal = PendingJournal.open(tmp.resolve("pending"),
            PendingJournal.Limits.DEFAULT)) {
      SharedRoot root = new SharedRoot(shared);
      PathFilter filter = new PathFilter(List.of(), List.of());
      CatchUp[] gate = new CatchUp[1];
      Recorder recorder = new Recorder(root, store, new Vault(tmp.resolve("vault")),
          published::add, filter, Clock.systemUTC(), "test", journal, e -> gate[0].failed(e));
      try (CatchUp catchUp = new CatchUp(journal, store, recorder::published, Clock.systemUTC(),
              Duration.ofSeconds(1));
          Settler settler = new Settler(shared, recorder,
              new Reconciler(root, store, filter, dir -> { }), catchUp, SETTLE, ticker::get)) {
        gate[0] = catchUp;
        catchUp.start();
        await().atMost(Duration.ofSeconds(10)).until(catchUp::isOpen);
        body.run(settler, ticker, published, shared);
      }
    }
  }

  @Test
  void a_change_is_recorded_one_settle_time_after_it_was_seen_however_late_it_is_handed_over()
      throws Exception {
    withSettler((settler, ticker, published, shared) -> {
      long seen = ticker.get();
      Path file = Files.writeString(shared.resolve("a.txt"), "one");
      settler.offer(new Signal.Touched(file)); // seen now
      ticker.set(seen + SETTLE / 2); // the settler thread gets to it half a settle time later
      settler.start();
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
          .until(published::isEmpty); // not quiet for a settle time yet

      ticker.set(seen + SETTLE); // quiet for exactly one settle time since it was seen
      await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 1);
      assertThat(published.get(0).name()).isEqualTo("a.txt");
    });
  }

  @Test
  void a_path_whose_newer_signal_still_waits_in_the_inbox_is_not_taken_as_quiet()
      throws Exception {
    withSettler((settler, ticker, published, shared) -> {
      long seen = ticker.get();
      Path file = Files.writeString(shared.resolve("a.txt"), "one");
      settler.offer(new Signal.Touched(file));
      ticker.set(seen + 1);
      Path other = Files.writeString(shared.resolve("other.txt"), "other");
      for (int i = 0; i <= Settler.BATCH; i++) {
        settler.offer(new Signal.Touched(other)); // more than one turn applies
      }
      ticker.set(seen + SETTLE);
      settler.offer(new Signal.Touched(file)); // written again: quiet from here on
      settler.start(); // its first turn applies up to the other signals, not the last one
      await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
          .until(published::isEmpty);

      ticker.set(seen + 2 * SETTLE + 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> published.size() == 2);
      assertThat(published).extracting(Event::name)
          .containsExactlyInAnyOrder("a.txt", "other.txt");
    });
  }
}
