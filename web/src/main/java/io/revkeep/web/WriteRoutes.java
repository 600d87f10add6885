package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.User;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.paths.BadPathException;
import io.revkeep.core.paths.SharedRoot;
import io.revkeep.core.restore.RestoreExecutor;
import io.revkeep.core.restore.RestorePlan;
import io.revkeep.core.restore.RestorePlanner;
import io.revkeep.core.store.Store;
import io.revkeep.core.time.TimeSpec;
import io.revkeep.core.vault.Vault;
import io.revkeep.core.write.TargetRules.Naming;
import io.revkeep.web.api.RestoreBodies.FolderRestoreAnswer;
import io.revkeep.web.api.RestoreBodies.FolderRestoreRequest;
import io.revkeep.web.api.RestoreBodies.RestoreAnswer;
import io.revkeep.web.api.RestoreBodies.RestoreRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The routes that write into the shared folder, for editors and admins, each only while a
 * listener records what they write: {@code POST /api/upload}
 * ({@link Uploads}), {@code POST /api/restore} (one version written back as a new one, through
 * {@link Writes}) and {@code POST /api/restore-folder} (a folder as it was, planned by core's
 * restore package). Every write goes through {@link Writes}, the web's side of core's one
 * writer into the shared folder.
 *
 * @param versions finds the version restored and opens its bytes
 * @param clock the time relative moments ("3h") count from
 * @param restores versions restored (single files and the steps of folder restores), for the
 *     metrics
 */
record WriteRoutes(Store store, Vault vault, Writes writes, Uploads uploads,
    StoredVersions versions, Clock clock, AtomicLong restores) {
  /*
   * Threads:    Jetty's request threads, any number at once; a folder restore runs (and waits
   *             for the listener, bounded by FOLDER_RESTORE_WAIT) on its request thread.
   * State:      the restore count (atomic, read by MetricsRoutes); everything else is in the
   *             store, the vault and the shared folder.
   * Invariants: nothing is written but through Writes (core's SharedFolderWriter), whose first
   *             guard is a running, healthy listener, so the listener records every write as a
   *             new version by the web user.
   * Shutdown:   nothing of its own: WebDaemon stops the server, which ends open requests.
   */
  private static final Logger LOG = LogManager.getLogger();
  /** How long a folder restore waits for the listener, before and after writing. */
  static final Duration FOLDER_RESTORE_WAIT = Duration.ofSeconds(60);

  void register(RoutesConfig routes) {
    routes.post("/api/upload", uploads::handle);
    routes.post("/api/restore", this::restore);
    routes.post("/api/restore-folder", this::restoreFolder);
  }

  /** {@code POST /api/restore {path, version[, to]}}: one version written as a new one. */
  private void restore(Context ctx) throws IOException {
    User user = Auth.requireEditor(ctx);
    RestoreRequest body = Json.body(ctx, RestoreRequest.class);
    String path;
    try {
      path = SharedRoot.normalize(Json.required(body.path(), "path"));
    } catch (BadPathException e) {
      throw new HttpError(400, e.getMessage());
    }
    if (body.version() == null) {
      throw new HttpError(400, "the field 'version' (a number) is required");
    }
    VersionRecord v = versions.find(path, Integer.toString(body.version()));
    writes.requireListener("the restored version");
    String to = Json.optional(body.to());
    String target = to == null ? writes.checkTarget(path, Naming.RECORDED, user.name())
        : writes.checkTarget(to, Naming.NEW, user.name()); // a name typed anew
    Optional<FileRecord> there = store.file(target).filter(r -> !r.deleted());
    if (there.isPresent() && v.hash().equals(there.get().hash())) {
      Json.ok(ctx, new RestoreAnswer(path, v.version(), target, true));
      return;
    }
    String changeSet = UUID.randomUUID().toString();
    writes.putVersion("the restore", target, v, user.name(), changeSet);
    restores.incrementAndGet();
    LOG.info("{} restored version {} of {} to {}", user.name(), v.version(), path, target);
    Json.ok(ctx, new RestoreAnswer(path, v.version(), target, false, changeSet));
  }

  /**
   * {@code POST /api/restore-folder {dir, at[, to][, exact][, dry_run]}}: a whole folder as it
   * was at a moment, through the shared folder (each file a new version of one change set). With
   * {@code dry_run} the plan only — what the page shows as the preview; the same planner then
   * runs, so the preview is what happens. Waits (bounded) until the listener has recorded every
   * file; the page shows progress from the live events meanwhile.
   */
  private void restoreFolder(Context ctx) throws IOException {
    User user = Auth.requireEditor(ctx);
    FolderRestoreRequest body = Json.body(ctx, FolderRestoreRequest.class);
    String dir;
    String to;
    try {
      dir = SharedRoot.normalizeDir(Json.optional(body.dir()));
      String t = Json.optional(body.to());
      to = t == null || t.isBlank() ? null : SharedRoot.normalizeNewDir(t); // typed anew
    } catch (BadPathException e) {
      throw new HttpError(400, e.getMessage());
    }
    String atText = Json.optional(body.at());
    if (atText == null || atText.isBlank()) {
      throw new HttpError(400, "the field 'at' (the moment to restore) is required");
    }
    Instant at;
    try {
      at = TimeSpec.parsePast(atText, clock, ZoneId.systemDefault());
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage());
    } catch (java.time.DateTimeException | ArithmeticException e) {
      throw new HttpError(400, "the field 'at' is not a moment revkeep reads: '" + atText + "'");
    }
    if (at.isBefore(Params.EARLIEST)) {
      throw new HttpError(400, "the field 'at' is out of range: a moment lies between the years"
          + " 1 and 9999");
    }
    boolean exact = Boolean.TRUE.equals(body.exact());
    boolean dryRun = Boolean.TRUE.equals(body.dryRun());
    if (store.filesAt(dir, at).isEmpty()) {
      throw new HttpError(404, "nothing was in " + (dir.isEmpty() ? "the shared folder"
          : "'" + dir + "'") + " at " + at + "; nothing was changed");
    }
    RestorePlan plan = new RestorePlanner(store, vault::contains).folderAt(dir, at, to, exact);
    FolderRestoreAnswer answer = FolderRestoreAnswer.planned(plan);
    if (dryRun || plan.changing().isEmpty()) {
      Json.ok(ctx, answer);
      return;
    }
    writes.requireListener("the restore");
    String changeSet = UUID.randomUUID().toString();
    RestoreExecutor.Result result = Writes.call(() -> new RestoreExecutor(writes.writer(),
        FOLDER_RESTORE_WAIT).execute(plan, user.name(), changeSet, null));
    restores.addAndGet(result.moved() + result.written() + result.removed());
    LOG.info("{} restored {} (change set {}): {} moved, {} written, {} removed", user.name(),
        plan.what(), changeSet, result.moved(), result.written(), result.removed());
    Json.ok(ctx, answer.ran(result));
  }
}
