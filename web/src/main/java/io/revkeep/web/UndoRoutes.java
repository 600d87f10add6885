package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.model.User;
import io.revkeep.core.restore.ChangeSetIds;
import io.revkeep.core.restore.RestoreExecutor;
import io.revkeep.core.restore.RestorePlan;
import io.revkeep.core.restore.RestorePlanner;
import io.revkeep.core.store.Store;
import io.revkeep.core.vault.Vault;
import io.revkeep.web.api.FileOpBodies.UndoRequest;
import io.revkeep.web.api.FileOpBodies.Undone;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * {@code POST /api/undo {change_set}}, for editors and admins: a change set (a restore, a folder
 * restore, a move, a delete, an upload…) taken back, as {@code revkeep revert --change-set}
 * does — the same id rules (the full id or a unique prefix of at least
 * {@value ChangeSetIds#MIN_PREFIX} characters, {@link ChangeSetIds}) and the same plan (core's
 * {@link RestorePlanner#undo}), run through the one writer under a new change set, with which
 * it answers. Waits, bounded, for the listener to record every step, on the request thread, as
 * a folder restore does. Jetty's request threads call it concurrently; its only state is the
 * restore count it adds to (atomic).
 *
 * @param restores versions restored, for the metrics (shared with {@link WriteRoutes})
 */
record UndoRoutes(Store store, Vault vault, Writes writes, AtomicLong restores) {
  /*
   * Threads:    Jetty's request threads, any number at once; an undo runs, and waits for the
   *             listener (bounded by WriteRoutes.FOLDER_RESTORE_WAIT), on its request thread.
   * State:      the shared restore count (atomic); the rest is in the store and shared folder.
   * Invariants: the plan is core's (RestorePlanner.undo), run through Writes' writer only, so
   *             the CLI's revert --change-set and this route do the same; the writer's guards
   *             check each step against what stands when it runs, not when it was planned.
   * Shutdown:   nothing of its own: WebDaemon stops the server, which ends open requests.
   */
  private static final Logger LOG = LogManager.getLogger();
  /** What a change-set id or prefix may hold. */
  private static final Pattern ID = Pattern.compile("[0-9a-fA-F-]{1,36}");

  void register(RoutesConfig routes) {
    routes.post("/api/undo", this::undo);
  }

  private void undo(Context ctx) throws IOException {
    User user = Auth.requireEditor(ctx);
    String typed = Json.required(Json.body(ctx, UndoRequest.class).changeSet(), "change_set")
        .strip();
    if (!ID.matcher(typed).matches()) {
      throw new HttpError(400, "the field 'change_set' is a change-set id or a prefix of one"
          + " (hex digits and '-')");
    }
    String id;
    try {
      id = ChangeSetIds.resolve(store, typed);
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage());
    }
    if (store.changeSet(id).isEmpty()) {
      throw new HttpError(404, "no change set '" + typed + "' is recorded (a new folder's"
          + " change set records nothing to undo)");
    }
    RestorePlan plan;
    try {
      plan = new RestorePlanner(store, vault::contains).undo(id);
    } catch (IllegalArgumentException e) {
      throw new HttpError(404, e.getMessage());
    }
    if (plan.changing().isEmpty()) {
      throw new HttpError(409, "change set " + ChangeSetIds.shortOf(id) + " has nothing left to"
          + " undo: every file it touched is as it was before, or changed since");
    }
    writes.requireListener("the undo");
    String changeSet = UUID.randomUUID().toString();
    RestoreExecutor.Result result = Writes.call(() -> new RestoreExecutor(writes.writer(),
        WriteRoutes.FOLDER_RESTORE_WAIT).execute(plan, user.name(), changeSet, null));
    restores.addAndGet(result.moved() + result.written() + result.removed());
    LOG.info("{} undid change set {} (change set {}): {} moved, {} written, {} removed",
        user.name(), id, changeSet, result.moved(), result.written(), result.removed());
    Json.ok(ctx, Undone.of(id, plan, result));
  }
}
