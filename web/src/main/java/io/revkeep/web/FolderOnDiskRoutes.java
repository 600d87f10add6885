package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.web.api.FindBodies.FolderOnDiskAnswer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code GET /api/folder?dir=D}: {@code {dir, exists, folders}} — whether the folder stands in
 * the shared folder now and its sub-folders' names ({@link FolderOnDisk}). The listing page
 * says "no such folder" for a mistyped path and shows new empty folders, which the store, knowing
 * folders only by their files, does not list. Any role may read it, as the listing.
 *
 * <p>Jetty's request threads call it concurrently; it keeps no state.
 */
record FolderOnDiskRoutes(Path shared) {
  void register(RoutesConfig routes) {
    routes.get("/api/folder", this::folder);
  }

  private void folder(Context ctx) throws IOException {
    Auth.user(ctx);
    String dir = Params.dir(ctx);
    FolderOnDisk.Look look = FolderOnDisk.look(shared, dir);
    Json.ok(ctx, new FolderOnDiskAnswer(dir, look.exists(), look.folders()));
  }
}
