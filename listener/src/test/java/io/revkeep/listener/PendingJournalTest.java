package io.revkeep.listener;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Action;
import io.revkeep.core.model.Change;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PendingJournalTest {
  @TempDir Path tmp;

  private static final Instant T = Instant.parse("2026-11-25T06:00:00.123456789Z");

  private static Change content(String path, int n) {
    return Change.content(path, "%064x".formatted(n), n, n * 10L, T.plusMillis(n), "alice",
        "host:/srv/" + path);
  }

  private List<Change> replayAll(PendingJournal j) throws Exception {
    List<Change> all = new ArrayList<>();
    while (j.size() > 0) {
      PendingJournal.Work w = j.awaitWork();
      PendingJournal.Segment s = ((PendingJournal.Work.Replay) w).segment();
      all.addAll(s.changes());
      j.remove(s);
    }
    return all;
  }

  @Test
  void appended_changes_survive_a_reopen_in_order_with_every_field() throws Exception {
    List<Change> written = new ArrayList<>();
    try (PendingJournal j = PendingJournal.open(tmp, PendingJournal.Limits.DEFAULT)) {
      assertThat(j.isOpen()).isFalse(); // closed until the catch-up has seen the store
      for (int batch = 0; batch < 3; batch++) {
        List<Change> b = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
          b.add(content("d/f" + i + ".txt", batch * 1000 + i));
        }
        b.add(Change.delete("gone.txt", T, "unknown", "host:/srv/gone.txt"));
        assertThat(j.append(b)).isTrue();
        written.addAll(b);
      }
      assertThat(j.size()).isEqualTo(603);
      // retention (backup's Pruner) reads the same files to keep these bytes
      assertThat(io.revkeep.core.vault.PendingHashes.read(tmp)).hasSize(600)
          .contains("%064x".formatted(2199));
    }
    try (PendingJournal j = PendingJournal.open(tmp, PendingJournal.Limits.DEFAULT)) {
      assertThat(j.size()).isEqualTo(603);
      assertThat(replayAll(j)).containsExactlyElementsOf(written);
      assertThat(j.openIfEmpty()).isTrue();
    }
    try (Stream<Path> left = Files.list(tmp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void an_unfinished_last_line_is_ignored_and_a_bad_line_is_skipped() throws Exception {
    try (PendingJournal j = PendingJournal.open(tmp, PendingJournal.Limits.DEFAULT)) {
      j.append(List.of(content("a", 1), content("b", 2)));
    }
    Path segment;
    try (Stream<Path> files = Files.list(tmp)) {
      segment = files.findFirst().orElseThrow();
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(segment));
    lines.add(1, "{not json");
    Files.write(segment, lines);
    Files.writeString(segment, "{\"v\":1,\"action\":\"MOD", StandardOpenOption.APPEND);
    try (PendingJournal j = PendingJournal.open(tmp, PendingJournal.Limits.DEFAULT)) {
      assertThat(replayAll(j)).containsExactly(content("a", 1), content("b", 2));
    }
  }

  @Test
  void a_full_journal_refuses_the_whole_append_until_room_is_made() throws Exception {
    try (PendingJournal j = PendingJournal.open(tmp, new PendingJournal.Limits(3, 1 << 20))) {
      assertThat(j.append(List.of(content("a", 1), content("b", 2)))).isTrue();
      assertThat(j.append(List.of(content("c", 3), content("d", 4)))).isFalse();
      assertThat(j.full()).isTrue();
      assertThat(j.size()).isEqualTo(2);
      assertThat(replayAll(j)).containsExactly(content("a", 1), content("b", 2));
      assertThat(j.append(List.of(content("c", 3), content("d", 4)))).isTrue();
      assertThat(j.full()).isFalse();
    }
  }

  @Test
  void the_gate_opens_only_when_nothing_is_pending_and_any_append_closes_it() throws Exception {
    try (PendingJournal j = PendingJournal.open(tmp, PendingJournal.Limits.DEFAULT)) {
      j.append(List.of(content("a", 1)));
      assertThat(j.openIfEmpty()).isFalse();
      PendingJournal.Segment s = ((PendingJournal.Work.Replay) j.awaitWork()).segment();
      j.append(List.of(content("a", 2))); // lands in a new segment behind the taken one
      j.remove(s);
      assertThat(j.openIfEmpty()).isFalse();
      assertThat(replayAll(j)).containsExactly(content("a", 2));
      assertThat(j.openIfEmpty()).isTrue();
      j.hold();
      assertThat(j.isOpen()).isFalse();
      assertThat(j.awaitWork()).isInstanceOf(PendingJournal.Work.Probe.class);
    }
  }

  @Test
  void a_rename_is_journaled_as_a_delete_and_the_content_at_its_target() {
    Change rename = Change.rename("old.txt", "new.txt", "%064x".formatted(7), 7, 70, T, "bob",
        "host:/srv/new.txt");
    List<Change> split = Recorder.forJournal(rename);
    assertThat(split).extracting(Change::action).containsExactly(Action.DELETE, Action.MODIFY);
    assertThat(split).extracting(Change::path).containsExactly("old.txt", "new.txt");
    assertThat(split).extracting(Change::time).containsOnly(T);
    assertThat(split.get(1).hash()).isEqualTo(rename.hash());
  }
}
