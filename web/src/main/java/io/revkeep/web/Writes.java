package io.revkeep.web;

import io.revkeep.core.model.Origin;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import io.revkeep.core.write.SharedFolderWriter;
import io.revkeep.core.write.Staged;
import io.revkeep.core.write.TargetRules;
import io.revkeep.core.write.TargetRules.Naming;
import io.revkeep.core.write.WriteOp;
import io.revkeep.core.write.WriteRefusedException;
import io.revkeep.core.write.WriteRequest;
import io.revkeep.core.write.WriteResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The web's side of the {@link SharedFolderWriter}, the one way into the shared folder: writes
 * as origin {@code web}, stages uploads in {@code <shared>/.revkeep-tmp-web-staging/} (the
 * listener ignores {@code .revkeep-tmp-} names; being under the shared root, it is on the same
 * file system, so the final rename is atomic), and answers every refusal with the HTTP status
 * that says what kind it is. A request that fails before its writes leaves nothing in the
 * shared folder. Thread-safe; closed by the {@link WebDaemon} that made it.
 */
final class Writes implements AutoCloseable {
  /** The staging folder's name, directly under the shared root. */
  static final String STAGING = SharedRoot.TEMP_PREFIX + "web-staging";

  private final SharedFolderWriter writer;
  private final ListenerWait listener;

  /**
   * @param listenerWait how writes wait for a listener still starting ({@link ListenerWait})
   */
  Writes(SharedRoot root, Store store, Vault vault, boolean lockFiles, List<String> ignoreGlobs,
      List<Path> ownFolders, Path dataDir, Clock clock, ListenerWait.Tuning listenerWait)
      throws IOException {
    this.listener = new ListenerWait(dataDir, clock, listenerWait, System::nanoTime);
    this.writer = SharedFolderWriter.open(new SharedFolderWriter.Settings(root, store, vault,
        listener, new TargetRules(root, ignoreGlobs, ownFolders), lockFiles, Origin.WEB, clock,
        STAGING));
  }

  /** The shared folder. */
  Path sharedRoot() {
    return writer.root().path();
  }

  /** The writer, for folder restores. */
  SharedFolderWriter writer() {
    return writer;
  }

  /**
   * Throws 503 unless a healthy listener would record {@code what}; while the listener is still
   * starting, waits for it first (bounded, {@link ListenerWait}).
   */
  void requireListener(String what) {
    try {
      listener.require(what);
    } catch (WriteRefusedException e) {
      throw new HttpError(status(e), e.getMessage());
    }
  }

  /**
   * Before a body is received: throws 503 unless the listener is healthy or still starting (a
   * starting one is waited for when the write is committed, once the body is in).
   */
  void requireListenerSoon(String what) {
    try {
      listener.requireReadyOrStarting(what);
    } catch (WriteRefusedException e) {
      throw new HttpError(status(e), e.getMessage());
    }
  }

  /** Streams {@code in} (to its end) into a new staged file, hashing it; fsyncs it. */
  Staged stage(InputStream in) throws IOException {
    return writer.stage(in);
  }

  void discard(Staged s) {
    writer.discard(s);
  }

  /**
   * The stored form of an upload's target, if revkeep may write there (400 if not): its names
   * are new ones ({@link Naming#NEW}).
   */
  String target(String userPath) throws IOException {
    return call(() -> writer.target(userPath, Naming.NEW));
  }

  /**
   * Checks that {@code user} may write a new version at this path now: a path revkeep versions
   * (a recorded one as it is, a typed one by the policy for new names), no one else's lock,
   * nothing unrecorded standing there.
   *
   * @return the stored form of the path
   * @throws HttpError 400 for a bad path, 409 for a lock or unrecorded changes
   */
  String checkTarget(String userPath, Naming naming, String user) throws IOException {
    return call(() -> {
      String path = writer.target(userPath, naming);
      writer.requireUnlocked(path, user);
      writer.awaitRecorded(List.of(path), Duration.ZERO);
      return path;
    });
  }

  /**
   * Moves staged files into place as one change set for {@code user}: every guard runs for every
   * path first (a refusal moves nothing); none waits for the listener, whose live events show
   * the result.
   */
  WriteResult commit(String what, List<String> paths, List<Staged> staged, String user,
      String changeSet) throws IOException {
    List<WriteOp> ops = new java.util.ArrayList<>(paths.size());
    for (int i = 0; i < paths.size(); i++) {
      ops.add(new WriteOp.Put(paths.get(i), new WriteOp.FromStaging(staged.get(i))));
    }
    return call(() -> writer.apply(new WriteRequest(what, user, changeSet, ops, Duration.ZERO,
        Duration.ZERO, null)));
  }

  /**
   * Writes the bytes of a recorded version at {@code target} for {@code user} (every guard runs
   * again; the bytes are checked against the version's hash as they are copied).
   */
  WriteResult putVersion(String what, String target, VersionRecord v, String user,
      String changeSet) throws IOException {
    WriteOp op = new WriteOp.Put(target, new WriteOp.FromVault(v.hash(),
        "version " + v.version() + " of " + v.path()));
    return call(() -> writer.apply(new WriteRequest(what, user, changeSet, List.of(op),
        Duration.ZERO, Duration.ZERO, null)));
  }

  /**
   * Runs operations (a new folder, a move, a removal) as one change set for {@code user}: every
   * guard for every operation first (a refusal changes nothing); none waits for the listener,
   * whose live events show the result.
   */
  WriteResult apply(String what, List<WriteOp> ops, String user, String changeSet)
      throws IOException {
    return call(() -> writer.apply(new WriteRequest(what, user, changeSet, ops, Duration.ZERO,
        Duration.ZERO, null)));
  }

  /** Runs a writer call, answering its refusal with the status that says what kind it is. */
  static <T> T call(WriterCall<T> c) throws IOException {
    try {
      return c.run();
    } catch (WriteRefusedException e) {
      throw new HttpError(status(e), e.getMessage());
    }
  }

  /** The HTTP status of a refusal. */
  static int status(WriteRefusedException e) {
    return switch (e.reason()) {
      case LISTENER_DOWN -> 503;
      case BAD_PATH -> 400;
      case LOCKED, EXISTS, UNRECORDED -> 409;
      case CONTENT_MISSING -> 410;
      case DAMAGED -> 500;
      case NOT_RECORDED, INTERRUPTED -> 504;
    };
  }

  /** A call into the writer. */
  @FunctionalInterface
  interface WriterCall<T> {
    T run() throws IOException;
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }
}
