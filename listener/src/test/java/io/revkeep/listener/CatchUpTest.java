package io.revkeep.listener;

import static io.revkeep.core.model.Action.CREATE;
import static io.revkeep.core.model.Action.DELETE;
import static io.revkeep.core.model.Action.MODIFY;
import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.SqliteStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replaying the pending journal on a real SQLite store: exactly once across the crash window. */
class CatchUpTest {
  @TempDir Path tmp;

  private static final Instant T = Instant.parse("2026-11-25T06:00:00.000500Z");
  private static final String A = "a".repeat(64);
  private static final String B = "b".repeat(64);
  private static final String C = "c".repeat(64);

  private static Change content(String path, String hash, int ms) {
    return Change.content(path, hash, 1, ms, T.plusMillis(ms), "alice", "host:/srv/" + path);
  }

  private static Change delete(String path, int ms) {
    return Change.delete(path, T.plusMillis(ms), "unknown", "host:/srv/" + path);
  }

  /** A journal whose states of f.txt include one equal to what the store already has. */
  private static List<Change> pending() {
    return List.of(
        content("f.txt", A, 10), // the content it already has: no version
        content("f.txt", B, 20),
        content("n.txt", C, 25),
        content("f.txt", C, 30),
        delete("n.txt", 40),
        delete("never-known.txt", 45)); // no live record: no version
  }

  private static List<String> hashes(List<VersionRecord> history) {
    return history.stream().map(VersionRecord::hash).toList();
  }

  @Test
  void replaying_a_segment_the_store_already_took_records_nothing_again() throws Exception {
    try (SqliteStore store = SqliteStore.open(tmp.resolve("revkeep.db"));
        PendingJournal journal = PendingJournal.open(tmp.resolve("pending"),
            PendingJournal.Limits.DEFAULT)) {
      store.record(content("f.txt", A, 0)); // recorded directly before the outage
      journal.append(pending());
      List<Event> published = new CopyOnWriteArrayList<>();
      CatchUp catchUp = new CatchUp(journal, store, published::add, Clock.systemUTC(),
          Duration.ofSeconds(1));
      PendingJournal.Segment segment =
          ((PendingJournal.Work.Replay) journal.awaitWork()).segment();

      catchUp.replay(segment);
      assertThat(hashes(store.history("f.txt"))).containsExactly(A, B, C);
      assertThat(store.history("f.txt")).extracting(VersionRecord::action)
          .containsExactly(CREATE, MODIFY, MODIFY);
      assertThat(store.history("n.txt")).extracting(VersionRecord::action)
          .containsExactly(CREATE, DELETE);
      assertThat(published).extracting(Event::seq).containsExactly(2L, 3L, 4L, 5L);

      // the process died after the commit, before the segment was removed: replay it again
      catchUp.replay(segment);
      catchUp.replay(segment);
      assertThat(hashes(store.history("f.txt"))).containsExactly(A, B, C);
      assertThat(store.history("n.txt")).hasSize(2);
      assertThat(store.lastSeq()).isEqualTo(5);
      assertThat(published).hasSize(4);
    }
  }

  @Test
  void a_segment_the_store_took_only_in_part_is_completed_exactly_once() throws Exception {
    try (SqliteStore store = SqliteStore.open(tmp.resolve("revkeep.db"));
        PendingJournal journal = PendingJournal.open(tmp.resolve("pending"),
            PendingJournal.Limits.DEFAULT)) {
      store.record(content("f.txt", A, 0));
      journal.append(pending());
      // a store without multi-document transactions may fail after applying a prefix
      for (Change c : pending().subList(0, 3)) {
        store.record(c);
      }
      CatchUp catchUp = new CatchUp(journal, store, e -> { }, Clock.systemUTC(),
          Duration.ofSeconds(1));
      catchUp.replay(((PendingJournal.Work.Replay) journal.awaitWork()).segment());
      assertThat(hashes(store.history("f.txt"))).containsExactly(A, B, C);
      assertThat(store.history("n.txt")).extracting(VersionRecord::action)
          .containsExactly(CREATE, DELETE);
      assertThat(store.lastSeq()).isEqualTo(5);
    }
  }
}
