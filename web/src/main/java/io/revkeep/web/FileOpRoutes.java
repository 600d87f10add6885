package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.User;
import io.revkeep.core.store.Store;
import io.revkeep.core.write.TargetRules.Naming;
import io.revkeep.core.write.WriteOp;
import io.revkeep.core.write.WriteResult;
import io.revkeep.web.api.FileOpBodies.Deleted;
import io.revkeep.web.api.FileOpBodies.FolderMade;
import io.revkeep.web.api.FileOpBodies.MoveRequest;
import io.revkeep.web.api.FileOpBodies.Moved;
import io.revkeep.web.api.FileOpBodies.PathRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The file operations of the web, for editors and admins, each one request of core's one
 * writer under a new change set, answered with it: {@code POST /api/mkdir} (a new empty folder,
 * {@link WriteOp.MakeFolder}), {@code POST /api/move} (a file renamed or moved,
 * {@link WriteOp.Move}: the listener records one RENAME by the web user, so the history follows
 * the file) and {@code POST /api/delete} (a file removed, {@link WriteOp.Remove}: its history
 * keeps every version, and undoing the change set recreates it). None waits for the listener;
 * its live events show the result.
 *
 * <p>What the store knows is looked at first, so that a refusal says what stands in the way
 * (409 for a name taken, 404 for no such file); the writer then runs every guard again.
 * Jetty's request threads call it concurrently; it keeps no state.
 */
record FileOpRoutes(Store store, Writes writes) {
  /*
   * Threads:    Jetty's request threads, any number at once; none waits for the listener.
   * State:      none; the store, the shared folder and the writer (thread-safe) hold it all.
   * Invariants: nothing is written but through Writes (core's SharedFolderWriter), whose guards
   *             run again after the looks here; the looks only read (the store, and the shared
   *             folder without following a link at the looked-at name).
   * Shutdown:   nothing of its own: WebDaemon stops the server, which ends open requests.
   */
  private static final Logger LOG = LogManager.getLogger();

  void register(RoutesConfig routes) {
    routes.post("/api/mkdir", this::mkdir);
    routes.post("/api/move", this::move);
    routes.post("/api/delete", this::delete);
  }

  /** {@code POST /api/mkdir {path}}: a new empty folder (and its missing parents). */
  private void mkdir(Context ctx) throws IOException {
    User user = Auth.requireEditor(ctx);
    String typed = Json.required(Json.body(ctx, PathRequest.class).path(), "path");
    writes.requireListener("the new folder");
    String path = writes.target(typed);
    String changeSet = UUID.randomUUID().toString();
    writes.apply("the new folder", List.of(new WriteOp.MakeFolder(path)), user.name(),
        changeSet);
    LOG.info("{} made the folder {} (change set {})", user.name(), path, changeSet);
    Json.ok(ctx, new FolderMade(path, changeSet));
  }

  /** {@code POST /api/move {from, to}}: a file to a path where nothing stands. */
  private void move(Context ctx) throws IOException {
    User user = Auth.requireEditor(ctx);
    MoveRequest body = Json.body(ctx, MoveRequest.class);
    String fromTyped = Json.required(body.from(), "from");
    String toTyped = Json.required(body.to(), "to");
    writes.requireListener("the move");
    String from = Writes.call(() -> writes.writer().target(fromTyped, Naming.RECORDED));
    String to = writes.target(toTyped); // a name typed anew
    if (from.equals(to)) {
      throw new HttpError(400, "'" + from + "' is already at that path; nothing was moved");
    }
    requireLiveFile(from, "moving");
    if (to.startsWith(from + "/")) {
      throw new HttpError(400, "'" + to + "' lies under the file '" + from + "'");
    }
    Optional<FileRecord> there = store.file(to);
    if (there.isPresent()) {
      throw new HttpError(409, there.get().deleted()
          ? "'" + to + "' is the name of a deleted file, whose history keeps it; choose another"
              + " name, or restore that file"
          : "'" + to + "' exists already; choose another name, nothing was moved");
    }
    if (Files.exists(writes.sharedRoot().resolve(to), LinkOption.NOFOLLOW_LINKS)) {
      // read only: what stands there (a new folder, an unrecorded file) is never replaced
      throw new HttpError(409, "something named '" + to + "' exists already (a folder, or a"
          + " file revkeep has not recorded yet); choose another name, nothing was moved");
    }
    writes.checkTarget(to, Naming.NEW, user.name());
    String changeSet = UUID.randomUUID().toString();
    writes.apply("the move", List.of(new WriteOp.Move(from, to)), user.name(), changeSet);
    LOG.info("{} moved {} to {} (change set {})", user.name(), from, to, changeSet);
    Json.ok(ctx, new Moved(from, to, changeSet));
  }

  /** {@code POST /api/delete {path}}: a file removed; its history stays. */
  private void delete(Context ctx) throws IOException {
    User user = Auth.requireEditor(ctx);
    String typed = Json.required(Json.body(ctx, PathRequest.class).path(), "path");
    writes.requireListener("the delete");
    String path = Writes.call(() -> writes.writer().target(typed, Naming.RECORDED));
    FileRecord file = requireLiveFile(path, "deleting");
    String changeSet = UUID.randomUUID().toString();
    WriteResult done = writes.apply("the delete", List.of(new WriteOp.Remove(path)),
        user.name(), changeSet);
    LOG.info("{} deleted {} (version {}, change set {})", user.name(), path, file.version(),
        done.changeSet());
    Json.ok(ctx, new Deleted(path, file.version(), changeSet));
  }

  /**
   * The live record at {@code path}: 400 for a folder (whole folders are not moved or deleted
   * here), 404 when no file is there.
   */
  private FileRecord requireLiveFile(String path, String doing) {
    Optional<FileRecord> live = store.file(path).filter(f -> !f.deleted());
    if (live.isPresent()) {
      return live.get();
    }
    if (Files.isDirectory(writes.sharedRoot().resolve(path), LinkOption.NOFOLLOW_LINKS)) {
      throw new HttpError(400, "'" + path + "' is a folder; " + doing + " a whole folder is not"
          + " offered yet: do it for each of its files");
    }
    throw new HttpError(404, "no file '" + path + "' is in the shared folder; nothing was"
        + " changed");
  }
}
