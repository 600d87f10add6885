package io.revkeep.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Event;
import java.time.Instant;
import java.util.Collection;
import java.util.TreeSet;

/**
 * The store's own answers to {@link FolderContents} compared with the reference: the interface's
 * defaults (which read the whole subtree and the event log), run on the same store through a
 * proxy that hands every other call to it.
 */
final class ReferenceListing {
  private ReferenceListing() {}

  /** The store as a Store whose contents() and contentsAt() are FolderContents's defaults. */
  static Store of(Store store) {
    return DefaultListings.of(store);
  }

  /**
   * Every folder that ever held a file (and the root), now with and without deleted files and
   * at each instant: the store's answer is the reference's.
   */
  static void assertSame(Store store, Collection<Instant> instants) {
    Store reference = of(store);
    for (String dir : folders(store)) {
      for (boolean deleted : new boolean[] {false, true}) {
        assertThat(store.contents(dir, deleted)).as("'%s' now, deleted %s", dir, deleted)
            .isEqualTo(reference.contents(dir, deleted));
      }
      for (Instant at : instants) {
        assertThat(store.contentsAt(dir, at)).as("'%s' at %s", dir, at)
            .isEqualTo(reference.contentsAt(dir, at));
      }
    }
  }

  /** The root and every folder an event's path or former path lay in. */
  static TreeSet<String> folders(Store store) {
    TreeSet<String> out = new TreeSet<>();
    out.add("");
    for (Event e : store.eventsAfter(0, Integer.MAX_VALUE)) {
      out.addAll(SqliteFolderSums.ancestors(e.name()));
      if (e.from() != null) {
        out.addAll(SqliteFolderSums.ancestors(e.from()));
      }
    }
    return out;
  }
}
