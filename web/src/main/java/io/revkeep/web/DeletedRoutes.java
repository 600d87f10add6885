package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.model.FileRecord;
import io.revkeep.core.model.VersionRecord;
import io.revkeep.core.store.Store;
import io.revkeep.web.api.FindBodies.DeletedAnswer;
import io.revkeep.web.api.FindBodies.DeletedFile;
import io.revkeep.web.api.FindBodies.LastVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/deleted[?dir=D][&limit=N]}, for every logged-in user: the deleted files of the
 * shared folder (or under D), the most recently deleted first, each with who deleted it, the
 * change set that did (to undo) and its last version (to restore with {@code POST
 * /api/restore}). The store picks the newest {@code limit} ({@code deletedFiles}: SQLite in
 * one statement that returns only those rows); only those are read further.
 * Jetty's request threads call it concurrently; it keeps no state.
 */
record DeletedRoutes(Store store) {
  void register(RoutesConfig routes) {
    routes.get("/api/deleted", this::deleted);
  }

  private void deleted(Context ctx) {
    Auth.user(ctx);
    String dir = Params.dir(ctx);
    int limit = SearchRoutes.limit(ctx, SearchRoutes.DEFAULT_LIMIT, SearchRoutes.MAX_LIMIT);
    List<FileRecord> kept = store.deletedFiles(dir, limit + 1); // one more: truncated?
    boolean truncated = kept.size() > limit;
    if (truncated) {
      kept = kept.subList(0, limit);
    }
    List<DeletedFile> files = new ArrayList<>(kept.size());
    for (FileRecord r : kept) {
      VersionRecord tombstone = store.version(r.path(), r.version()).orElse(null);
      LastVersion last = r.version() < 2 ? null : store.version(r.path(), r.version() - 1)
          .filter(v -> v.hash() != null)
          .map(v -> new LastVersion(v.version(), v.hash(), v.size(), v.time(), v.user()))
          .orElse(null);
      files.add(new DeletedFile(r.name(), r.path(), r.lastModified(), r.lastModifiedUser(),
          tombstone == null ? null : tombstone.changeSet(), last));
    }
    Json.ok(ctx, new DeletedAnswer(dir, files, truncated));
  }
}
