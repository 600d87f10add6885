package io.revkeep.listener;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Keys that become due once they have been quiet for the settle time, or at the latest after a
 * maximum delay from their first touch (so a file written without pause is still picked up).
 *
 * <p>Not thread-safe: owned by one thread (the {@link Settler}). Time is a parameter, in
 * nanoseconds from any fixed origin, so tests drive it with a fake clock.
 *
 * @param <K> what is pending: a path to read, a folder to rescan
 */
final class SettleQueue<K> {
  /*
   * State:      pending key → (first touch, deadline). A heap of (deadline, key) entries in which
   *             an entry is live only while its deadline equals the key's current deadline;
   *             touching a key again pushes a new entry and leaves the old one stale (skipped
   *             when it reaches the head). Each touch adds one entry, so the heap holds at most
   *             touches-since-last-due entries; drain() discards stale ones as it passes them.
   * Invariants: a key is pending at most once; drain() returns each due key once and forgets it.
   */

  private record Pending(long firstTouch, long deadline) {}

  private record Entry<K>(long deadline, K key) {}

  private final long settleNanos;
  private final long maxDelayNanos;
  private final Map<K, Pending> pending = new HashMap<>();
  private final PriorityQueue<Entry<K>> heap =
      new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));

  SettleQueue(long settleNanos, long maxDelayNanos) {
    if (settleNanos < 0 || maxDelayNanos < settleNanos) {
      throw new IllegalArgumentException("need 0 <= settle <= maxDelay");
    }
    this.settleNanos = settleNanos;
    this.maxDelayNanos = maxDelayNanos;
  }

  /**
   * Marks {@code key} as changed at {@code now}: it becomes due after a quiet settle time. A
   * touch never brings a pending key's deadline forward: {@code now} is when the change was seen
   * (stamped by the thread that saw it), so touches handed over by several threads may arrive a
   * little out of order.
   */
  void touch(K key, long now) {
    Pending old = pending.get(key);
    long first = old == null || now - old.firstTouch < 0 ? now : old.firstTouch;
    long deadline = Math.min(now + settleNanos, first + maxDelayNanos);
    if (old != null && deadline - old.deadline < 0) {
      // an older touch arriving late: the later one's quiet time stands, within the maximum delay
      deadline = Math.min(old.deadline, first + maxDelayNanos);
    }
    if (old != null && old.deadline == deadline) {
      if (old.firstTouch != first) {
        pending.put(key, new Pending(first, deadline)); // same heap entry, still live
      }
      return;
    }
    pending.put(key, new Pending(first, deadline));
    heap.add(new Entry<>(deadline, key));
  }

  /** Removes and returns every key due at {@code now}, earliest deadline first. */
  List<K> drainDue(long now) {
    List<K> due = new ArrayList<>();
    while (!heap.isEmpty() && heap.peek().deadline - now <= 0) {
      Entry<K> e = heap.poll();
      Pending p = pending.get(e.key);
      if (p != null && p.deadline == e.deadline) {
        pending.remove(e.key);
        due.add(e.key);
      }
    }
    return due;
  }

  /** The earliest deadline of a pending key, or {@link Long#MAX_VALUE} when none is pending. */
  long nextDeadline() {
    while (!heap.isEmpty()) {
      Entry<K> e = heap.peek();
      Pending p = pending.get(e.key);
      if (p != null && p.deadline == e.deadline) {
        return e.deadline;
      }
      heap.poll();
    }
    return Long.MAX_VALUE;
  }

  boolean contains(K key) {
    return pending.containsKey(key);
  }

  void remove(K key) {
    pending.remove(key);
  }

  /** How many keys are pending. */
  int size() {
    return pending.size();
  }

  void clear() {
    pending.clear();
    heap.clear();
  }
}
