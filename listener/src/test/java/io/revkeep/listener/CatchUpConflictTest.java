package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Event;
import io.revkeep.core.store.ConflictException;
import io.revkeep.core.store.SqliteStore;
import io.revkeep.core.store.Store;
import io.revkeep.core.store.StoreException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A conflict while replaying the pending journal is the store refusing one change, not the store
 * being unavailable: the rest of the segment is recorded and no outage is declared.
 */
class CatchUpConflictTest {
  @TempDir Path tmp;

  private static final Instant T = Instant.parse("2026-11-25T06:00:00Z");

  private static Change content(String path, char hash, int ms) {
    return Change.content(path, String.valueOf(hash).repeat(64), 1, ms, T.plusMillis(ms), "alice",
        "host:/srv/" + path);
  }

  /** The real store, except that a batch and any change of {@code refused} conflict. */
  private static Store conflicting(Store real, String refused, String failure) {
    return (Store) Proxy.newProxyInstance(Store.class.getClassLoader(),
        new Class<?>[] {Store.class}, (proxy, method, args) -> {
          if (method.getName().equals("recordAll")) {
            throw failure.equals("conflict") ? new ConflictException("batch conflicts")
                : new StoreException("store is unreachable");
          }
          if (method.getName().equals("record") && ((Change) args[0]).path().equals(refused)) {
            throw new ConflictException(refused + " conflicts");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void a_conflict_drops_only_the_refused_change_and_is_no_outage() throws Exception {
    try (SqliteStore real = SqliteStore.open(tmp.resolve("revkeep.db"));
        PendingJournal journal = PendingJournal.open(tmp.resolve("pending"),
            PendingJournal.Limits.DEFAULT)) {
      journal.append(List.of(content("a.txt", 'a', 10), content("x.txt", 'b', 20),
          content("c.txt", 'c', 30)));
      List<Event> published = new CopyOnWriteArrayList<>();
      CatchUp catchUp = new CatchUp(journal, conflicting(real, "x.txt", "conflict"),
          published::add, Clock.systemUTC(), Duration.ofSeconds(1));

      catchUp.replay(((PendingJournal.Work.Replay) journal.awaitWork()).segment());

      assertThat(published).extracting(Event::name).containsExactly("a.txt", "c.txt");
      assertThat(real.file("x.txt")).isEmpty();
      assertThat(catchUp.failing()).isFalse();
      assertThat(catchUp.unavailableSince()).isNull();
    }
  }

  @Test
  void an_unavailable_store_keeps_the_whole_segment() throws Exception {
    try (SqliteStore real = SqliteStore.open(tmp.resolve("revkeep.db"));
        PendingJournal journal = PendingJournal.open(tmp.resolve("pending"),
            PendingJournal.Limits.DEFAULT)) {
      journal.append(List.of(content("a.txt", 'a', 10), content("x.txt", 'b', 20)));
      List<Event> published = new CopyOnWriteArrayList<>();
      CatchUp catchUp = new CatchUp(journal, conflicting(real, "x.txt", "outage"),
          published::add, Clock.systemUTC(), Duration.ofSeconds(1));

      assertThatThrownBy(() -> catchUp.replay(
          ((PendingJournal.Work.Replay) journal.awaitWork()).segment()))
          .isInstanceOf(StoreException.class);

      assertThat(published).isEmpty();
      assertThat(real.lastSeq()).isZero();
    }
  }
}
