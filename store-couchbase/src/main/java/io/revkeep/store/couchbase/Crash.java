package io.revkeep.store.couchbase;

/**
 * Test hook into record(): called at each named step of the commit protocol ("pending",
 * "version", "seq", "seq-noted", "event", "indexed"; see {@link Commit}); throwing
 * {@link CrashedForTest} there simulates a writer dying there, and blocking simulates a stall.
 */
@FunctionalInterface
interface Crash {
  Crash NONE = step -> {};

  void at(String step);

  /** A simulated death: not a StoreException, so it skips the clean-up of a real failure. */
  final class CrashedForTest extends RuntimeException {
    CrashedForTest(String step) {
      super("simulated crash at " + step);
    }
  }
}
