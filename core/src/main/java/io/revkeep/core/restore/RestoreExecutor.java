package io.revkeep.core.restore;

import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.WriteIntent;
import io.revkeep.core.paths.AtomicWrite;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.restore.RestoreStep.Kind;
import io.revkeep.core.store.OnDisk;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs a {@link RestorePlan} through the shared folder like any other edit: each file is written
 * by {@link AtomicWrite} (or removed) after a {@link WriteIntent} that gives its new version the
 * user, the origin and the change-set id, so the listener records every step as a new version —
 * history is never rewritten, and the whole restore can be undone by its change-set id.
 *
 * <p>Order, so that a refused restore changes nothing and no version is lost:
 * <ol>
 *   <li>every target is checked first (a path that may not be written, bytes missing from the
 *       vault): any failure refuses the whole restore before the first write;
 *   <li>what stands on disk at every target must already be recorded (waits, bounded, for the
 *       listener) — otherwise an unrecorded edit would be overwritten;
 *   <li>the steps run in path order, reporting progress;
 *   <li>it waits (bounded) until the listener has recorded every step.
 * </ol>
 * An edit made by someone between step 2 and the write of its path is overwritten before the
 * listener read it (a window of one file write; the same as a single-file revert).
 *
 * <p>Not thread-safe: one executor runs one plan on the caller's thread.
 */
public final class RestoreExecutor {
  /** How often the store and disk are looked at while waiting for the listener. */
  private static final Duration POLL = Duration.ofMillis(50);

  /** Reports each step as it is done (index from 1). */
  @FunctionalInterface
  public interface Progress {
    void done(int index, int total, RestoreStep step);
  }

  /** What a run did. */
  public record Result(String changeSet, int written, int removed, int kept) {
    public Map<String, Object> asJson() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("change_set", changeSet);
      m.put("written", written);
      m.put("removed", removed);
      m.put("unchanged", kept);
      return m;
    }
  }

  private final SharedRoot root;
  private final Store store;
  private final Vault vault;
  private final Clock clock;
  private final Duration recordTimeout;

  /**
   * @param recordTimeout how long to wait for the listener, before writing (to record what is on
   *     disk) and after (to record the restore)
   */
  public RestoreExecutor(SharedRoot root, Store store, Vault vault, Clock clock,
      Duration recordTimeout) {
    this.root = Objects.requireNonNull(root, "root");
    this.store = Objects.requireNonNull(store, "store");
    this.vault = Objects.requireNonNull(vault, "vault");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.recordTimeout = Objects.requireNonNull(recordTimeout, "recordTimeout");
  }

  /**
   * Runs the plan.
   *
   * @param changeSet the id every new version of this run carries
   * @throws RestoreRefusedException when a check fails (nothing was written) or the listener
   *     did not record the run in time (the files were written; the message says so)
   */
  public Result execute(RestorePlan plan, String user, Origin origin, String changeSet,
      Progress progress) throws IOException {
    List<RestoreStep> steps = plan.changing();
    List<Path> targets = new ArrayList<>(steps.size());
    for (RestoreStep s : steps) {
      try {
        targets.add(root.resolveForWrite(s.path()));
      } catch (BadPathException e) {
        throw new RestoreRefusedException(s.path() + " cannot be written: " + e.getMessage()
            + "; nothing was changed", false);
      }
      if (s.source() != null && !vault.contains(s.source().hash())) {
        throw new RestoreRefusedException("the bytes of version " + s.source().version() + " of "
            + s.source().path() + " are not in the vault; nothing was changed ('revkeep verify'"
            + " checks the vault)", false);
      }
    }
    awaitDiskRecorded(steps, targets);

    Instant expiry = clock.instant().plus(recordTimeout).plus(Duration.ofMillis(10L
        * steps.size()));
    int written = 0;
    int removed = 0;
    for (int i = 0; i < steps.size(); i++) {
      RestoreStep s = steps.get(i);
      if (s.kind() == Kind.REMOVE) {
        store.expectWrite(WriteIntent.deletion(s.path(), user, origin, changeSet, expiry));
        Files.deleteIfExists(targets.get(i));
        removed++;
      } else {
        store.expectWrite(new WriteIntent(s.path(), s.source().hash(), user, origin, changeSet,
            expiry));
        Optional<InputStream> in = vault.open(s.source().hash());
        if (in.isEmpty()) {
          throw new RestoreRefusedException("the bytes of version " + s.source().version()
              + " of " + s.source().path() + " vanished from the vault during the restore; " + i
              + " of " + steps.size() + " files were restored (change set " + changeSet + ")",
              true);
        }
        try (InputStream bytes = in.get()) {
          AtomicWrite.write(root, s.path(), bytes);
        } catch (BadPathException e) {
          throw new RestoreRefusedException(s.path() + " cannot be written: " + e.getMessage()
              + "; " + i + " of " + steps.size() + " files were restored (change set "
              + changeSet + ")", true);
        }
        written++;
      }
      if (progress != null) {
        progress.done(i + 1, steps.size(), s);
      }
    }
    awaitRecorded(steps, changeSet);
    return new Result(changeSet, written, removed, plan.steps().size() - steps.size());
  }

  /**
   * Waits until what stands at every target is what the store says stands there; refuses,
   * having written nothing, when the listener has not caught up within the timeout.
   */
  private void awaitDiskRecorded(List<RestoreStep> steps, List<Path> targets) throws IOException {
    Instant deadline = clock.instant().plus(recordTimeout);
    List<Integer> pending = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      pending.add(i);
    }
    while (true) {
      List<Integer> still = new ArrayList<>();
      for (int i : pending) {
        if (!diskMatchesStore(steps.get(i).path(), targets.get(i))) {
          still.add(i);
        }
      }
      if (still.isEmpty()) {
        return;
      }
      if (clock.instant().isAfter(deadline)) {
        throw new RestoreRefusedException(steps.get(still.get(0)).path() + (still.size() > 1
            ? " and " + (still.size() - 1) + " other file(s) have" : " has")
            + " changes revkeep has not recorded yet, and the listener did not record them within "
            + recordTimeout.toSeconds() + " s; nothing was changed: try again, and check"
            + " 'revkeep status'", false);
      }
      pending = still;
      pause();
    }
  }

  /** Whether what stands at the target is what the store says stands there. */
  private boolean diskMatchesStore(String path, Path abs) throws IOException {
    Optional<FileRecord> live = store.file(path).filter(r -> !r.deleted());
    OnDisk state = OnDisk.check(live, abs);
    return state == OnDisk.RECORDED || (state == OnDisk.NOTHING && live.isEmpty());
  }


  /** Waits until the listener has recorded every step of this run. */
  private void awaitRecorded(List<RestoreStep> steps, String changeSet) {
    Instant deadline = clock.instant().plus(recordTimeout);
    List<RestoreStep> pending = steps;
    while (true) {
      List<RestoreStep> still = new ArrayList<>();
      for (RestoreStep s : pending) {
        Optional<FileRecord> rec = store.file(s.path());
        boolean done = rec.isPresent() && rec.get().version() > s.currentVersion()
            && (s.kind() == Kind.REMOVE ? rec.get().deleted()
                : !rec.get().deleted() && s.source().hash().equals(rec.get().hash()));
        if (!done) {
          still.add(s);
        }
      }
      if (still.isEmpty()) {
        return;
      }
      if (clock.instant().isAfter(deadline)) {
        throw new RestoreRefusedException("the files were written, but the listener has not"
            + " recorded " + still.size() + " of them within " + recordTimeout.toSeconds()
            + " s (first: " + still.get(0).path() + "); check 'revkeep status'; the change set"
            + " is " + changeSet, true);
      }
      pending = still;
      pause();
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RestoreRefusedException("interrupted while waiting for the listener", true);
    }
  }
}
