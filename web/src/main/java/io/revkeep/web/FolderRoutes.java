package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.FileThen;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.Store;
import io.revkeep.web.api.FolderBodies.ChangeTimes;
import io.revkeep.web.api.FolderBodies.Entry;
import io.revkeep.web.api.FolderBodies.Listing;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A folder now or as it was: {@code GET /api/files?dir=D[&deleted=true][&at=T]} lists it (its
 * files and sub-folders, see {@link FolderListing}), {@code GET /api/change-times?dir=D[&limit=N]}
 * says when something under it changed, so the page's slider can step through those moments.
 *
 * @param clock the time relative moments ("3h") count from
 */
record FolderRoutes(Store store, Clock clock) {
  void register(RoutesConfig routes) {
    routes.get("/api/files", this::files);
    routes.get("/api/change-times", this::changeTimes);
  }

  private void files(Context ctx) {
    String dir = Params.dir(ctx);
    boolean deleted = "true".equals(ctx.queryParam("deleted"));
    Instant at = Params.moment(ctx, "at", clock);
    FolderListing listing = new FolderListing(dir, at != null);
    if (at == null) {
      for (FileRecord r : store.files(dir, true, deleted)) {
        listing.add(r.path(), r.hash(), r.size(), r.lastModified(), r.lastModifiedUser(),
            r.version(), r.deleted(), false, null);
      }
    } else {
      // The folder as it was: each file's version then, with where that same file is now
      // (store.filesAtAndNow follows it across renames): deleted since, or moved to another
      // path. Deleted files are those that existed then, so ?deleted is moot.
      for (FileThen f : store.filesAtAndNow(dir, at)) {
        VersionRecord v = f.then();
        listing.add(v.path(), v.hash(), v.size(), v.time(), v.user(), v.version(), false,
            f.deletedSince(), f.movedSince() ? f.now().path() : null);
      }
    }
    List<Entry> entries = new ArrayList<>(listing.entries());
    if (!deleted) {
      entries.removeIf(Entry::deleted);
    }
    Json.ok(ctx, new Listing(dir, at, store.lastSeq(), entries));
  }

  /** When something under the folder changed, newest first (at most {@code limit}, 500). */
  private void changeTimes(Context ctx) {
    String dir = Params.dir(ctx);
    int limit = Params.integer(ctx, "limit", 500);
    if (limit < 1 || limit > 10_000) {
      throw new HttpError(400, "the parameter 'limit' must be between 1 and 10000");
    }
    Json.ok(ctx, new ChangeTimes(dir, store.changeTimes(dir, limit)));
  }
}
