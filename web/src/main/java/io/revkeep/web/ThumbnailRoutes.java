package io.revkeep.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.revkeep.core.model.VersionRecord;
import java.io.IOException;

/**
 * {@code GET /api/thumbnail?path=P[&version=N]}: a small PNG of an image version (PNG, JPEG, GIF,
 * BMP), for every logged-in user (who may download the version may see its thumbnail). 404 for
 * a file that is not such an image (by its name, as downloads type it) and for what
 * {@link StoredVersions} does not find, 410 when the bytes are gone, 422 when the image gets no
 * thumbnail (too large, damaged). A numbered version never changes, so its thumbnail is cached by
 * the browser for a year; the newest (no {@code version}) is revalidated. Made once per content
 * by {@link ThumbnailCache}; at most {@link #PER_USER} made at once per user (429 beyond).
 * Jetty's request threads call it concurrently; its state is the limit's, which guards itself.
 */
record ThumbnailRoutes(StoredVersions versions, ThumbnailCache cache, PerUserLimit making) {
  /** The icon answered in place of a thumbnail that cannot be made ({@code or=icon}). */
  private static final String IMAGE_ICON = "file-earmark-image.svg";
  private static final IconRoutes ICONS = new IconRoutes();
  /** Versions larger than this are not read for a thumbnail (422). */
  static final long MAX_SOURCE_BYTES = 64L * 1024 * 1024;
  /** Thumbnails one user may have made at once. */
  static final int PER_USER = 2;

  ThumbnailRoutes(StoredVersions versions, ThumbnailCache cache) {
    this(versions, cache, new PerUserLimit(PER_USER, "thumbnails"));
  }

  void register(RoutesConfig routes) {
    routes.get("/api/thumbnail", this::thumbnail);
  }

  private void thumbnail(Context ctx) throws IOException {
    String user = Auth.user(ctx).name();
    String path = Params.path(ctx, "path");
    String name = path.substring(path.lastIndexOf('/') + 1);
    if (!ImageThumbnails.isImage(name)) {
      throw new HttpError(404, name + " is not an image revkeep makes thumbnails of (PNG, JPEG,"
          + " GIF, BMP)");
    }
    String versionParam = ctx.queryParam("version");
    VersionRecord v = versions.find(path, versionParam);
    boolean fixed = versionParam != null && !versionParam.isBlank();
    // ?or=icon (the listing): an image that gets no thumbnail is answered with the image icon,
    // not an error, so a page of images shows no failed loads
    boolean orIcon = "icon".equals(ctx.queryParam("or"));
    if (v.size() > MAX_SOURCE_BYTES) {
      refuse(ctx, orIcon, fixed, "version " + v.version() + " of " + path + " is too large for a"
          + " thumbnail");
      return;
    }
    ThumbnailCache.Entry e;
    try (PerUserLimit.Permit p = making.enter(user)) {
      e = cache.get(v.hash(), () -> versions.open(v));
    }
    if (!e.made()) {
      refuse(ctx, orIcon, fixed, "version " + v.version() + " of " + path + ": " + e.refusal());
      return;
    }
    ctx.header("Cache-Control", fixed ? "private, max-age=31536000, immutable" : "private, no-cache");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Revkeep-Version", Integer.toString(v.version()));
    ctx.contentType("image/png").result(e.png());
  }

  /** 422 with the reason; or, asked {@code or=icon}, the image icon in place of a thumbnail. */
  private static void refuse(Context ctx, boolean orIcon, boolean fixed, String why) {
    if (!orIcon) {
      throw new HttpError(422, why);
    }
    byte[] svg = ICONS.icon(IMAGE_ICON).orElseThrow(() -> new HttpError(422, why));
    ctx.header("Cache-Control", fixed ? "private, max-age=31536000, immutable" : "private, no-cache");
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("X-Revkeep-Thumbnail", "none");
    ctx.contentType("image/svg+xml").result(svg);
  }
}
