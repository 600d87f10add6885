package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.FileThen;
import io.revkeep.core.store.Store;
import io.revkeep.web.api.WhereaboutsBody;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/whereabouts?path=P}, for every logged-in user: what became of a path, so that
 * a link to a file renamed since can say where it went. A path with a record answers {@code live}
 * or {@code deleted}; a path without one is looked for in its folder's past (the store follows a
 * file's record across renames, {@code PointInTime.filesAtAndNow}): {@code moved} with
 * {@code moved_to}, {@code deleted} (moved and deleted since) or {@code unknown}. The search
 * tries the folder's {@link #INSTANTS} newest change times, each a listing of the folder then,
 * so its cost is bounded. Jetty's request threads call it concurrently; it keeps no state.
 */
record WhereaboutsRoutes(Store store) {
  /** How many past moments of the folder are looked at, newest first. */
  static final int INSTANTS = 20;

  void register(RoutesConfig routes) {
    routes.get("/api/whereabouts", this::whereabouts);
  }

  private void whereabouts(Context ctx) {
    Auth.user(ctx);
    String path = Params.path(ctx, "path");
    Optional<FileRecord> rec = store.file(path);
    if (rec.isPresent()) {
      Json.ok(ctx, new WhereaboutsBody(path, rec.get().deleted() ? "deleted" : "live", null));
      return;
    }
    int slash = path.lastIndexOf('/');
    String dir = slash < 0 ? "" : path.substring(0, slash);
    List<Instant> times = store.changeTimes(dir, INSTANTS);
    for (Instant t : times) {
      for (FileThen f : store.filesAtAndNow(dir, t)) {
        if (f.then().path().equals(path)) {
          String state = f.deletedSince() ? "deleted" : f.movedSince() ? "moved" : "live";
          Json.ok(ctx, new WhereaboutsBody(path, state, f.now().path()));
          return;
        }
      }
    }
    Json.ok(ctx, new WhereaboutsBody(path, "unknown", null));
  }
}
