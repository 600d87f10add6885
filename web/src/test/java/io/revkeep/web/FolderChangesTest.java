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

  private Event hear(long seq, String name, String from) {
    Event e = new Event(seq, from == null ? Action.MODIFY : Action.RENAME, name, from, "h:/"
        + name, 1, "00", 1, Instant.EPOCH.plusSeconds(seq), "ann", Origin.FS, null);
    changes.heard(e);
    heard.set(seq);
    return e;
  }

  @Test
  void what_changed_in_a_folder_is_its_own_files_and_its_sub_folders_with_their_newest_event() {
    heard.set(0);
    hear(1, "a/s/old.txt", null); // before the listing: not in the answer
    long since = changes.tag("a", 1);
    hear(2, "a/s/x.txt", null);
    hear(3, "b/y.txt", null); // elsewhere
    Event moved = hear(4, "a/t/deep/z.txt", "a/f.txt"); // a file of a into a sub-folder
    Event last = hear(5, "elsewhere/x.txt", "a/s/x.txt"); // out of a sub-folder
    FolderChanges.Changed changed = changes.changedSince("a", since, changes.tag("a", 5))
        .orElseThrow();
    assertThat(changed.files()).containsExactly("a/f.txt");
    assertThat(changed.folders()).containsOnlyKeys("a/s", "a/t");
    assertThat(changed.folders().get("a/s")).isEqualTo(last);
    assertThat(changed.folders().get("a/t")).isEqualTo(moved);
    // at the root, a is a sub-folder; b's and elsewhere's changes too
    FolderChanges.Changed atRoot = changes.changedSince("", since, changes.tag("", 5))
        .orElseThrow();
    assertThat(atRoot.files()).isEmpty();
    assertThat(atRoot.folders()).containsOnlyKeys("a", "b", "elsewhere");
    assertThat(atRoot.folders().get("a")).isEqualTo(last);
    // a tag from before the web heard everything says nothing
    assertThat(changes.changedSince("a", -2, changes.tag("a", 5))).isEmpty();
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
