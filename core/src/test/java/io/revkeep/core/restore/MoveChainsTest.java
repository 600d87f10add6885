package io.revkeep.core.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.FileRecord;
import io.revkeep.core.restore.MoveChains.Wanted;
import io.revkeep.core.restore.RestoreStep.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MoveChainsTest {
  private static FileRecord rec(String path, boolean deleted) {
    Instant t = Instant.EPOCH;
    return new FileRecord(path.hashCode(), path, deleted ? null : "h", 1, t, "u", t, "u", 1,
        deleted, 1, 1, 1);
  }

  private static final Map<String, FileRecord> NOW = Map.of(
      "b", rec("b", false), "c", rec("c", false), "d", rec("d", false),
      "e", rec("e", false), "f", rec("f", false), "tomb", rec("tomb", true),
      "other", rec("other", false));

  private static Optional<FileRecord> at(String path) {
    return Optional.ofNullable(NOW.get(path));
  }

  private static final List<Wanted> WANTED = List.of(
      new Wanted("b", "free"),   // free: moves
      new Wanted("c", "b"),      // b is emptied by the move above: a chain
      new Wanted("d", "e"),      // d and e swapped: a cycle
      new Wanted("e", "d"),
      new Wanted("f", "tomb"),   // a deleted file's record there: the rename detaches it
      new Wanted("x", "other"),  // another file that stays
      new Wanted("z", "c"));     // c moves on to b only once it is emptied: a chain of two

  @Test
  void free_targets_tombstones_and_chains_move_and_cycles_do_not() {
    assertThat(MoveChains.movable(WANTED, MoveChainsTest::at, false))
        .containsExactlyInAnyOrder("free", "b", "tomb", "c");
  }

  @Test
  void a_plan_that_may_replace_files_moves_onto_another_file_that_stays_but_never_breaks_a_cycle() {
    assertThat(MoveChains.movable(WANTED, MoveChainsTest::at, true))
        .containsExactlyInAnyOrder("free", "b", "tomb", "c", "other");
  }

  private static RestoreStep move(String from, String to) {
    return new RestoreStep(Kind.MOVE, to, null, 1, "test", from, false);
  }

  @Test
  void the_executor_moves_a_chain_in_rounds_the_emptying_move_first() {
    RestoreStep first = move("b", "free");
    RestoreStep second = move("c", "b");
    RestoreStep third = move("d", "c");
    RestoreStep alone = move("q", "p");
    assertThat(RestoreExecutor.rounds(List.of(third, second, alone, first)))
        .containsExactly(List.of(alone, first), List.of(second), List.of(third));
  }
}
