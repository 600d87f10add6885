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
import io.revkeep.web.api.FileOpBodies.FolderDeleted;
import io.revkeep.web.api.FileOpBodies.FolderMoved;
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
 * keeps every version, and undoing the change set recreates it). A move or delete of a folder
 * does so for every file revkeep records below it, in one request and one change set
 * ({@link FolderOps}), so one undo takes it all back. None waits for the listener; its live
 * events show the result.
 *
 * <p>What the store knows is looked at first, so that a refusal says what stands in the way
 * (409 for a name taken, 404 for no such file or folder, 400 for a folder moved into itself);
 * the writer then runs every guard again.
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

  /** {@code POST /api/move {from, to}}: a file or a whole folder to a path where nothing stands. */
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
    Source source = source(from, "moving");
    if (to.startsWith(from + "/")) {
      throw new HttpError(400, source.file() != null
          ? "'" + to + "' lies under the file '" + from + "'"
          : "a folder cannot be moved into itself ('" + to + "' is inside '" + from + "');"
              + " nothing was moved");
    }
    requireFree(to);
    String changeSet = UUID.randomUUID().toString();
    if (source.file() != null) {
      writes.checkTarget(to, Naming.NEW, user.name());
      writes.apply("the move", List.of(new WriteOp.Move(from, to)), user.name(), changeSet);
      LOG.info("{} moved {} to {} (change set {})", user.name(), from, to, changeSet);
      Json.ok(ctx, new Moved(from, to, changeSet));
      return;
    }
    FolderOps.Plan plan = FolderOps.move(source.live(), source.folders(), from, to);
    writes.apply("the move of the folder", plan.ops(), user.name(), changeSet);
    LOG.info("{} moved the folder {} to {} ({} files, change set {})", user.name(), from, to,
        plan.files(), changeSet);
    Json.ok(ctx, new FolderMoved(from, to, changeSet, true, plan.files()));
  }

  /**
   * Refuses (409) a target where something stands: a live file or a deleted file's record at
   * that path, a folder the store knows (live files below it), or anything on disk (looked at
   * without following a link at its name).
   */
  private void requireFree(String to) {
    Optional<FileRecord> there = store.file(to);
    if (there.isPresent()) {
      throw new HttpError(409, there.get().deleted()
          ? "'" + to + "' is the name of a deleted file, whose history keeps it; choose another"
              + " name, or restore that file"
          : "'" + to + "' exists already; choose another name, nothing was moved");
    }
    if (Files.exists(writes.sharedRoot().resolve(to), LinkOption.NOFOLLOW_LINKS)
        || !FolderOps.liveBelow(store, to).isEmpty()) {
      // read only: what stands there (a folder, an unrecorded file) is never replaced
      throw new HttpError(409, "something named '" + to + "' exists already (a folder, or a"
          + " file revkeep has not recorded yet); choose another name, nothing was moved");
    }
  }

  /** {@code POST /api/delete {path}}: a file, or every file of a folder, removed; histories stay. */
  private void delete(Context ctx) throws IOException {
    User user = Auth.requireEditor(ctx);
    String typed = Json.required(Json.body(ctx, PathRequest.class).path(), "path");
    writes.requireListener("the delete");
    String path = Writes.call(() -> writes.writer().target(typed, Naming.RECORDED));
    Source source = source(path, "deleting");
    String changeSet = UUID.randomUUID().toString();
    if (source.file() != null) {
      WriteResult done = writes.apply("the delete", List.of(new WriteOp.Remove(path)),
          user.name(), changeSet);
      LOG.info("{} deleted {} (version {}, change set {})", user.name(), path,
          source.file().version(), done.changeSet());
      Json.ok(ctx, new Deleted(path, source.file().version(), changeSet));
      return;
    }
    FolderOps.Plan plan = FolderOps.delete(source.live(), source.folders());
    writes.apply("the delete of the folder", plan.ops(), user.name(), changeSet);
    LOG.info("{} deleted the folder {} ({} files, change set {})", user.name(), path,
        plan.files(), changeSet);
    Json.ok(ctx, new FolderDeleted(path, changeSet, true, plan.files()));
  }

  /**
   * What stands at a move's or delete's source: a live file, or a folder (the live files the
   * store has below it, and its folders on disk, deepest first).
   *
   * @param file the live record, or null for a folder
   */
  private record Source(FileRecord file, List<FileRecord> live, List<String> folders) {}

  /** The source at {@code path}; 404 when neither a file nor a folder is there. */
  private Source source(String path, String doing) throws IOException {
    Optional<FileRecord> file = store.file(path).filter(f -> !f.deleted());
    if (file.isPresent()) {
      return new Source(file.get(), List.of(), List.of());
    }
    List<FileRecord> live = FolderOps.liveBelow(store, path);
    List<String> folders = FolderOps.foldersOnDisk(writes.sharedRoot(), path);
    if (live.isEmpty() && folders.isEmpty()) {
      throw new HttpError(404, "no file or folder '" + path + "' is in the shared folder;"
          + " nothing was changed");
    }
    return new Source(null, live, folders);
  }
}
