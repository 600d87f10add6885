package io.revkeep.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.revkeep.core.model.Event;
import io.revkeep.core.store.EventLog;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LogBatchTest {

  /** An event log holding the given seqs, declaring {@code holes} holes. */
  private static EventLog log(List<Long> seqs, Set<Long> holes) {
    return new EventLog() {
      @Override
      public long lastSeq() {
        return seqs.isEmpty() ? 0 : seqs.get(seqs.size() - 1);
      }

      @Override
      public List<Event> eventsAfter(long after, int limit) {
        return seqs.stream().filter(s -> s > after).limit(limit).map(MemoryEventLog::event)
            .toList();
      }

      @Override
      public boolean isHole(long seq) {
        return holes.contains(seq);
      }
    };
  }

  @Test
  void a_contiguous_batch_follows_its_cursor() {
    LogBatch b = LogBatch.read(log(List.of(1L, 2L, 3L, 4L), Set.of()), 1);
    assertThat(b.entries()).extracting(e -> e.event().seq()).containsExactly(2L, 3L, 4L);
    assertThat(b.entries().get(0).line()).isEqualTo(FeedCodec.encodeEvent(MemoryEventLog.event(2)));
    assertThat(b.failure()).isNull();
    assertThat(b.discontinuity()).isEmpty();
  }

  @Test
  void a_jump_is_accepted_only_over_declared_holes() {
    assertThat(LogBatch.read(log(List.of(1L, 4L), Set.of(2L, 3L)), 0).discontinuity()).isEmpty();
    assertThat(LogBatch.read(log(List.of(1L, 4L), Set.of(2L)), 0).discontinuity())
        .contains("event log returned seq 4 where 3 was expected");
  }

  @Test
  void at_most_a_batch_is_read_and_a_failure_is_kept() {
    List<Long> many = LongStream.rangeClosed(1, 2_000).boxed().toList();
    assertThat(LogBatch.read(log(many, Set.of()), 0).entries()).hasSize(LogBatch.SIZE);
    EventLog broken = log(List.of(), Set.of());
    LogBatch failed = LogBatch.read(new EventLog() {
      @Override
      public long lastSeq() {
        return broken.lastSeq();
      }

      @Override
      public List<Event> eventsAfter(long after, int limit) {
        throw new IllegalStateException("store down");
      }
    }, 7);
    assertThat(failed.failure()).hasMessage("store down");
    assertThat(failed.after()).isEqualTo(7);
    assertThat(failed.entries()).isEmpty();
  }
}
