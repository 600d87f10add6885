package io.revkeep.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link WebSessionsContract} on a SQLite file, and two stores on one file as two webs. */
class SqliteWebSessionsTest extends WebSessionsContract {
  private final AtomicInteger files = new AtomicInteger();

  @TempDir
  Path dir;

  @Override
  protected Store newStore() {
    return SqliteStore.open(dir.resolve("revkeep-" + files.incrementAndGet() + ".db"));
  }

  @Test
  void two_stores_on_one_file_see_each_others_sessions_at_once() {
    Path file = dir.resolve("shared.db");
    try (Store one = SqliteStore.open(file); Store two = SqliteStore.open(file)) {
      one.addWebSession(new WebSession("h1", "ann", "c", T0, T0));
      assertThat(two.webSession("h1")).isPresent();
      assertThat(two.removeWebSession("h1")).isTrue();
      assertThat(one.webSession("h1")).isEmpty();
    }
  }
}
