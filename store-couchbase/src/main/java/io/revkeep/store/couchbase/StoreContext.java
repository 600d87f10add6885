package io.revkeep.store.couchbase;

import io.revkeep.core.retry.Backoff;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * What every part of one {@link CouchbaseStore} works on: the bucket's key-value operations, the
 * key layout of its namespace, the append logs, the store's name for messages, its timing, its
 * clock and the test hook into record(). Also the one backoff every wait on another writer uses.
 */
final class StoreContext {
  /*
   * Threads: shared by every caller thread of the store. All fields are final and immutable
   *          (Kv, Keys and AppendLog hold no mutable state of their own) except the crash hook,
   *          which is volatile: a test sets it once, before the calls it is meant to break.
   */

  /**
   * The pause after a lost CAS race, or between two looks at a file doc another writer is
   * changing: 50 µs doubling to 25 ms, each lengthened by up to itself at random, so 50–100 µs
   * at first and never more than 50 ms (writers that collided do not collide again in step).
   */
  static final Backoff CAS_WAIT = Backoff.exponential(Duration.ofNanos(50_000),
      Duration.ofMillis(25)).withJitter(1);

  final Kv kv;
  final Keys keys;
  final AppendLog logs;
  final String description;
  final CouchbaseStore.Tuning tuning;
  /** Judges writers' ages ("at" in a file doc's pend) and write intents' lifetimes. */
  final Clock clock;
  private volatile Crash crash = Crash.NONE;

  StoreContext(Kv kv, String namespace, String description, CouchbaseStore.Tuning tuning,
      Clock clock) {
    this.kv = kv;
    this.keys = new Keys(namespace);
    this.logs = new AppendLog(kv);
    this.description = description;
    this.tuning = tuning;
    this.clock = clock;
  }

  void crashAt(Crash hook) {
    this.crash = hook;
  }

  /** A step of record() is reached (the test hook may throw, as if the writer died here). */
  void step(String name) {
    crash.at(name);
  }

  /** Counts one more failed look and parks the thread for {@link #CAS_WAIT}'s next delay. */
  static void pause(Backoff.Attempts waits) {
    LockSupport.parkNanos(waits.failed(n -> ThreadLocalRandom.current().nextLong(n)).toNanos());
  }
}
