package io.revkeep.core.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.revkeep.core.model.Change;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.WriteIntent;
import io.revkeep.core.store.SqliteStore;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Change-set ids accepted by a unique prefix, refused with a line naming the problem. */
class ChangeSetIdsTest {
  @TempDir Path dir;

  private static final String ONE = "abcd1234-0000-4000-8000-000000000001";
  private static final String TWO = "abcd1299-0000-4000-8000-000000000002";

  @Test
  void a_unique_prefix_names_its_change_set_and_others_are_refused_or_given_back()
      throws Exception {
    try (SqliteStore store = SqliteStore.open(dir.resolve("revkeep.db"))) {
      Instant t = Instant.parse("2026-11-30T10:00:00Z");
      int i = 0;
      for (String id : new String[] {ONE, TWO}) {
        String path = "f" + i++ + ".txt";
        String hash = String.format("%064d", i);
        store.expectWrite(new WriteIntent(path, hash, "ann", Origin.WEB, id,
            Instant.parse("2100-01-01T00:00:00Z")));
        store.record(Change.content(path, hash, 1, 1, t, "os", "test"));
      }

      assertThat(ChangeSetIds.resolve(store, " abcd1234 ")).isEqualTo(ONE);
      assertThat(ChangeSetIds.resolve(store, "abcd129")).isEqualTo(TWO);
      assertThat(ChangeSetIds.resolve(store, ONE)).isEqualTo(ONE);
      assertThat(ChangeSetIds.resolve(store, "ffff")).as("unknown: for the caller to refuse")
          .isEqualTo("ffff");
      assertThatThrownBy(() -> ChangeSetIds.resolve(store, "abcd12"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("change set 'abcd12' is ambiguous: it starts abcd1234-000, abcd1299-000;"
              + " give more characters");
      assertThatThrownBy(() -> ChangeSetIds.resolve(store, "abc"))
          .hasMessage("no change set 'abc': give at least 4 characters of its id");
      assertThat(ChangeSetIds.shortOf(ONE)).isEqualTo("abcd1234");
    }
  }
}
