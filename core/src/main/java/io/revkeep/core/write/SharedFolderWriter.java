package io.revkeep.core.write;

import io.revkeep.core.model.Lock;
import io.revkeep.core.model.Origin;
import io.revkeep.core.model.WriteIntent;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import io.revkeep.core.write.TargetRules.Naming;
import io.revkeep.core.write.WriteRefusedException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The one way into the shared folder. Every write revkeep makes there — web uploads and
 * restores, CLI revert and restore, folder restores from both — is a {@link WriteRequest} run by
 * {@link #apply}, so that it arrives the way any edit does and the listener records it as a new
 * version: history is never rewritten, and nothing unrecorded is ever overwritten.
 *
 * <p>The guards run in this order, and a refusal by any of them changes nothing:
 * <ol>
 *   <li><b>listener</b>: a healthy listener runs ({@link ListenerCheck}) — a write it would not
 *       record is not made;
 *   <li><b>path</b>: every target is a path revkeep would version ({@link TargetRules}), named
 *       once in the request; an upload's names are held to the policy for new names, a
 *       version written back keeps its recorded name, control characters included
 *       ({@link TargetRules.Naming});
 *   <li><b>lock</b>: no one else holds the target's lock ({@code [revisions] lockfiles});
 *   <li><b>content</b>: a version's bytes are in the vault;
 *   <li><b>recorded</b>: what stands at every target is what the store has recorded there
 *       (waiting for the listener up to {@link WriteRequest#awaitBefore}).
 * </ol>
 * Then, per operation in order ({@link Placement}): the parent folder is opened from the root one
 * segment at a time without following links ({@link OpenedFolder}), creating missing folders;
 * the bytes are staged under a temporary name and fsynced (an upload was staged in the staging
 * folder already); a {@link WriteIntent} names the user, origin and change set; the staged file
 * is renamed over the target relative to the opened folder; the folder is fsynced. A
 * {@link WriteOp.Move} renames the recorded file from its opened folder to the target's (to a
 * path where no file lives: no record, or a deleted file's), after an intent for the target and
 * the recorded content, so the listener records one RENAME by the request's user. A
 * {@link WriteOp.MakeFolder} makes a new empty folder where nothing stands
 * ({@link WriteRefusedException.Reason#EXISTS} otherwise); folders are not versioned, so nothing
 * is recorded for it; a {@link WriteOp.RemoveFolder} removes a folder only if it is empty by
 * then (the end of a whole folder's move or delete). Last, when
 * asked, it waits until the listener has recorded every operation
 * ({@link WriteRequest#awaitAfter}).
 *
 * <h2>Implementation notes</h2>
 *
 * <pre>
 * Threads:   any number of request threads call apply/stage/discard at once; the writer starts
 *            none of its own.
 * State:     immutable collaborators, plus two open folder handles: the root and the staging
 *            folder (SecureDirectoryStream allows concurrent operations on one handle).
 * Links:     no path into the shared folder is ever walked by the kernel for a write: each name
 *            is looked up relative to a folder opened with NOFOLLOW_LINKS, so a folder swapped
 *            for a symbolic link — before or during a write — makes the write fail, never land
 *            outside the root. (A folder moved out of the root by someone who can write both
 *            places is caught by a last check before the rename; what is left is a window of a
 *            few system calls, and whoever moves it needed write access to where it went.)
 * Races:     between the "recorded" guard and the rename, someone may still edit a target; that
 *            edit is replaced before the listener read it. The window is one file write long;
 *            closing it needs a lock the editors of a shared folder do not take.
 * Shutdown:  close() releases the folder handles; calls after it fail.
 * </pre>
 */
public final class SharedFolderWriter implements AutoCloseable {
  /** How long a write intent stays valid beyond the request's own wait. */
  static final Duration INTENT_TTL = Duration.ofMinutes(10);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  /**
   * What a writer needs.
   *
   * @param origin what every version it writes records as its origin
   * @param stagingName the staging folder's name directly under the root (it must start with
   *     {@link SharedRoot#TEMP_PREFIX}), or null for a writer that stages nothing
   */
  public record Settings(SharedRoot root, Store store, Vault vault, ListenerCheck listener,
      TargetRules rules, boolean lockFiles, Origin origin, Clock clock, String stagingName) {
    public Settings {
      Objects.requireNonNull(root, "root");
      Objects.requireNonNull(store, "store");
      Objects.requireNonNull(vault, "vault");
      Objects.requireNonNull(listener, "listener");
      Objects.requireNonNull(rules, "rules");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(clock, "clock");
      if (stagingName != null && !stagingName.startsWith(SharedRoot.TEMP_PREFIX)) {
        throw new IllegalArgumentException("the staging folder's name must start with "
            + SharedRoot.TEMP_PREFIX);
      }
    }
  }

  private final Settings s;
  private final OpenedFolder rootFolder;
  private final OpenedFolder staging;
  private final RecordWaits waits;
  private final Placement placement;

  private SharedFolderWriter(Settings s, OpenedFolder rootFolder, OpenedFolder staging) {
    this.s = s;
    this.rootFolder = rootFolder;
    this.staging = staging;
    this.waits = new RecordWaits(s.root(), s.store(), s.clock());
    this.placement = new Placement(s.root(), rootFolder, staging, s.store(), s.vault(),
        s.origin());
  }

  /**
   * Opens the shared root (and the staging folder, created if missing and emptied of a crash's
   * leftovers).
   *
   * @throws IOException when the root cannot be opened, or the staging folder is not a folder
   */
  public static SharedFolderWriter open(Settings s) throws IOException {
    OpenedFolder root = OpenedFolder.root(s.root());
    OpenedFolder staging = null;
    try {
      if (s.stagingName() != null) {
        try {
          staging = root.child(s.stagingName(), true, root, s.root(), s.stagingName());
        } catch (BadPathException e) {
          throw new IOException("the staging folder " + s.stagingName() + " in the shared"
              + " folder cannot be used (" + e.getMessage() + "); remove it", e);
        }
        staging.clear();
      }
      return new SharedFolderWriter(s, root, staging);
    } catch (IOException | RuntimeException e) {
      if (staging != null) {
        staging.close();
      }
      root.close();
      throw e;
    }
  }

  /** The shared folder this writer writes into. */
  public SharedRoot root() {
    return s.root();
  }

  // ---- the guards, also callable on their own (a command checks before it computes more) ----

  /** Guard 1: throws {@link Reason#LISTENER_DOWN} unless a healthy listener runs. */
  public void requireListener(String what) {
    s.listener().require(what);
  }

  /**
   * Guard 2: the stored form of a target whose names are typed anew ({@link Naming#NEW});
   * {@link Reason#BAD_PATH} if refused.
   */
  public String target(String userPath) {
    return target(userPath, Naming.NEW);
  }

  /** Guard 2: the stored form of a target whose names come from {@code naming}. */
  public String target(String userPath, Naming naming) {
    try {
      return s.rules().check(userPath, naming);
    } catch (BadPathException e) {
      throw new WriteRefusedException(Reason.BAD_PATH, e.getMessage());
    }
  }

  /**
   * The naming of an operation's target: an upload's names are typed anew; a version's bytes
   * (a restore, a revert) and a removal go to paths the store recorded, or to a destination its
   * caller checked as it sees fit (the web as a new name).
   */
  static Naming naming(WriteOp op) {
    return op instanceof WriteOp.MakeFolder
        || op instanceof WriteOp.Put p && p.content() instanceof WriteOp.FromStaging
        ? Naming.NEW : Naming.RECORDED;
  }

  /** Guard 3: throws {@link Reason#LOCKED} when someone else holds the path's lock. */
  public void requireUnlocked(String path, String user) {
    if (!s.lockFiles()) {
      return;
    }
    Optional<Lock> lock = s.store().lock(path, s.clock().instant());
    if (lock.isPresent() && !lock.get().owner().equals(user)) {
      throw new WriteRefusedException(Reason.LOCKED, path + " is locked by "
          + lock.get().owner() + " until " + TIME.format(lock.get().expiry())
          + "; ask them to unlock it, or try after that");
    }
  }

  /**
   * Guard 2 for a move: a live record at {@code from}, and no live record at {@code to} (a move
   * never replaces a file; a deleted file's record there is detached by the RENAME the listener
   * records, FileVersions.record).
   */
  private void requireMovable(String from, String to) {
    if (s.store().file(from).filter(f -> !f.deleted()).isEmpty()) {
      throw new WriteRefusedException(Reason.BAD_PATH, "no file is recorded at '" + from
          + "' to move to '" + to + "'");
    }
    if (s.store().file(to).filter(f -> !f.deleted()).isPresent()) {
      throw new WriteRefusedException(Reason.BAD_PATH, "'" + from + "' cannot be moved to '"
          + to + "': another file is recorded there; remove it first");
    }
  }

  /** Guard 4: throws {@link Reason#CONTENT_MISSING} when a version's bytes are not kept. */
  public void requireContent(String hash, String label) {
    if (!s.vault().contains(hash)) {
      throw new WriteRefusedException(Reason.CONTENT_MISSING, "the bytes of " + label
          + " are not in the vault (removed by retention, or the vault is damaged): it cannot"
          + " be restored; 'revkeep verify' checks the vault");
    }
  }

  /** Guard 5: waits up to {@code max} until what stands at each path is recorded. */
  public void awaitRecorded(List<String> paths, Duration max) throws IOException {
    waits.untilStandingRecorded(paths, max);
  }

  // ---- staging -------------------------------------------------------------------------------

  /** Streams {@code in} (to its end) into a new file of the staging folder, hashed, fsynced. */
  public Staged stage(InputStream in) throws IOException {
    if (staging == null) {
      throw new IllegalStateException("this writer has no staging folder");
    }
    String name = UUID.randomUUID() + ".part";
    boolean ok = false;
    try (FileChannel ch = staging.createFile(name)) {
      Placement.Copied c = Placement.copy(in, ch);
      ok = true;
      return new Staged(name, c.hash(), c.size());
    } finally {
      if (!ok) {
        staging.delete(name);
      }
    }
  }

  /** Removes a staged file that no request moved into place (a no-op for one that was). */
  public void discard(Staged staged) {
    try {
      staging.delete(staged.name());
    } catch (IOException e) {
      // the staging folder is emptied at the next start
    }
  }

  // ---- the write -----------------------------------------------------------------------------

  /**
   * Runs a request: every guard for every operation first, then each operation in order, then
   * (when asked) the wait until the listener has recorded them all.
   *
   * @throws WriteRefusedException when a guard refuses (nothing was written), or a later step
   *     fails ({@link WriteRefusedException#partial()} then says some writes were made)
   * @throws IOException when the file system fails; the operation that failed left nothing
   */
  public WriteResult apply(WriteRequest r) throws IOException {
    requireListener(r.what());
    List<String> paths = new ArrayList<>(r.ops().size());
    List<String> sources = new ArrayList<>(r.ops().size()); // a move's from, else null
    Set<String> seen = new HashSet<>();
    for (WriteOp op : r.ops()) {
      String path = target(op.path(), naming(op));
      String from = op instanceof WriteOp.Move m ? target(m.from(), Naming.RECORDED) : null;
      for (String named : from == null ? List.of(path) : List.of(path, from)) {
        if (!seen.add(named)) {
          throw new WriteRefusedException(Reason.BAD_PATH, r.what() + " names '" + named
              + "' twice");
        }
      }
      paths.add(path);
      sources.add(from);
    }
    List<String> standing = new ArrayList<>(paths.size());
    for (int i = 0; i < paths.size(); i++) {
      if (!isFolderOp(r.ops().get(i))) {
        standing.add(paths.get(i)); // a folder is looked at as it is made or removed
      }
    }
    for (int i = 0; i < paths.size(); i++) {
      requireUnlocked(paths.get(i), r.user());
      if (sources.get(i) != null) {
        requireUnlocked(sources.get(i), r.user());
        requireMovable(sources.get(i), paths.get(i));
        standing.add(sources.get(i));
      }
      if (r.ops().get(i) instanceof WriteOp.Put p && p.content() instanceof WriteOp.FromVault v) {
        requireContent(v.hash(), v.label());
      }
    }
    waits.untilStandingRecorded(standing, r.awaitBefore());

    Instant expiry = s.clock().instant().plus(INTENT_TTL).plus(r.awaitAfter());
    List<RecordWaits.Expected> expected = new ArrayList<>();
    List<WriteResult.Done> done = new ArrayList<>();
    for (int i = 0; i < paths.size(); i++) {
      WriteOp op = r.ops().get(i);
      String path = paths.get(i);
      try {
        WriteResult.Done d = op instanceof WriteOp.Put p
            ? placement.put(path, p.content(), r.user(), r.changeSet(), expiry)
            : op instanceof WriteOp.Move
                ? placement.move(sources.get(i), path, r.user(), r.changeSet(), expiry)
                : op instanceof WriteOp.MakeFolder
                    ? placement.makeFolder(path)
                    : op instanceof WriteOp.RemoveFolder
                        ? placement.removeFolder(path)
                        : placement.remove(path, r.user(), r.changeSet(), expiry);
        // a folder is not recorded: expected as "no change" (no content before, none after)
        expected.add(isFolderOp(op) ? waits.expect(path, null, true)
            : waits.expect(path, d.hash(), d.removed()));
        done.add(d);
      } catch (BadPathException e) {
        throw refusedAt(Reason.BAD_PATH, e.getMessage(), i, r);
      } catch (WriteRefusedException e) {
        throw refusedAt(e.reason(), e.getMessage(), i, r);
      }
      if (r.progress() != null) {
        r.progress().done(i + 1, paths.size(), op);
      }
    }
    if (r.awaitAfter().isZero()) {
      return new WriteResult(r.changeSet(), done);
    }
    List<Integer> versions = waits.untilRecorded(expected, r.awaitAfter(), r.changeSet());
    List<WriteResult.Done> recorded = new ArrayList<>();
    for (int i = 0; i < done.size(); i++) {
      WriteResult.Done d = done.get(i);
      recorded.add(new WriteResult.Done(d.path(), d.hash(), d.size(), d.removed(),
          versions.get(i)));
    }
    return new WriteResult(r.changeSet(), recorded);
  }

  /** A folder's making or removal: nothing is recorded for it. */
  private static boolean isFolderOp(WriteOp op) {
    return op instanceof WriteOp.MakeFolder || op instanceof WriteOp.RemoveFolder;
  }

  private WriteRefusedException refusedAt(Reason reason, String message, int index,
      WriteRequest r) {
    if (index == 0) {
      return new WriteRefusedException(reason, message + "; nothing was written");
    }
    return new WriteRefusedException(reason, message + "; " + index + " of " + r.ops().size()
        + " files were written" + (r.changeSet() == null ? ""
            : " (change set " + r.changeSet() + ")"), true);
  }

  @Override
  public void close() throws IOException {
    try {
      if (staging != null) {
        staging.close();
      }
    } finally {
      rootFolder.close();
    }
  }
}
