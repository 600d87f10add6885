package io.revkeep.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Event;
import io.revkeep.core.model.Origin;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FolderChangesTest {
  private final AtomicLong heard = new AtomicLong(-1);
  private final FolderChanges changes = new FolderChanges(heard::get);

  private void hear(long seq, String name, String from) {
    changes.heard(new Event(seq, from == null ? Action.MODIFY : Action.RENAME, name, from, "h:/"
        + name, 1, "00", 1, Instant.EPOCH, "ann", Origin.FS, null));
    heard.set(seq);
  }

  @Test
  void a_folder_tag_moves_with_changes_beneath_it_only() {
    heard.set(10); // connected: everything up to seq 10 was before the subscription
    long a = changes.tag("a", 10);
    long b = changes.tag("b", 10);
    long root = changes.tag("", 10);
    hear(11, "a/deep/x.txt", null);
    assertThat(changes.tag("a", 11)).isGreaterThan(a);
    assertThat(changes.tag("a/deep", 11)).isGreaterThan(a);
    assertThat(changes.tag("", 11)).isGreaterThan(root);
    assertThat(changes.tag("b", 11)).isEqualTo(b);
    // a move out of b changes b too
    hear(12, "a/y.txt", "b/y.txt");
    assertThat(changes.tag("b", 12)).isGreaterThan(b);
  }

  @Test
  void while_the_feed_has_not_heard_the_stores_last_seq_the_tag_is_that_seq() {
    assertThat(changes.tag("a", 0)).isEqualTo(-1); // never connected
    heard.set(5);
    assertThat(changes.tag("a", 7)).isEqualTo(-8);
    assertThat(changes.tag("a", 8)).isEqualTo(-9);
    hear(8, "b/x", null);
    assertThat(changes.tag("a", 8)).isGreaterThanOrEqualTo(0);
  }

  @Test
  void too_many_folders_and_every_folder_counts_as_changed() {
    heard.set(0);
    long a = changes.tag("a", 0);
    for (int i = 1; i <= FolderChanges.MAX_FOLDERS + 1; i++) {
      hear(i, "f" + i + "/x", null);
    }
    assertThat(changes.tag("a", FolderChanges.MAX_FOLDERS + 1)).isGreaterThan(a);
  }
}
